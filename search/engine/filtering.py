"""The matches of a queryset: `filter_queryset()`, for the lists' FilterSets, and how a
text is understood for it (the thesaurus, corrections), remembered for the `ranked()`
and `highlight()` of the same text that follow."""

from __future__ import annotations

from django.db import connections, models
from django.db.models import FloatField, Value

from practices.selection import Selection

from ..backends import backend_for
from ..kinds import kind_of
from ..query import Query, parse_query
from ..understanding import Understood, interpret, recall, remember, rescue


def _understood(text: str | Query | Understood, using: str) -> Query:
    """The query to search for `text`: a Query as it is; an Understood's query; a text
    as `filter_queryset()` understood it lately in this thread (the list's `ranked()`
    and `highlight()` follow it), else as parsed (no query to the database)."""
    if isinstance(text, Understood):
        return text.query
    if isinstance(text, Query):
        return text
    query = parse_query(text)
    known = recall(text, query.language, using)
    return known.query if known is not None else query


def filter_queryset(
    queryset: models.QuerySet,
    text: str | Query | Understood,
    *,
    among: Selection | None = None,
    forgiving: bool = False,
) -> models.QuerySet:
    """The records of `queryset` (practices, institutions, tools or recommendations;
    passages too) that match `text`, annotated with `search_rank` (float, higher is
    better). Unordered, so that it combines with other filters; order by `-search_rank`
    for relevance (which ranks every match: cheap for a narrow search or a filtered
    queryset, linear in the number of matches for a broad one). A query with nothing to
    search for matches nothing. Raises SearchQueryError when the query is too long.

    When the queryset holds a selection of practices (`among`: chosen by facet filters,
    `Kind.candidates`), its records' keys go into the SQL too, as the database best
    tests them: it then looks the words up first and runs the selection's own
    filters, still applied, on the candidates that match only (at 100k practices, a
    page and count of three words among a country's practices went from 70-140 ms to
    5-45 ms on PostgreSQL, half that on SQLite).

    A text is understood as `search()` understands it (the thesaurus; with `forgiving`,
    when nothing matches, its misspelt words corrected or the words that match nothing
    left out: one more query, whether anything matches), and remembered for the
    `ranked()` and `highlight()` of the same text that follow (`understood_list()` says
    what happened)."""
    kind = kind_of(queryset.model)
    if isinstance(text, Query | Understood):
        query = _understood(text, queryset.db)
        return _filtered(queryset, kind, query, among)
    understood = interpret(text, exact=not forgiving, using=queryset.db)
    matched = _filtered(queryset, kind, understood.query, among)
    if forgiving and not understood.typed.is_empty and (understood.unknown or not matched.exists()):
        better = rescue(
            understood,
            lambda query: _filtered(queryset, kind, query, among).exists(),
            using=queryset.db,
            found_something=bool(understood.unknown) and matched.exists(),
        )
        if better is not None:
            understood = better
            matched = _filtered(queryset, kind, understood.query, among)
    remember(understood, queryset.db)
    return matched


def understood_list(text: str, *, using: str = "default") -> Understood | None:
    """How the last `filter_queryset()` of this text in this thread understood it."""
    return recall(text, parse_query(text).language, using)


def _filtered(queryset, kind, query: Query, among):
    if query.is_empty:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    backend = backend_for(connections[queryset.db])
    matched = backend.matches(queryset, kind, query)
    found = kind.candidates(among, queryset.db)
    return matched if found is None else backend.among(matched, found, kind, query)
