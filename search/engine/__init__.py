"""The entry points the pages and the API call: `search`, `filter_queryset`, `highlight`.

`search()` does a bounded amount of work per record type, whatever the size of the
knowledge base: it reads the matches newest first, at most `rank_window()` of them, and
ranks those. A type with more matches than that is a broad search: its hits are the best
of its newest matches (pages go as far as those), and its count is an estimate (listed in
`SearchResults.estimated`). Narrower searches are ranked and counted exactly. See
`docs/decisions/0002-search.md` for why.

`ranked()` does the same for a list ordered by relevance (`filter_queryset()` with its
other filters, paged by a `Paginator`): the newest `rank_window()` matches ranked, the
older ones after them newest first, and a count that is exact up to the window and an
estimate beyond it (`docs/decisions/0011-bounded-search.md`).

The package, one module per concept: `site` (`search()` across record types),
`filtering` (`filter_queryset()`), `lists` (`ranked()`), `highlighting` (`highlight()`
and the hits' snippets) and `window` (the bounded ranking and counting of one type's
matches they share). Names with a leading underscore are private to the package.
"""
