"""What both backends add to their databases' own scores (issue 24): the proximity of
the words typed. See "How results are ordered" in `docs/search.md`.

A query of several words ranks first the records where those words stand together (as
a phrase, or a few words apart), then those where they are scattered: PostgreSQL adds
`ts_rank_cd` (cover density: the shorter the stretch of text holding every word, the
higher) to `ts_rank`; SQLite ranks the query OR-ed with a `NEAR()` group of its words,
which matches the same records (a `NEAR()` of the words implies every word) and adds
BM25's score of the words that stand near each other.
"""

from __future__ import annotations

from .query import Query, Term


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
