"""The fields of practices' records that exist in English, French and Spanish
(django-modeltranslation adds `<field>_en`, `<field>_fr`, `<field>_es`)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Challenge, Practice, Recommendation


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = ("title", "summary")
