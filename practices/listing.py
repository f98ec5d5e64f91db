"""Lists of practices served from the facet index: the count and the page's ids come
from memory, and only the page's practices are read from the database.

A practices list (`/api/v1/practices/`, `/practices/`) whose filters are facets only
(country, region, level, element, theme, institution, tool, scope, status, source,
start years) is a `Selection` (`practices.selection`), which the FilterSet builds from
its cleaned data and the list passes here with its order. Its SQL would join the link
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

from coherence import fulltext

from . import facet_index
from .facet_index import ORDERINGS, FacetIndex
from .models import Practice
from .selection import Selection

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

    def __init__(self, queryset: QuerySet, index: FacetIndex, bits: int, ordering: str):
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

    def fetch(self, pks: list[int]) -> list[Practice] | list[dict]:
        """The practices with these primary keys, in that order, through the list's own
        queryset (a practice changed since the index was built and no longer matching is
        left out): model instances, or dictionaries when the queryset reads `.values()`
        with "pk"."""
        if not pks:
            return []
        found = {}
        for row in self.queryset.order_by().filter(pk__in=pks):
            # A practice, or a row of `.values("pk", ...)` (`practices.rows`).
            found[row["pk"] if isinstance(row, dict) else row.pk] = row
        return [found[pk] for pk in pks if pk in found]


def selected(selection: Selection, using: str) -> tuple[FacetIndex, int]:
    """The facet index of the database and the bitset of the selection's practices."""
    index = facet_index.index_for(using)
    return index, index.select(selection)


def paged(
    queryset: QuerySet,
    selection: Selection | None,
    ordering: str | None,
    *,
    index: FacetIndex | None = None,
) -> IndexedPractices | QuerySet:
    """The practices of `queryset` as the facet index serves them (counted and paged in
    memory) when the list is a selection (`selection`: what the queryset holds, in facet
    terms) in one of the index's orders, else the queryset itself. Either way, what a
    `Paginator` pages. `queryset` decides what each practice is read with (its
    prefetches) and checks the page's practices still match. `index`: the database's
    index already read for this request (the one a `PracticeFilterSet(indexed=True)`
    checked the facets' keys against), else it is read here."""
    if selection is None or ordering not in ORDERINGS:
        return queryset
    if index is None:
        index = facet_index.index_for(queryset.db)
    return IndexedPractices(queryset, index, index.select(selection), ordering)


def by_relevance(queryset: QuerySet, search: str | None, records: QuerySet):
    """What a list pages: with a search ordered by relevance (`search`, from
    `PracticeFilterSet.relevance_search()`), its matches best first with bounded work
    and a count exact up to a limit (`fulltext.engine().ranked()`; `queryset` the
    filtered list, `records` the practices to read a page from, with its prefetches);
    else the queryset itself."""
    if not search:
        return queryset
    return fulltext.engine().ranked(queryset, search, records=records)


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


def candidates(selection: Selection | None, using: str) -> Candidates | None:
    """For a search among a selection's practices: those practices, when the selection
    narrows them to at most `CANDIDATES_LIMIT` by some facet; else None (the search
    filters with SQL)."""
    if selection is None or not selection.facets - {"editorial_state"}:
        return None
    index, bits = selected(selection, using)
    count = bits.bit_count()
    if count > CANDIDATES_LIMIT:
        return None
    return Candidates(index, bits, count)
