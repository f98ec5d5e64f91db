"""Full-text search of the knowledge base: the one module the pages and the API call.

    from search import (SearchQueryError, MAX_QUERY_LENGTH, parse_query, search,
                        filter_queryset, ranked, highlight)

- `parse_query(text)` reads the query language of `docs/search.md`;
- `search(text, types=..., querysets=..., limit=..., offset=...)` returns ranked hits
  across practices, institutions, tools, recommendations and source passages;
- `filter_queryset(queryset, text)` keeps the matches of a queryset and annotates
  `search_rank`, for the shared FilterSets;
- `ranked(matched, text, records=...)` pages a list of those matches by relevance, with
  bounded work and a count that is exact up to a limit, an estimate beyond;
- `highlight(objects, text)` makes snippets for a page of records.

How the index is built and kept in step: `search.models`, `search.indexing`,
`docs/decisions/0002-search.md`. The functions that touch the database are imported
lazily, so that this package can be imported before Django's apps are ready.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from .query import MAX_QUERY_LENGTH, Query, SearchQueryError, Term, parse_query

if TYPE_CHECKING:
    from .engine.filtering import filter_queryset
    from .engine.highlighting import highlight
    from .engine.lists import RankedMatches, ranked
    from .engine.site import Hit, SearchResults, search
    from .kinds import TYPES

_LAZY = {
    "Hit": "engine.site",
    "SearchResults": "engine.site",
    "filter_queryset": "engine.filtering",
    "highlight": "engine.highlighting",
    "RankedMatches": "engine.lists",
    "ranked": "engine.lists",
    "search": "engine.site",
    "TYPES": "kinds",
}

__all__ = [
    "MAX_QUERY_LENGTH",
    "TYPES",
    "Hit",
    "Query",
    "RankedMatches",
    "SearchQueryError",
    "SearchResults",
    "Term",
    "filter_queryset",
    "highlight",
    "parse_query",
    "ranked",
    "search",
]


def __getattr__(name):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
