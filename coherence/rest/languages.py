"""The API's language: English, French or Spanish, for the labels (choices' labels, the
names of reference records) and the translated fields of records (titles, summaries...).

The API is not under `i18n_patterns`, so its language is chosen per request:
`?lang=en|fr|es` first, then the `Accept-Language` header (Django's negotiation), else
English. An unsupported `lang` is a 400 naming it. The response says its language in
`Content-Language` and varies on `Accept-Language`; the shared response cache keys on the
active language (`coherence.response_cache.key`), so a French body never answers an
English request.

A translated field falls back to English where its translation is missing
(`MODELTRANSLATION_FALLBACK_LANGUAGES`); every representation with translated fields has a
`languages` object saying which language each of them is in: `{"title": "fr",
"summary": "en"}`.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from modeltranslation.utils import build_localized_fieldname
from rest_framework import serializers

from coherence.models.base import translated_fields
from coherence.problems import problem_response

from .errors import INVALID

PARAMETER = "lang"
API_PREFIX = "/api/"
DEFAULT = "en"


def supported() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def current() -> str:
    """The active language, as one of `supported()` (English outside a request)."""
    language = translation.get_language() or DEFAULT
    language = language.split("-")[0].lower()
    return language if language in supported() else DEFAULT


def from_accept_language(header: str) -> str | None:
    """The first supported language of an `Accept-Language` header, by its weights
    (`fr-CA` is French; `*` and unknown languages are skipped)."""
    for language, _quality in translation.trans_real.parse_accept_lang_header(header):
        if language == "*":
            continue
        try:
            return translation.get_supported_language_variant(language)
        except LookupError:
            continue
    return None


def chosen(request) -> tuple[str | None, str | None]:
    """The request's language, or None and the reason a `lang` value is refused."""
    if PARAMETER in request.GET:
        value = request.GET.get(PARAMETER, "")
        if value.lower() in supported():
            return value.lower(), None
        allowed = ", ".join(supported())
        return None, f"Unsupported language: {value!r}. Choose one of: {allowed}."
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    return from_accept_language(header) or DEFAULT, None


class ApiLanguageMiddleware:
    """Activates the API's language for paths under `/api/` (placed after
    `LocaleMiddleware`, which activates English for paths without a language prefix), and
    says it in `Content-Language`, with `Vary: Accept-Language`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language, refused = chosen(request)
        if refused is not None:
            response = problem_response(request, 400, INVALID, errors={PARAMETER: [refused]})
            language = DEFAULT
        else:
            translation.activate(language)
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response


# Which language each translated field is in ----------------------------------------------


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


# OpenAPI: the parameter and headers of every operation -----------------------------------

LANG_PARAMETER = {
    "in": "query",
    "name": PARAMETER,
    "required": False,
    "schema": {"type": "string", "enum": ["en", "fr", "es"]},
    "description": "The language of labels, reference names and translated fields (titles, "
    "summaries...): English, French or Spanish. It wins over `Accept-Language`; any other "
    "value is a 400. A field with no translation is in English, as `languages` says.",
}
ACCEPT_LANGUAGE_PARAMETER = {
    "in": "header",
    "name": "Accept-Language",
    "required": False,
    "schema": {"type": "string"},
    "description": "The preferred languages (`fr-FR, fr;q=0.9, en;q=0.5`), used when `lang` "
    "is not given: the first of en, fr, es it names, else English.",
}
CONTENT_LANGUAGE_HEADER = {
    "Content-Language": {
        "schema": {"type": "string", "enum": ["en", "fr", "es"]},
        "description": "The language of the answer's labels and translated fields.",
    }
}
