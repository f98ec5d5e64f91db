"""Lists of practices served from the facet index: the count and the page's ids come
from memory, and only the page's practices are read from the database.

A practices list (`/api/v1/practices/`, `/practices/`) whose filters are facets only
(country, region, level, element, theme, institution, tool, scope, status, source,
start years) is a `Selection` (`practices.selection`). Its SQL would join the link
tables to every practice to count them and to sort the matches for a page, which at
100,000 practices costs tens of milliseconds per query (`docs/performance.md`); the
index intersects the values' sets instead, counts the result and walks the list's order
to the page. Other lists (a full-text search, `updated_after`, an order the index does
not keep) are SQL querysets as before.

The page's practices are still fetched through the list's own queryset (its filters and
prefetches, plus the page's ids), so the index decides which practices a page shows and
the database still checks that they match.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.query import ModelIterable

from . import facet_index
from .facet_index import ORDERINGS, FacetIndex
from .models import Practice
from .querysets import PracticeQuerySet

# A full-text search restricted to a selection looks for its words among the selection's
# practices when the selection has at most this many practices; a larger one is left to
# the database's own plan (PostgreSQL's array of their keys would cost more than the
# filters).
CANDIDATES_LIMIT = 20_000


class IndexedPractices:
    """The practices of a selection in the order of a list: what Django's `Paginator`
    (and so the API's pagination and the pages') needs of a queryset, `count()` and
    slices, answered by the facet index."""

    ordered = True

    def __init__(self, queryset: PracticeQuerySet, index: FacetIndex, bits: int, ordering: str):
        self.queryset = queryset
        self.model = queryset.model
        self.db = queryset.db
        self.index = index
        self.bits = bits
        self.ordering = ordering
        self._count = bits.bit_count()

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(self._count)
            if step != 1:
                raise ValueError("Pages of practices have no step.")
            return self.fetch(self.pks(start, stop - start))
        if not isinstance(key, int):
            raise TypeError(f"Practices are indexed by integers or slices, not {type(key)}.")
        if key < 0:
            key += self._count
        found = self.fetch(self.pks(key, 1)) if 0 <= key < self._count else []
        if not found:
            raise IndexError("No practice at this position.")
        return found[0]

    def __iter__(self) -> Iterator[Practice]:
        for start in range(0, self._count, 1000):
            yield from self[start : start + 1000]

    def pks(self, offset: int, limit: int) -> list[int]:
        """The primary keys of the practices from `offset` in the list's order."""
        return self.index.page(self.bits, self.ordering, offset, limit)

    def fetch(self, pks: list[int]) -> list[Practice]:
        """The practices with these primary keys, in that order, through the list's own
        queryset (a practice changed since the index was built and no longer matching is
        left out)."""
        if not pks:
            return []
        found = {practice.pk: practice for practice in self.queryset.order_by().filter(pk__in=pks)}
        return [found[pk] for pk in pks if pk in found]


def _ordering(queryset: QuerySet) -> str | None:
    """The list's order as one of the facet index's `ORDERINGS`, or None if it has
    another (a relevance rank, several fields, an expression)."""
    query = queryset.query
    if query.extra_order_by:
        return None
    fields = list(query.order_by)
    if not fields:
        fields = list(Practice._meta.ordering) if query.default_ordering else ["title"]
    if fields and fields[-1] in ("pk", "id"):  # the tie-breaker the index uses too
        fields.pop()
    if len(fields) == 1 and fields[0] in ORDERINGS:
        return fields[0]
    return None


def selected(queryset) -> tuple[FacetIndex, int] | None:
    """The facet index and the bitset of the queryset's practices when the facet filters
    alone made it (`PracticeQuerySet.selection()`), else None."""
    if isinstance(queryset, IndexedPractices):
        return queryset.index, queryset.bits
    selection = queryset.selection() if isinstance(queryset, PracticeQuerySet) else None
    if selection is None:
        return None
    index = facet_index.index_for(queryset.db)
    return index, index.select(selection)


def paged(queryset: QuerySet) -> IndexedPractices | QuerySet:
    """The queryset as the facet index serves it (counted and paged in memory) when it
    can, else the queryset itself. Either way, what a `Paginator` pages."""
    if not isinstance(queryset, PracticeQuerySet) or queryset._iterable_class is not ModelIterable:
        return queryset  # not practices as model instances (e.g. `values()`)
    ordering = _ordering(queryset)
    if ordering is None:
        return queryset
    found = selected(queryset)
    if found is None:
        return queryset
    index, bits = found
    return IndexedPractices(queryset, index, bits, ordering)


@dataclass(frozen=True)
class Candidates:
    """The practices of a selection that a full-text search looks among, as each
    database best takes them: their keys newest first (a list for PostgreSQL), or one
    byte per key (a set SQLite tests each match against without building it)."""

    index: FacetIndex
    bits: int
    count: int

    def newest(self) -> Iterator[int]:
        """Their primary keys, highest (newest) first, lazily."""
        return self.index.newest(self.bits)

    def key_flags(self) -> bytes:
        """Byte k is 1 when the practice with primary key k is one of them."""
        return self.index.key_flags(self.bits)

    def count_from(self, pk: int) -> int:
        """How many of them have a primary key of at least `pk`."""
        return self.index.count_from(self.bits, pk)


def candidates(queryset: QuerySet) -> Candidates | None:
    """For a search among the queryset's practices: those practices, when the facet
    filters narrowed them to at most `CANDIDATES_LIMIT`; else None (the search filters
    with SQL)."""
    if not isinstance(queryset, PracticeQuerySet):
        return None
    selection = queryset.selection()
    if selection is None or not selection.facets - {"editorial_state"}:
        return None
    index = facet_index.index_for(queryset.db)
    bits = index.select(selection)
    count = bits.bit_count()
    if count > CANDIDATES_LIMIT:
        return None
    return Candidates(index, bits, count)
