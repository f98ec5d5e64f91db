"""The query language users type, parsed once and compiled for each database.

The syntax is the one of web search engines and of PostgreSQL's `websearch_to_tsquery`
(see `docs/search.md`):

- words: every word must match (``diaspora remittances``);
- ``"exact phrase"``: the words in this order;
- ``OR`` (any case) between words or phrases: either may match. ``OR`` binds the words
  next to it, as on web search engines: ``bonds remittances OR transfers`` is
  ``bonds AND (remittances OR transfers)``;
- ``-word`` or ``-"a phrase"``: records containing it are left out.

Case and accents are ignored and words are stemmed by the databases themselves. English
stop words ("the", "of") are dropped, so a query of stop words only is empty.

A query has a language, the active one when it is parsed (`translation.get_language()`):
a French or Spanish query searches the records' text in that language (and their English
text too), and drops that language's stop words as well ("de", "la"). Parsing never
fails on odd input (unbalanced quotes, lone operators, control characters, other scripts):
what cannot be searched for is dropped. It fails only on a query that is too long.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils import translation

from .stopwords import STOP_WORDS_BY_LANGUAGE

MAX_QUERY_LENGTH = 500

# A word, as both databases' tokenizers split text: a run of letters and digits.
WORD = re.compile(r"[^\W_]+")

# The languages a query may be in: the content's (django-modeltranslation's) languages.
LANGUAGES = ("en", "fr", "es")


def active_language() -> str:
    """The language searches are in: the active language ("fr" for "fr-ca"), English
    when it is none of `LANGUAGES`."""
    code = (translation.get_language() or "en").lower().split("-")[0]
    return code if code in LANGUAGES else "en"


class SearchQueryError(ValueError):
    """A query that cannot be run. `str(error)` is a plain-language message for users."""


@dataclass(frozen=True)
class Term:
    """A word or an exact phrase, as the user typed it (control characters removed)."""

    text: str
    phrase: bool = False

    def __str__(self) -> str:
        return f'"{self.text}"' if self.phrase else self.text


@dataclass(frozen=True)
class Query:
    """A parsed query: every group must match (a group matches when any of its terms
    does), and no excluded term may."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    language: str = "en"
    """The language searched: "en", "fr" or "es" (`LANGUAGES`)."""

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable remains (no words, or only stop words or
        exclusions): such a query matches nothing."""
        return not self.groups

    def __str__(self) -> str:
        """The query in canonical form, e.g. ``diaspora ("bonds" OR remittances) -Europe``."""
        parts = [
            " OR ".join(map(str, group)) if len(group) == 1 else f"({' OR '.join(map(str, group))})"
            for group in self.groups
        ]
        parts += [f"-{term}" for term in self.excluded]
        return " ".join(parts)


def _clean(text: str) -> str:
    """`text` with control, format, private-use and unassigned characters (NUL bytes,
    zero-width spaces, ...) turned into spaces."""
    return "".join(
        " " if unicodedata.category(char)[0] == "C" else char
        for char in unicodedata.normalize("NFC", text)
    )


def fold(word: str) -> str:
    """Lower case, without accents: how the index and the stop word lists compare words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def is_searchable(term: Term, language: str = "en") -> bool:
    """Whether `term` has at least one word that is not a stop word (of English, and of
    `language`)."""
    stop_words = STOP_WORDS_BY_LANGUAGE[language]
    return any(fold(word) not in stop_words for word in WORD.findall(term.text))


_OR = object()


def _tokens(text: str):
    """Yield `_OR` and `(excluded, Term)` pairs, reading `text` left to right."""
    i, length = 0, len(text)
    while i < length:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        excluded = False
        if char == "-":
            while i < length and text[i] == "-":
                i += 1
            if i == length or text[i].isspace():
                continue  # a lone minus
            excluded = True
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = length if end == -1 else end  # an unclosed quote runs to the end
            phrase = " ".join(text[i + 1 : end].split())
            i = end + 1
            if phrase:
                yield excluded, Term(phrase, phrase=True)
            continue
        start = i
        while i < length and not text[i].isspace() and text[i] != '"':
            i += 1
        word = text[start:i]
        if word.casefold() == "or" and not excluded:
            yield _OR
        else:
            yield excluded, Term(word)


def parse_query(text: str | None, language: str | None = None) -> Query:
    """Parse what a user typed, in `language` (by default the active one,
    `active_language()`). Raises SearchQueryError when the query is too long; anything
    else gives a Query, empty when nothing searchable remains."""
    language = language if language in LANGUAGES else active_language()
    text = "" if text is None else str(text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(
            f"Your search is {len(text)} characters long; searches are limited to "
            f"{MAX_QUERY_LENGTH} characters. Please shorten it."
        )
    text = " ".join(_clean(text).split())

    # Terms joined by OR form a group. A minus inside such a group is ignored, since
    # "this OR not that" cannot be searched for.
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    items = list(_tokens(text))
    group_open = or_pending = False
    for index, item in enumerate(items):
        if item is _OR:
            or_pending = group_open
            continue
        minus, term = item
        if not is_searchable(term, language):
            continue  # "a OR the OR b" is "a OR b"
        if or_pending:
            groups[-1].append(term)
        elif minus and not (index + 1 < len(items) and items[index + 1] is _OR):
            excluded.append(term)
            group_open = False
        else:
            groups.append([term])
            group_open = True
        or_pending = False
    return Query(
        text=text,
        groups=tuple(tuple(dict.fromkeys(group)) for group in dict.fromkeys(map(tuple, groups))),
        excluded=tuple(dict.fromkeys(excluded)),
        language=language,
    )
