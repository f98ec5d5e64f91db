"""The site's languages on its pages (docs/decisions/0017-languages.md).

English pages keep their addresses (`/practices/`); French and Spanish pages carry their
language first (`/fr/practices/`, `/es/practices/`), so that every page in every language
is stable and bookmarkable. On a first visit (no language chosen yet) a page's English
address answers with a redirect to the language the browser prefers, if the site has it.
The switcher's links (`/i18n/<lang>/?next=…`) remember the choice in a cookie and lead to
the same page, with its filters, in the other language; `hreflang` alternates name the
page's address in each language.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import navigation
from .translated import supported

CODES = supported()
# Each language's name in itself, as a switcher shows it.
NATIVE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
# Addresses outside the translated pages: never redirected to a language.
UNTRANSLATED_PREFIXES = ("/api/", "/static/", "/healthz", "/i18n/", "/media/")


def page_in(path: str, language: str) -> str:
    """The address of the page at `path` (query string kept) in `language`."""
    # The path is resolved in its own language (translate_url resolves in the active one).
    with translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE):
        return translate_url(path, language)


def alternates(request) -> list[dict]:
    """The current page in every language: code, native name, address, current or not,
    and the switcher's address that leads there."""
    path = request.get_full_path()
    current = translation.get_language()
    switches = navigation.urls()["switch"]
    return [
        {
            "code": code,
            "name": NATIVE_NAMES.get(code, code),
            "url": page_in(path, code),
            "current": code == current,
            "switch": switches[code],
        }
        for code in CODES
    ]


def context(request):
    """Template context: the page in each language (for hreflang and the switcher)."""
    if request.path.startswith(UNTRANSLATED_PREFIXES) or getattr(
        request, "untranslated_page", False
    ):
        return {}
    return {"page_languages": alternates(request)}


def switch(request, language):
    """Remember the reader's language and show them the page they were on in it."""
    if language not in CODES:
        return HttpResponseBadRequest(
            _("“%(language)s” is not a language of this site (%(languages)s).")
            % {"language": language, "languages": ", ".join(CODES)}
        )
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(page_in(target, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


class FirstVisitLanguageMiddleware:
    """On a first visit to an English page (no language chosen, no prefix in the address),
    redirect to the page in the language the browser asks for, if it is French or Spanish.
    After django's LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self.redirect_for(request)
        if redirect is not None:
            return redirect
        response = self.get_response(request)
        if self.applies(request):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def applies(request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.path_info.startswith(UNTRANSLATED_PREFIXES)
            and translation.get_language_from_path(request.path_info) is None
        )

    def redirect_for(self, request):
        if not self.applies(request) or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            return None
        if not request.headers.get("Accept-Language"):
            return None
        preferred = translation.get_language_from_request(request, check_path=False)
        if preferred == settings.LANGUAGE_CODE or preferred not in CODES:
            return None
        target = page_in(request.get_full_path(), preferred)
        if target == request.get_full_path():
            return None  # not a translated page (an unknown address: its 404 stays)
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
