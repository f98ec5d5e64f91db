"""What both backends add to their databases' own scores (issue 24): the proximity of
the words typed. See "How results are ordered" in `docs/search.md`.

A query of several words ranks first the records where those words stand together (as
a phrase, or a few words apart), then those where they are scattered: PostgreSQL adds
`ts_rank_cd` (cover density: the shorter the stretch of text holding every word, the
higher) to `ts_rank`. SQLite's BM25 knows nothing of positions: the best `PROXIMITY_TESTED` of
its ranked window are scored again (`search.engine`) by how close the words stand in
them (`Closeness`), read from the words FTS5 marked in their text
(`search.backends.sqlite.proximity()`), and sorted again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .query import WORD, Query, Term, fold
from .stopwords import STOP_WORDS_BY_LANGUAGE


def proximity_terms(query: Query) -> tuple[Term, ...]:
    """The words and phrases whose nearness counts: the first of each group of the
    query (what was typed, before any alternative joined by OR), in the order typed;
    none when there are fewer than two, since one word or one quoted phrase is near
    itself."""
    terms = tuple(group[0] for group in query.groups)
    return terms if len(terms) > 1 else ()


def near_distance(terms: tuple[Term, ...]) -> int:
    """FTS5's `NEAR(..., N)` for these terms: the tokens allowed between the first and
    the last, the words in between included. Two tokens of slack per pair of
    neighbours: "policy coherence development" is near in "policy coherence for
    development" (two tokens apart) and in "coherence of development policy"."""
    return 3 * (len(terms) - 1) - 1


# Proximity read from the words' positions (SQLite) -------------------------------------

# How much a record's score grows where the words stand together: times (1 + PROXIMITY ×
# closeness), closeness 1 for the words as a phrase, small words aside (the score
# doubled), 1/2 with one other word among them, 1/(1 + n) with n, as PostgreSQL's cover
# density divides each cover by 1 + its other words; 0 past two other words per pair of
# neighbours (`near_distance()`'s slack), where the words are scattered.
PROXIMITY = 1.0
# The records, best first by the database's score, whose positions are read: the ones a
# first page shows, with some margin (measured: docs/search.md, "For developers").
PROXIMITY_TESTED = 25


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


@dataclass(frozen=True)
class _Word:
    """A word of the query: its folded text; for a word of a proximity term, the term's
    index, the word's place in the term and the term's length in words."""

    text: str
    term: int | None = None
    at: int = 0
    length: int = 1


def _words(query: Query) -> list[_Word]:
    """Every word of the wanted terms, those of the proximity terms with their term."""
    terms = proximity_terms(query)
    words = []
    for index, term in enumerate(terms):
        parts = WORD.findall(term.text)
        words += [_Word(fold(part), index, at, len(parts)) for at, part in enumerate(parts)]
    for group in query.groups:
        for term in group[1:]:
            words += [_Word(fold(part)) for part in WORD.findall(term.text)]
    return words


def _word_of(token: str, words: list[_Word], known: dict[str, _Word]) -> _Word:
    """The query's word a marked token was matched for (`known`: those found before).
    The database matched it by its own normalisation (Porter stems on SQLite's English
    tables, prefixes of light stems on the French and Spanish ones); both keep most of
    the word's start, so the word with the longest common start is the one, the closest
    in length on a tie ("policies": "policy" rather than "police")."""
    if token not in known:
        folded = fold(token)
        known[token] = max(
            words,
            key=lambda word: (
                _common_prefix(folded, word.text),
                -abs(len(folded) - len(word.text)),
            ),
        )
    return known[token]


_ACCENTS = re.compile("[\u0300-\u036f]")


def _counted(text: str, small: frozenset[str]) -> int:
    """The number of words of a text that are not small words (`small`: the stop words,
    folded)."""
    text = text.casefold()
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
    tokens = WORD.findall(text)
    return len(tokens) - sum(map(small.__contains__, tokens))


def occurrences(
    text: str,
    words: list[_Word],
    start: str,
    stop: str,
    small: frozenset[str] = frozenset(),
    known: dict[str, _Word] | None = None,
) -> list[tuple[int, int, int]]:
    """The proximity terms found in a text whose matched words the database put between
    `start` and `stop` (FTS5's `highlight()`), as (first token, last token, term index),
    in the order of the text. The small words (`small`, folded) between them are not
    counted: the query has none ("policy coherence for development" is the phrase of
    `policy coherence development`), PostgreSQL's vector neither. Only the text from the
    first marker to the last is split into words."""
    found, known = [], {} if known is None else known
    pieces = text.split(start)
    position = 0
    for number, piece in enumerate(pieces[1:], start=1):
        marked, _, after = piece.partition(stop)
        for token in WORD.findall(marked):
            word = _word_of(token, words, known)
            # A term's occurrence is counted at its first word.
            if word.term is not None and word.at == 0:
                found.append((position, position + word.length - 1, word.term))
            position += 1
        if number < len(pieces) - 1:
            position += _counted(after, small)
    return found


def shortest_cover(found: list[tuple[int, int, int]], terms: int) -> int | None:
    """The fewest tokens of a stretch holding an occurrence of each of the `terms`
    terms (`occurrences()`), None when one is missing."""
    best = None
    held: dict[int, int] = {}
    first = 0
    for last, (_start, _end, term) in enumerate(found):
        held[term] = held.get(term, 0) + 1
        while len(held) == terms:
            window = found[first : last + 1]
            span = max(end for _, end, _ in window) - found[first][0] + 1
            best = span if best is None else min(best, span)
            dropped = found[first][2]
            held[dropped] -= 1
            if not held[dropped]:
                del held[dropped]
            first += 1
    return best


class Closeness:
    """How close the proximity terms of a query stand in a record's texts (its columns,
    their matched words between `start` and `stop`, FTS5's `highlight()`): 1 / (1 + the
    other words, small words aside, in the shortest stretch holding them all), as
    PostgreSQL's cover density counts them; 1 for the terms as a phrase; 0 when no text
    holds them all within two other words per pair of neighbours (see `PROXIMITY`). The
    best of the texts counts. One per query: it remembers which word each token is."""

    def __init__(self, query: Query, start: str, stop: str):
        self.terms = len(proximity_terms(query))
        self.words = _words(query)
        self.small = STOP_WORDS_BY_LANGUAGE[query.language]
        self.needed = sum(len(WORD.findall(term.text)) for term in proximity_terms(query))
        self.start, self.stop = start, stop
        self.known: dict[str, _Word] = {}

    def __call__(self, texts) -> float:
        if not self.terms:
            return 0.0
        best = 0.0
        for text in texts:
            if not text or self.start not in text:
                continue
            found = occurrences(text, self.words, self.start, self.stop, self.small, self.known)
            span = shortest_cover(found, self.terms)
            if span is not None and (other := max(span - self.needed, 0)) <= 2 * (self.terms - 1):
                best = max(best, 1 / (1 + other))
        return best


def with_proximity(best: list, closeness_by_key: dict, tested: int) -> list:
    """`best`, (key, score, ...) rows best first, with the scores of its first `tested`
    times (1 + PROXIMITY × their closeness, `closeness_by_key`), those rows sorted again
    (a stable sort: ties keep their order). No score shrinks, so the rows tested stay
    above the others, as they were."""
    head = [
        (row[0], row[1] * (1 + PROXIMITY * closeness_by_key.get(row[0], 0.0)), *row[2:])
        for row in best[:tested]
    ]
    head.sort(key=lambda row: row[1], reverse=True)
    return head + list(best[tested:])
