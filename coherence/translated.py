"""Which language a record's text is in.

Whether a record's text, as a page in the active language shows it, is English: the
record has no translation of the field, or the field is never translated (a paper's
title, an event's date as the paper gives it). Pages mark such text `lang="en"`."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname
from rest_framework import serializers

from .models.base import translated_fields

DEFAULT = "en"


def is_english(obj, field: str) -> bool:
    """Whether `obj.<field>`, as the page shows it, is the English text (on a page in
    another language, for a record that has no translation of the field)."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not isinstance(obj, models.Model):
        return False
    try:
        obj._meta.get_field(f"{field}_{language}")
    except Exception:
        return True
    return not getattr(obj, f"{field}_{language}", None)


def supported() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def current() -> str:
    """The active language, as one of `supported()` (English outside a request)."""
    language = translation.get_language() or DEFAULT
    language = language.split("-")[0].lower()
    return language if language in supported() else DEFAULT


# Which language each translated field is in (the API) ----------------------------------------------


def language_of(value_in_language, language: str) -> str:
    """The language a translated field is shown in: the active one where its text exists,
    else English (the fallback)."""
    return language if language == DEFAULT or value_in_language else DEFAULT


def localized(field: str, language: str | None = None) -> str:
    """The column of a translated field in a language (`title_fr`)."""
    return build_localized_fieldname(field, language or current())


class LanguagesField(serializers.Field):
    """`languages`: for each translated field of the representation, the language its
    text is in (`en`, `fr` or `es`): the requested one, or English where the record has
    no translation."""

    def __init__(self, fields: tuple[str, ...], **kwargs):
        self.translated = tuple(fields)
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        language = current()
        return {
            name: language_of(getattr(instance, localized(name, language), ""), language)
            for name in self.translated
        }


LANGUAGES_HELP = (
    "The language each translated field is in: the requested one (`lang`, else "
    "`Accept-Language`), or `en` where the record has no translation of that field."
)


class LanguagesMixin:
    """A ModelSerializer whose representation has the model's translated fields gets a
    `languages` object, last, naming the language of each."""

    def get_fields(self):
        fields = super().get_fields()
        translatable = set(translated_fields(self.Meta.model))
        shown = tuple(
            name
            for name, field in fields.items()
            if not field.write_only and (field.source or name) in translatable
        )
        if shown and "languages" not in fields:
            fields["languages"] = LanguagesField(shown, help_text=LANGUAGES_HELP)
        return fields


def languages_schema(names) -> dict:
    return {
        "type": "object",
        "description": LANGUAGES_HELP,
        "properties": {name: {"type": "string", "enum": list(supported())} for name in names},
        "required": list(names),
        "readOnly": True,
    }
