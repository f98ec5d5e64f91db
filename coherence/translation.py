"""The fields of coherence's records that exist in English, French and Spanish
(django-modeltranslation adds `<field>_en`, `<field>_fr`, `<field>_es`)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    Event,
    GcmObjective,
    GcmPrinciple,
    Institution,
    PolicyTool,
    Region,
    SdgTarget,
    Session,
    Theme,
)


@register(CoherenceLevel)
class CoherenceLevelTranslation(TranslationOptions):
    fields = ("name", "definition")


@register(CoherenceElement)
class CoherenceElementTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(GcmObjective)
class GcmObjectiveTranslation(TranslationOptions):
    fields = ("title", "short_title")


@register(GcmPrinciple)
class GcmPrincipleTranslation(TranslationOptions):
    fields = ("title",)


@register(SdgTarget)
class SdgTargetTranslation(TranslationOptions):
    fields = ("title", "short_title")


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(PolicyTool)
class PolicyToolTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title",)
