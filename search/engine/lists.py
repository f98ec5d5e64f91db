"""A list ordered by relevance: `ranked()` pages the matches of `filter_queryset()` with
bounded work (`RankedMatches`), the newest `rank_window()` ranked, the older ones after
them newest first, counted exactly up to the window and estimated beyond it."""

from __future__ import annotations

from django.db import connections, models

from ..backends import backend_for
from ..kinds import kind_of
from ..query import Query
from ..understanding import Understood
from .filtering import _understood
from .window import _with_proximity, rank_window, rounded_estimate


def ranked(matched: models.QuerySet, text: str | Query | Understood, *, records: models.QuerySet):
    """The matches of a list searched by relevance, as a `Paginator` pages them, with
    bounded work however many there are (`RankedMatches`). `matched`: the list's records
    that match `text` (`filter_queryset()` with the list's other filters, in any order);
    `records`: the records to read a page's matches from (the list's queryset before the
    search, with what the page needs prefetched)."""
    return RankedMatches(matched, _understood(text, matched.db), records)


class RankedMatches:
    """A list's full-text matches in order of relevance, best first, and their count: what
    Django's `Paginator` needs of a queryset (`count()`, slices), with `count_is_exact`.

    The list reads its newest `rank_window()` + 1 matches once, with their ranks and the
    model's ordering fields (one query, the index read newest first: FTS5's rowid order
    on SQLite, the primary key on PostgreSQL), and orders them as `filter_queryset()`
    ordered by `-search_rank` and the model's ordering does (the same rows, in the same
    order, as long as the window holds every match). With at most the window's matches,
    that is the whole list and its exact count. With more (a broad search), the list is
    those newest matches ranked, then the older ones newest first (their positions read
    from the index, page by page), and the count is an estimate (`count_is_exact`
    False), scaled from the stretch of records the window came from and rounded to
    `ESTIMATE_DIGITS` significant digits, as `search()` estimates its counts. A page's
    records are read by key from `records`, in one query with its prefetches."""

    ordered = True

    def __init__(self, matched: models.QuerySet, query: Query, records: models.QuerySet):
        self.matched = matched
        self.query = query
        self.records = records
        self.model = matched.model
        self.kind = kind_of(matched.model)
        self.db = matched.db
        self._order: list[int] | None = None
        self._count = 0
        self._exact = True

    @property
    def backend(self):
        return backend_for(connections[self.db])

    def _read(self) -> None:
        if self._order is not None:
            return
        size = rank_window()
        ties = [name.removeprefix("-") for name in self.model._meta.ordering]
        rows = []
        if not self.query.is_empty:
            newest = self.backend.newest_first(self.matched, self.kind, self.query)
            rows = list(newest.values_list("pk", "search_rank", *ties)[: size + 1])
        broad = len(rows) > size
        rows = rows[:size]
        # Best first: by rank, then the model's ordering, then the key (stable sorts, the
        # least significant first).
        rows.sort(key=lambda row: row[0])
        for position in reversed(range(len(ties))):
            descending = self.model._meta.ordering[position].startswith("-")
            rows.sort(key=lambda row, at=position + 2: _sortable(row[at]), reverse=descending)
        rows.sort(key=lambda row: row[1], reverse=True)
        rows = _with_proximity(self.kind, self.query, rows, using=self.db)
        self._order = [row[0] for row in rows]
        self._count, self._exact = len(rows), not broad
        if broad:
            newest_pairs = [(row[0], row[1]) for row in rows]
            kind = kind_of(self.model)
            estimate, _scale = self.backend.statistics(
                kind, self.matched, self.query, newest_pairs, broad=True
            )
            self._count = rounded_estimate(estimate, at_least=size + 1)

    @property
    def count_is_exact(self) -> bool:
        self._read()
        return self._exact

    def count(self) -> int:
        self._read()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __bool__(self) -> bool:
        return self.count() > 0

    def pks(self, start: int, stop: int | None) -> list[int]:
        """The keys of the matches from position `start` to `stop` (excluded) in the
        list's order."""
        self._read()
        size = rank_window()
        found = self._order[start:stop]
        if not self._exact and (stop is None or stop > size):
            older = self.backend.newest_first(self.matched, self.kind, self.query)
            older = older.values_list("pk", flat=True)
            found += list(older[max(start, size) : stop])
        return found

    def fetch(self, pks: list[int]) -> list[models.Model]:
        """The records with these keys, in that order (one no longer there is left out):
        model instances, or dictionaries when `records` reads `.values()` with "pk"."""
        if not pks:
            return []
        found = {}
        for obj in self.records.order_by().filter(pk__in=pks):
            found[obj["pk"] if isinstance(obj, dict) else obj.pk] = obj
        return [found[pk] for pk in pks if pk in found]

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step not in (None, 1) or (key.start or 0) < 0 or (key.stop or 0) < 0:
                raise ValueError("Pages of matches are slices from a position, without step.")
            return self.fetch(self.pks(key.start or 0, key.stop))
        if not isinstance(key, int) or key < 0:
            raise TypeError("Matches are indexed by positions (0 or more) or slices.")
        found = self.fetch(self.pks(key, key + 1))
        if not found:
            raise IndexError("No match at this position.")
        return found[0]

    def __iter__(self):
        position = 0
        while page := self[position : position + 1000]:
            yield from page
            position += 1000


def _sortable(value):
    """A value to sort by as SQL does for the model's ordering (no value last)."""
    return (value is None, value if value is not None else 0)
