"""The entry points the pages and the API call: `search`, `filter_queryset`, `highlight`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import connections, models
from django.db.models import FloatField, Value
from django.utils.safestring import SafeString

from . import snippets as snippet_text
from .backends import backend_for
from .kinds import KINDS, TYPES, Kind, kind_of
from .query import Query, SearchQueryError, parse_query

# The snippet shown for a hit comes from the first of these columns that matched.
SNIPPET_COLUMNS = ("summary", "body", "keywords")


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
    count every match, not only this page."""

    query: Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)


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


def filter_queryset(queryset: models.QuerySet, text: str | Query) -> models.QuerySet:
    """The records of `queryset` (practices, institutions, tools or recommendations;
    passages too) that match `text`, annotated with `search_rank` (float, higher is
    better). Unordered, so that it combines with other filters; order by `-search_rank`
    for relevance. A query with nothing to search for matches nothing. Raises
    SearchQueryError when the query is too long."""
    query = _parsed(text)
    kind = kind_of(queryset.model)
    if query.is_empty:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    return backend_for(connections[queryset.db]).matches(queryset, kind, query)


def _snippets(kind: Kind, objects: list[models.Model], query: Query, using: str):
    raw = {}
    backend = backend_for(connections[using])
    if not query.is_empty and objects:
        raw = backend.snippets(kind, [obj.pk for obj in objects], query, using)
    result = {}
    for obj in objects:
        columns = raw.get(obj.pk, {})
        matched = next(
            (columns[c] for c in SNIPPET_COLUMNS if snippet_text.has_match(columns.get(c))), None
        )
        result[obj.pk] = (
            snippet_text.render(matched, escaped=backend.SNIPPETS_ESCAPED)
            if matched is not None
            else snippet_text.excerpt(kind.excerpt(obj))
        )
    return result


def highlight(objects: Iterable[models.Model], text: str | Query) -> dict[int, SafeString]:
    """Snippets for a page of already-fetched records of one model, by primary key: the
    passage of each record where the query matched, HTML-escaped with the matched words
    in `<mark>`, or the start of its text when nothing in it matched. One query."""
    objects = list(objects)
    if not objects:
        return {}
    query = _parsed(text)
    kind = kind_of(type(objects[0]))
    return _snippets(kind, objects, query, objects[0]._state.db or "default")


def search(
    text: str | Query,
    *,
    types: Iterable[str] | None = None,
    querysets: Mapping[str, models.QuerySet] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Ranked hits across record types for what the user typed.

    `types` restricts the search to some of "practice", "institution", "tool",
    "recommendation" and "passage" (all by default). `querysets` maps a type to the
    records to search among (e.g. practices filtered by country); by default the
    published records (passages are always public). Hits are ordered by score, best
    first. Raises SearchQueryError when the query is too long or a type is unknown.
    """
    query = _parsed(text)
    kinds = _kinds(types)
    querysets = dict(querysets or {})
    if unknown := set(querysets) - set(TYPES):
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
    ranked = []
    for kind in kinds:
        base = bases[kind.name]
        matched = filter_queryset(base, query)
        top = list(matched.order_by("-search_rank", "pk").values_list("pk", "search_rank")[:window])
        if not top:
            continue
        counts[kind.name] = len(top) if len(top) < window else matched.count()
        scale = backend_for(connections[base.db]).score_scale(kind, query, base.db)
        ranked += [(score / scale, TYPES.index(kind.name), pk) for pk, score in top]
    ranked.sort(key=lambda hit: (-hit[0], hit[1], hit[2]))
    page = ranked[offset:window]

    hits = []
    for kind in kinds:
        pks = [pk for _, type_index, pk in page if TYPES[type_index] == kind.name]
        if not pks:
            continue
        base = bases[kind.name]
        objects = {obj.pk: obj for obj in base.filter(pk__in=pks)}
        snippets = _snippets(kind, list(objects.values()), query, base.db)
        for score, type_index, pk in page:
            if TYPES[type_index] == kind.name and pk in objects:
                obj = objects[pk]
                hits.append(
                    Hit(kind.name, obj, kind.key(obj), str(obj), float(score), snippets[pk])
                )
    hits.sort(key=lambda hit: (-hit.score, TYPES.index(hit.type), hit.obj.pk))
    return SearchResults(query=query, hits=hits, total=sum(counts.values()), counts=counts)
