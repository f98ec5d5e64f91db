"""Safe highlighted snippets.

The databases mark the matched words with two private-use characters, which indexed
text never contains (`clean_text` removes them). The snippet is then HTML-escaped and
only after that are the markers turned into `<mark>` tags, so text in the data can never
inject markup.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START = "\ue000"
STOP = "\ue001"
ELLIPSIS = "…"
EXCERPT_WORDS = 30

_REMOVED = str.maketrans({START: None, STOP: None, "\x00": None})


def clean_text(text: str) -> str:
    """`text` as it may be indexed: without the match markers or NUL characters."""
    return (text or "").translate(_REMOVED)


def has_match(raw: str | None) -> bool:
    return bool(raw) and START in raw


_QUOTES = str.maketrans({'"': "&quot;", "'": "&#x27;"})


def render(raw: str, *, escaped: bool = False) -> SafeString:
    """A snippet from the database, escaped, with its match markers as `<mark>` tags.
    `escaped`: the database has already written `&`, `<` and `>` as entities (only the
    quotes are left to escape)."""
    text = " ".join(raw.split())
    html = text.translate(_QUOTES) if escaped else escape(text)
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))


def excerpt(text: str, words: int = EXCERPT_WORDS) -> SafeString:
    """The first `words` words of `text`, escaped, for a record none of whose text matched."""
    parts = clean_text(text).split()
    shown = " ".join(parts[:words]) + (f" {ELLIPSIS}" if len(parts) > words else "")
    return mark_safe(escape(shown))
