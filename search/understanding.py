"""What a search is understood to mean (issue 24): the query typed, expanded with the
thesaurus (`search.thesaurus`); when it finds nothing, its misspelt words corrected
(`search.spelling`) and, when that finds nothing either, the words that match nothing
dropped ("never an empty page when something is close").

`interpret()` parses and expands, without reading the index. `rescue()` is for a query
that found nothing: given a test of whether a query finds something (`has_matches`), it
returns what to search instead, or None. `exact` (the pages' and the API's `exact=1`)
turns corrections and dropped words off; the thesaurus still applies.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db import DEFAULT_DB_ALIAS

from . import spelling, thesaurus
from .query import Query, Term, parse_query

_WORD = re.compile(r"[^\W_]+")
# A query of more words than this is not searched again without each one in turn.
MAX_DROP_TRIES = 6


@dataclass(frozen=True)
class Understood:
    """A query as searched. `typed`: as typed (parsed); `query`: what is searched;
    `corrected`: the text typed with its misspelt words corrected (None when none was);
    `corrections`: (word typed, correction) pairs; `expansions`: the thesaurus's
    additions; `dropped`: the words or phrases left out because nothing matched them."""

    typed: Query
    query: Query
    corrected: str | None = None
    corrections: tuple[tuple[str, str], ...] = ()
    expansions: tuple[thesaurus.Expansion, ...] = ()
    dropped: tuple[str, ...] = ()
    exact: bool = False
    unknown: tuple[str, ...] = ()
    """The words typed that no record contains (not even the thesaurus knows them):
    a search that finds something may still have misspelt them."""

    @property
    def text(self) -> str:
        """The text typed."""
        return self.typed.text

    def as_dict(self) -> dict:
        """What the API reports."""
        return {
            "corrected_query": self.corrected,
            "corrections": [{"typed": a, "corrected": b} for a, b in self.corrections],
            "expanded": [
                {
                    "typed": e.typed,
                    "alternatives": list(e.alternatives),
                    "languages": [language for _text, language in e.labelled()],
                }
                for e in self.expansions
            ],
            "dropped": list(self.dropped),
        }


def interpret(
    text: str | Query, *, exact: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Understood:
    """The query typed and expanded with the thesaurus. Raises SearchQueryError (too
    long)."""
    typed = text if isinstance(text, Query) else parse_query(text)
    words = [] if exact else _candidate_words(typed)
    current, known = thesaurus.current_and_known(
        using, tuple(spelling.fold(word) for word in words)
    )
    query, expansions = current.expand(typed) if not typed.is_empty else (typed, ())
    expressions = {
        spelling.fold(word) for expansion in expansions for word in _WORD.findall(expansion.typed)
    }
    unknown = tuple(
        word
        for word in dict.fromkeys(words)
        if spelling.fold(word) not in known
        and spelling.fold(word) not in expressions
        and not current.alternatives(thesaurus.key_words(word, typed.language), typed.language)
    )
    return Understood(typed=typed, query=query, expansions=expansions, exact=exact, unknown=unknown)


def _candidate_words(typed: Query) -> list[str]:
    """The words typed that a correction may change: single words, unquoted, of letters."""
    words = []
    for group in typed.groups:
        for term in group:
            tokens = _WORD.findall(term.text)
            if not term.phrase and len(tokens) == 1 and spelling.correctable(tokens[0]):
                words.append(tokens[0])
    return words


def _corrected_text(text: str, corrections: dict[str, str]) -> str:
    for word, correction in corrections.items():
        text = re.sub(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", correction, text)
    return text


def _corrections(understood: Understood, using: str) -> dict[str, str]:
    """The words typed that the index does not know (`Understood.unknown`), with their
    corrections."""
    found = {}
    for word in understood.unknown:
        correction = spelling.correction(word, using=using)
        if correction:
            found[word] = correction
    return found


def _without(query: Query, positions: set[int]) -> Query:
    return Query(
        text=query.text,
        groups=tuple(g for i, g in enumerate(query.groups) if i not in positions),
        excluded=query.excluded,
        language=query.language,
    )


def _only(query: Query, group) -> Query:
    return Query(text=query.text, groups=(group,), language=query.language)


def _shown(group: tuple[Term, ...]) -> str:
    return " OR ".join(map(str, group))


def rescue(
    understood: Understood,
    has_matches: Callable[[Query], bool],
    *,
    using: str = DEFAULT_DB_ALIAS,
    found_something: bool = False,
) -> Understood | None:
    """What to search instead of a query that found nothing (or, `found_something`, of
    one whose words include some that no record contains: corrections only): its misspelt words
    corrected, if that finds something; else (from the corrected query, if any) without
    the words that match nothing on their own, or, when each word does, without the one
    word (the last first) whose absence finds something. None when nothing helps, or for
    an `exact` search."""
    typed = understood.typed
    if understood.exact or typed.is_empty:
        return None
    base, corrected_text, pairs = typed, None, ()
    corrections = _corrections(understood, using)
    if corrections:
        corrected_text = _corrected_text(typed.text, corrections)
        base = parse_query(corrected_text, typed.language)
        query, expansions = thesaurus.expand(base, using)
        pairs = tuple(corrections.items())
        if has_matches(query):
            return replace(
                understood,
                query=query,
                corrected=corrected_text,
                corrections=pairs,
                expansions=expansions,
            )
    if found_something or len(base.groups) < 2:
        return None
    # Each group as searched (the words typed or their equivalents), on its own.
    expanded, expansions = thesaurus.expand(base, using)
    unmatched = {
        i for i, group in enumerate(expanded.groups) if not has_matches(_only(expanded, group))
    }
    tries = [unmatched] if unmatched else []
    if not unmatched and len(base.groups) <= MAX_DROP_TRIES:
        tries = [{i} for i in reversed(range(len(base.groups)))]
    for positions in tries:
        if len(positions) >= len(base.groups):
            continue
        query = _without(expanded, positions)
        dropped = tuple(_shown(base.groups[i]) for i in sorted(positions))
        if has_matches(query):
            return replace(
                understood,
                query=query,
                corrected=corrected_text,
                corrections=pairs,
                expansions=tuple(e for e in expansions if e.typed not in dropped),
                dropped=dropped,
            )
    return None


# The last queries a thread understood, for the calls that follow on the same text in
# the same request: a list's `filter_queryset()`, then its `ranked()` and `highlight()`.
_recent = threading.local()
RECENT = 8


def remember(understood: Understood, using: str) -> None:
    memo = getattr(_recent, "memo", {})
    key = (" ".join(understood.text.split()), understood.typed.language, using)
    memo.pop(key, None)
    memo[key] = understood
    while len(memo) > RECENT:
        memo.pop(next(iter(memo)))
    _recent.memo = memo


def recall(text: str, language: str, using: str) -> Understood | None:
    """What `remember()` was told of this text lately in this thread, if anything."""
    return getattr(_recent, "memo", {}).get((" ".join(str(text).split()), language, using))
