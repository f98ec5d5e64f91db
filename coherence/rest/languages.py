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

from django.utils import translation
from django.utils.cache import patch_vary_headers

from coherence.problems import problem_response

from ..translated import DEFAULT, supported
from .errors import INVALID

PARAMETER = "lang"
API_PREFIX = "/api/"


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
