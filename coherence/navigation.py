"""The addresses every page's header and footer link to (`templates/base.html`), and the
addresses of records by slug in lists: reversed once per language (and URLconf and script
prefix) in a process, not a score of `{% url %}` tags on every page (about a fifth of an
empty page's rendering) and a `reverse()` per item of a list.
"""

import re

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
_patterns: dict[tuple, str] = {}
# What a slug is made of (`<slug:...>`): reversed as it is, never quoted.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "__slug__"


def _key() -> tuple:
    return (get_language(), settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


def slug_address(pattern: str, slug: str) -> str:
    """`reverse(pattern, kwargs={"slug": slug})`, the pattern reversed once per language
    (and URLconf and script prefix) and the slug put in its place: a list's every item
    links its record."""
    if not SLUG.fullmatch(slug):
        return reverse(pattern, kwargs={"slug": slug})
    key = (pattern, *_key())
    template = _patterns.get(key)
    if template is None:
        template = _patterns[key] = reverse(pattern, kwargs={"slug": PLACEHOLDER})
    return template.replace(PLACEHOLDER, slug, 1)


def urls() -> dict:
    """{name: address} of `PAGES` in the active language, and `switch`: {language code:
    the language switcher's address}."""
    key = _key()
    found = _reversed.get(key)
    if found is None:
        found = {name: reverse(pattern) for name, pattern in PAGES.items()}
        found["switch"] = {code: reverse("language-switch", args=[code]) for code in supported()}
        _reversed[key] = found
    return found


def context(request):
    """Template context: the layout's addresses (`site_urls`)."""
    return {"site_urls": urls()}
