"""The entry points the pages and the API call: `search`, `filter_queryset`, `highlight`.

`search()` does a bounded amount of work per record type, whatever the size of the
knowledge base: it reads the matches newest first, at most `rank_window()` of them, and
ranks those. A type with more matches than that is a broad search: its hits are the best
of its newest matches (pages go as far as those), and its count is an estimate (listed in
`SearchResults.estimated`). Narrower searches are ranked and counted exactly. See
`docs/decisions/0002-search.md` for why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, models
from django.db.models import FloatField, Value
from django.utils.safestring import SafeString

from practices.selection import Selection

from . import snippets as snippet_text
from .backends import backend_for
from .kinds import KINDS, TYPES, Kind, kind_of
from .query import Query, SearchQueryError, parse_query


def rank_window() -> int:
    """How many of a type's newest matches search() ranks and counts exactly: the
    SEARCH_RANK_WINDOW setting."""
    return settings.SEARCH_RANK_WINDOW


@dataclass(frozen=True)
class Hit:
    """One record found: its type ("practice", ...), the record, its public key (slug,
    id, or "<source slug>#<anchor>" for a passage), its title, its score (higher is
    better; comparable within one search) and a highlighted, HTML-safe snippet."""

    type: str
    obj: models.Model
    key: str
    title: str
    score: float
    snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    """A page of hits across record types, best first; `total` and `counts` (per type)
    count every match, not only this page. The counts of the types in `estimated` (broad
    searches, with more than `rank_window()` matches) are estimates: show them as "about"."""

    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    estimated: frozenset[str] = frozenset()


def _parsed(text: str | Query) -> Query:
    return text if isinstance(text, Query) else parse_query(text)


def _kinds(types: Iterable[str] | None) -> list[Kind]:
    if types is None:
        return list(KINDS.values())
    types = list(dict.fromkeys(types))
    unknown = [name for name in types if name not in KINDS]
    if unknown:
        raise SearchQueryError(
            f"Unknown record type “{unknown[0]}”: choose among {', '.join(TYPES)}."
        )
    return [KINDS[name] for name in types]


def filter_queryset(
    queryset: models.QuerySet, text: str | Query, *, among: Selection | None = None
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
    5-45 ms on PostgreSQL, half that on SQLite)."""
    query = _parsed(text)
    kind = kind_of(queryset.model)
    if query.is_empty:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    backend = backend_for(connections[queryset.db])
    matched = backend.matches(queryset, kind, query)
    found = kind.candidates(among, queryset.db)
    return matched if found is None else backend.among(matched, found)


def _snippet(kind: Kind, backend, obj, columns: dict[str, str | None]) -> SafeString:
    """The snippet of the first column where the query matched, or the start of the
    record's text if none did."""
    for column in snippet_text.SNIPPET_COLUMNS:
        raw = columns.get(column)
        if snippet_text.has_match(raw):
            return snippet_text.render(raw, escaped=backend.SNIPPETS_ESCAPED)
    return snippet_text.excerpt(kind.excerpt(obj))


def highlight(objects: Iterable[models.Model], text: str | Query) -> dict[int, SafeString]:
    """Snippets for a page of already-fetched records of one model, by primary key: the
    passage of each record where the query matched, HTML-escaped with the matched words
    in `<mark>`, or the start of its text when nothing in it matched. One query."""
    objects = list(objects)
    if not objects:
        return {}
    query = _parsed(text)
    kind = kind_of(type(objects[0]))
    using = objects[0]._state.db or "default"
    backend = backend_for(connections[using])
    raw = {}
    if not query.is_empty:
        raw = backend.snippets(kind, query, [obj.pk for obj in objects], using=using)
    return {obj.pk: _snippet(kind, backend, obj, raw.get(obj.pk, {})) for obj in objects}


