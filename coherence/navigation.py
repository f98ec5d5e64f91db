"""The addresses every page's header and footer link to (`templates/base.html`): reversed
once per language (and URLconf and script prefix) in a process, not a score of `{% url %}`
tags on every page (about a fifth of an empty page's rendering).
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from .translated import supported

# The names the layout uses, by the URL patterns they reverse.
PAGES = {
    "home": "coherence:home",
    "search": "coherence:search",
    "profile": "accounts:profile",
    "practices": "practices:list",
    "countries": "coherence:country-list",
    "institutions": "coherence:institution-list",
    "tools": "coherence:tool-list",
    "levels": "coherence:level-list",
    "themes": "coherence:theme-list",
    "recommendations": "practices:recommendation-list",
    "challenges": "practices:challenge-list",
    "glossary": "practices:glossary",
    "sources": "coherence:source-list",
    "events": "practices:event-list",
    "contribute": "contributions:start",
    "about": "coherence:about",
    "gcm": "coherence:gcm-index",
    "api_docs": "api-docs",
}

_reversed: dict[tuple, dict] = {}


def urls() -> dict:
    """{name: address} of `PAGES` in the active language, and `switch`: {language code:
    the language switcher's address}."""
    key = (get_language(), settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    found = _reversed.get(key)
    if found is None:
        found = {name: reverse(pattern) for name, pattern in PAGES.items()}
        found["switch"] = {code: reverse("language-switch", args=[code]) for code in supported()}
        _reversed[key] = found
    return found


def context(request):
    """Template context: the layout's addresses (`site_urls`)."""
    return {"site_urls": urls()}
