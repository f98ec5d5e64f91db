"""The rank window: the bounded work of a search of one record type. Its newest matches,
at most `rank_window()` of them, are ranked (by the database's score, then by how close
the words stand where that score does not count it) and counted: exactly within the
window, estimated beyond it, to `ESTIMATE_DIGITS` significant digits
(`docs/decisions/0011-bounded-search.md`)."""

from __future__ import annotations

from django.conf import settings
from django.db import connections, models

from practices.selection import Selection

from ..backends import backend_for
from ..kinds import Kind
from ..query import Query
from ..ranking import PROXIMITY_TESTED, proximity_terms, with_proximity


def rank_window() -> int:
    """How many of a type's newest matches search() and ranked() rank and count exactly:
    the SEARCH_RANK_WINDOW setting."""
    return settings.SEARCH_RANK_WINDOW


# An estimate keeps this many significant digits: 41,837 reads "about 41,800", which is
# as precise as an estimate from a thousand matches can be.
ESTIMATE_DIGITS = 3


def rounded_estimate(estimate: int, *, at_least: int = 0) -> int:
    """An estimated count as it is answered: `ESTIMATE_DIGITS` significant digits (small
    counts as they are), and never fewer than the `at_least` matches actually read."""
    places = len(str(abs(estimate))) - ESTIMATE_DIGITS
    if places > 0:
        estimate = round(estimate, -places)
    return max(estimate, at_least)


def _best(
    kind: Kind,
    base: models.QuerySet,
    query: Query,
    window: int,
    *,
    scaled: bool,
    among: Selection | None = None,
    public: bool = False,
):
    """The `window` best matches of one type, as (pk, score) pairs best first, with the
    type's count and whether it is an estimate. Two queries at most, whatever the number
    of matches (see the module docstring); `scaled`: scores comparable across types
    (else within the type only, which may save the statistics query); `public`: the base
    is the type's public records (`Kind.public()`), which the backend may read from a
    table of their own (`newest_public`)."""
    backend = backend_for(connections[base.db])
    matched = backend.matches(base, kind, query)
    size = rank_window()
    found = kind.candidates(among, base.db)
    if found is not None:
        return _best_among(kind, backend, matched, query, window, found, scaled=scaled)
    newest = backend.newest_public(kind, query, size + 1, using=base.db) if public else None
    if newest is None:
        newest = list(
            backend.newest_first(matched, kind, query).values_list("pk", "search_rank")[: size + 1]
        )
    if not newest:
        return [], 0, False
    broad = len(newest) > size
    estimate, scale = None, 1.0
    if broad or scaled:
        estimate, scale = backend.statistics(kind, matched, query, newest, broad=broad)
    count = rounded_estimate(estimate, at_least=len(newest)) if broad else len(newest)
    best = _ranked(kind, query, newest[:size], using=base.db)
    return _scaled(best[:window], scale), count, broad


def _best_among(kind, backend, matched, query, window, candidates, *, scaled):
    """`_best` when the base's records are known (`Kind.candidates`): the words are
    looked for among those records only, newest first, in the document table alone,
    without the base's SQL filters. A broad search's count is estimated from the share of
    the candidates read that matched."""
    size = rank_window()
    newest = backend.newest_among(kind, query, candidates, size + 1, using=matched.db)
    if not newest:
        return [], 0, False
    broad = len(newest) > size
    scale = backend.statistics(kind, matched, query, newest, broad=False)[1] if scaled else 1.0
    estimate = len(newest)
    if broad:
        # The candidates are read newest first: those read are down to the oldest match.
        read = candidates.count_from(newest[-1][0])
        estimate = rounded_estimate(
            round(len(newest) * candidates.count / read), at_least=len(newest)
        )
    best = _ranked(kind, query, newest[:size], using=matched.db)
    return _scaled(best[:window], scale), estimate, broad


def _ranked(kind, query, rows, *, using):
    """(pk, score) rows best first: by score, then the oldest first, then by proximity
    where the database's score lacks it (`_with_proximity`)."""
    best = sorted(rows, key=lambda row: (-row[1], row[0]))
    return _with_proximity(kind, query, best, using=using)


def _with_proximity(kind, query, best, *, using):
    """`best`, rows (pk, score, ...) best first, with the first `PROXIMITY_TESTED`
    scored again by how close the words typed stand in them, on a database whose score
    does not count it: a backend with `proximity()` (SQLite; PostgreSQL's `ts_rank_cd`
    is in its score). See `search.ranking.with_proximity`."""
    proximity = backend_for(connections[using]).proximity
    if proximity is None or not proximity_terms(query) or not best:
        return best
    tested = best[:PROXIMITY_TESTED]
    closeness = proximity(kind, query, [row[0] for row in tested], using=using)
    return with_proximity(best, closeness, PROXIMITY_TESTED)


def _scaled(best, scale):
    """(pk, score) rows with their scores divided by the type's scale."""
    return [(pk, score / scale) for pk, score in best]