def search(
    text: str | Query,
    *,
    types: Iterable[str] | None = None,
    querysets: Mapping[str, models.QuerySet] | None = None,
    among: Mapping[str, Selection] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Ranked hits across record types for what the user typed.

    `types` restricts the search to some of "practice", "institution", "tool",
    "recommendation" and "passage" (all by default). `querysets` maps a type to the
    records to search among (e.g. practices filtered by country); by default the
    published records (passages are always public). `among` maps a type to the
    selection its queryset holds (practices chosen by facets, `filter_queryset()`). Hits are ordered by score, best
    first. Raises SearchQueryError when the query is too long or a type is unknown.
    """
    query = _parsed(text)
    kinds = _kinds(types)
    querysets, among = dict(querysets or {}), dict(among or {})
    if unknown := (set(querysets) | set(among)) - set(TYPES):
        raise ValueError(f"No record type {sorted(unknown)}: the types are {', '.join(TYPES)}.")
    limit, offset = max(0, limit), max(0, offset)
    counts = {kind.name: 0 for kind in kinds}
    if query.is_empty:
        return SearchResults(query=query, counts=counts)

    bases = {
        kind.name: querysets[kind.name] if kind.name in querysets else kind.public()
        for kind in kinds
    }
    window = offset + limit
    ranked, estimated = [], set()
    # Scores only need to compare across types when there are several.
    scaled = len(kinds) > 1
    for kind in kinds:
        top, counts[kind.name], estimate = _best(
            kind, bases[kind.name], query, window, scaled=scaled, among=among.get(kind.name)
        )
        if estimate:
            estimated.add(kind.name)
        ranked += [(score, TYPES.index(kind.name), pk) for pk, score in top]
    ranked.sort(key=lambda hit: (-hit[0], hit[1], hit[2]))
    page = ranked[offset:window]

    hits = []
    for kind in kinds:
        scores = {pk: score for score, type_index, pk in page if TYPES[type_index] == kind.name}
        if not scores:
            continue
        base = bases[kind.name]
        backend = backend_for(connections[base.db])
        for obj, columns in backend.page(kind, base, query, list(scores)):
            snippet = _snippet(kind, backend, obj, columns)
            hits.append(Hit(kind.name, obj, kind.key(obj), str(obj), scores[obj.pk], snippet))
    hits.sort(key=lambda hit: (-hit.score, TYPES.index(hit.type), hit.obj.pk))
    return SearchResults(
        query=query,
        hits=hits,
        total=sum(counts.values()),
        counts=counts,
        estimated=frozenset(estimated),
    )


def _best(
    kind: Kind,
    base: models.QuerySet,
    query: Query,
    window: int,
    *,
    scaled: bool,
    among: Selection | None = None,
):
    """The `window` best matches of one type, as (pk, score) pairs best first, with the
    type's count and whether it is an estimate. Two queries at most, whatever the number
    of matches (see the module docstring); `scaled`: scores comparable across types
    (else within the type only, which may save the statistics query)."""
    backend = backend_for(connections[base.db])
    matched = backend.matches(base, kind, query)
    size = rank_window()
    found = kind.candidates(among, base.db)
    if found is not None:
        return _best_among(kind, backend, matched, query, window, found, scaled=scaled)
    newest = list(backend.newest_first(matched).values_list("pk", "search_rank")[: size + 1])
    if not newest:
        return [], 0, False
    broad = len(newest) > size
    estimate, scale = None, 1.0
    if broad or scaled:
        estimate, scale = backend.statistics(kind, matched, query, newest, broad=broad)
    return _ranked(newest, size, window, scale), estimate or len(newest), broad


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
        estimate = max(round(len(newest) * candidates.count / read), len(newest))
    return _ranked(newest, size, window, scale), estimate, broad


def _ranked(newest, size, window, scale):
    """The `window` best of the `size` newest (pk, score) matches, scores divided by the
    type's scale."""
    best = sorted(newest[:size], key=lambda row: (-row[1], row[0]))[:window]
    return [(pk, score / scale) for pk, score in best]
