"""The facet index: for every facet value (a country, a region, a coherence level, an
institution...), the set of practices that have it, held in memory by each process.

Counting a facet value among the practices that match the filters is then the size of an
intersection of two sets, computed in Python without touching the database: the filters
run once (one query fetching the matching ids) and every facet of the sidebar is counted
from the index. This is what search engines do with their filter bitsets, and it keeps the
facets fast whatever the number of practices (see `docs/performance.md`), where counting
with SQL joins every link table to the matching set on every request.

Sets are Python integers used as bitsets, one bit per practice (by its position in the
ordered primary keys), for values that many practices share; a value with few practices
keeps a plain set of positions instead, which is smaller and quicker to intersect.

The same sets answer a whole list of practices built from the facet filters alone (a
`practices.selection.Selection`): the matching set is the intersection of the chosen
values' sets, its size is the count, and a page is its first positions in the order of
the list, which the index keeps too (`select`, `page`, `newest`). `practices.listing`
serves the practices lists from there, and `search` looks for words among a selection's
practices.

The package: `index` is the structure and what it answers, `builder` reads the database
into it, and this module keeps one per database and process, rebuilt when its token
changes.

Staleness: every write that can change a count (a practice, its links, its citations, or
the name or slug of a value) sets a new random token in the one row of
`FacetIndexState`, in the same transaction (`practices.signals`). Each facet count reads
the token (one small query) and rebuilds the index when it is not the one the index was
built for. Rolled-back writes restore the old token, which still describes the data. Bulk
writes that send no signals (`bulk_create`, `QuerySet.update`, raw SQL) must call
`invalidate()`, as `generate_synthetic` does.
"""

from __future__ import annotations

import threading
import uuid

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from ..models import FacetIndexState, Practice
from .builder import Builder
from .index import ORDERINGS, FacetIndex, Value

__all__ = [
    "ORDERINGS",
    "FacetIndex",
    "Value",
    "counts",
    "current_token",
    "forget",
    "index_for",
    "invalidate",
    "matching_ids",
]

_lock = threading.Lock()
_indexes: dict[str, FacetIndex] = {}


def current_token(using: str) -> uuid.UUID | None:
    return FacetIndexState.objects.using(using).filter(pk=1).values_list("token", flat=True).first()


def index_for(using: str) -> FacetIndex:
    """The index of the database `using`, rebuilt if a write changed its token."""
    token = current_token(using)
    if token is None:  # the row was deleted (a flushed database): start a new one
        token = FacetIndexState.objects.using(using).get_or_create(pk=1)[0].token
    index = _indexes.get(using)
    if index is not None and index.token == token:
        return index
    with _lock:
        index = _indexes.get(using)
        if index is None or index.token != token:
            # The token is read before the data: a write between the two is in the data
            # and changes the token, so the index is rebuilt at the next count.
            index = Builder(using, token).build()
            _indexes[using] = index
    return index


def forget() -> None:
    """Drop this process's indexes (tests start each with none)."""
    with _lock:
        _indexes.clear()


def invalidate(using: str) -> None:
    """Tell every process that the practices' facets changed."""
    updated = FacetIndexState.objects.using(using).filter(pk=1).update(token=uuid.uuid4())
    if not updated:
        FacetIndexState.objects.using(using).get_or_create(pk=1)


def matching_ids(practices: QuerySet[Practice]) -> list[int]:
    """The ids of the practices, fetched as one comma-separated string: a hundred thousand
    ids come about three times faster than as a hundred thousand rows."""
    try:
        sql, params = practices.order_by().values_list("pk", flat=True).query.sql_with_params()
    except EmptyResultSet:  # e.g. `.none()`
        return []
    connection = connections[practices.db]
    if connection.vendor == "postgresql":
        aggregate = "string_agg(CAST(m.id AS text), ',')"
    else:
        aggregate = "group_concat(m.id, ',')"
    with connection.cursor() as cursor:
        cursor.execute(f"WITH m (id) AS ({sql}) SELECT {aggregate} FROM m", params)
        joined = cursor.fetchone()[0]
    return list(map(int, joined.split(","))) if joined else []


def counts(practices: QuerySet[Practice]) -> dict[str, list[tuple[Value, int]]]:
    index = index_for(practices.db)
    return index.counts(matching_ids(practices))
