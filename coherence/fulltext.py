"""Full-text search as the layers below `search` use it: the shared FilterSets' `search`
filter and the pages' snippets.

Imports run one way (search -> practices -> coherence, docs/decisions/0007-layers.md): the
search app indexes practices and the reference records, so nothing below it may import
it. It provides this interface instead, once, when Django starts (`SearchConfig.ready()`
calls `provide()`); the FilterSets and the pages call `engine()`. One implementation
exists, and a test checks that it is the one provided.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.db.models import Model, QuerySet
from django.utils.safestring import SafeString


class RankedList(Protocol):
    """What a `Paginator` pages (`count()`, slices of records), with whether the count is
    exact or an estimate."""

    ordered: bool

    @property
    def count_is_exact(self) -> bool: ...

    def count(self) -> int: ...

    def __getitem__(self, key): ...


class FullTextSearch(Protocol):
    max_query_length: int

    def validate(self, text: str) -> None:
        """Raise ValueError, with a message for the user, when `text` is not a query
        (too long, nothing to search for...)."""

    def filter(self, queryset: QuerySet, text: str, *, among=None) -> QuerySet:
        """The records of `queryset` that match `text`, annotated with `search_rank`
        (higher is better), unordered. `among`: what the queryset holds when a facet
        selection of practices made it (`practices.selection.Selection`), which lets the
        search look among those practices only."""

    def ranked(self, matched: QuerySet, text: str, *, records: QuerySet) -> RankedList:
        """The records of `matched` (from `filter()`, with the list's other filters) best
        first, as a `Paginator` pages them, with bounded work however many match: the
        count is exact up to a limit and an estimate beyond it (`count_is_exact`); a
        page's records are read from `records` (the list's queryset before the search,
        with its prefetches)."""

    def highlight(self, objects: Iterable[Model], text: str) -> dict[int, SafeString]:
        """Snippets of these records with the words of `text` marked, by primary key."""


_engine: FullTextSearch | None = None


def provide(implementation: FullTextSearch) -> None:
    """Make `implementation` the full-text search of the site (called once at start-up)."""
    global _engine
    _engine = implementation


def engine() -> FullTextSearch:
    if _engine is None:
        raise RuntimeError(
            "No full-text search was provided: the search app must be installed "
            "(INSTALLED_APPS) so that it provides it when Django starts."
        )
    return _engine
