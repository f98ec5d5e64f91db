"""The fields of practices' records that exist in English, French and Spanish
(django-modeltranslation adds `<field>_en`, `<field>_fr`, `<field>_es`)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Challenge, Definition, Practice, Question, QuestionResult, Recommendation


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Definition)
class DefinitionTranslation(TranslationOptions):
    fields = ("term", "definition")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(QuestionResult)
class QuestionResultTranslation(TranslationOptions):
    fields = ("label",)
