"""The search across record types that the search page and the API answer: `search()`,
its hits best first with a count per type (`SearchResults`), and `rescue_search()`,
what to search instead of a query that finds nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.db import connections, models
from django.utils.safestring import SafeString

from practices.selection import Selection

from ..backends import backend_for
from ..kinds import KINDS, TYPES, Kind
from ..query import Query, SearchQueryError
from ..understanding import Understood, interpret, rescue
from .filtering import _filtered, _understood
from .highlighting import _snippet, _translated
from .window import _best


@dataclass(frozen=True)
class Hit:
    """One record found: its type ("practice", ...), the record, its public key (slug,
    id, or "<source slug>#<anchor>" for a passage), its title, its score (higher is
    better; comparable within one search), a highlighted, HTML-safe snippet and the
    language of the snippet's text: "en" for English text (the body, the English
    summary, or a French or Spanish search's summary of a record that has no
    translation of it, which shows the English), else the language searched. A page in
    another language marks an English snippet `lang="en"`."""

    type: str
    obj: models.Model
    key: str
    title: str
    score: float
    snippet: SafeString

    @property
    def snippet_language(self) -> str:
        """The language of the snippet's text (`Snippet.language`)."""
        return getattr(self.snippet, "language", "en")


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
    understood: Understood | None = None
    """How the query typed was understood: expanded with the thesaurus, corrected, or
    searched without some words (`search.understanding`)."""


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


def search(
    text: str | Query | Understood,
    *,
    types: Iterable[str] | None = None,
    querysets: Mapping[str, models.QuerySet] | None = None,
    among: Mapping[str, Selection] | None = None,
    limit: int = 20,
    offset: int = 0,
    forgiving: bool = False,
) -> SearchResults:
    """Ranked hits across record types for what the user typed.

    `types` restricts the search to some of "practice", "institution", "tool",
    "recommendation" and "passage" (all by default). `querysets` maps a type to the
    records to search among (e.g. practices filtered by country); by default the
    published records (passages are always public). `among` maps a type to the
    selection its queryset holds (practices chosen by facets, `filter_queryset()`). Hits are ordered by score, best
    first. Raises SearchQueryError when the query is too long or a type is unknown.

    A text is understood (`search.understanding`): expanded with the thesaurus and, with
    `forgiving` (the pages and the API, unless asked for `exact=1`), when it finds
    nothing, its misspelt words corrected or the words that match nothing dropped
    (`SearchResults.understood` says so). A Query or an Understood is searched as it is.
    """
    if isinstance(text, str):
        understood = interpret(text, exact=not forgiving)
        results = _search(understood.query, types, querysets, among, limit, offset)
        if forgiving and (understood.unknown or not results.total):
            better = rescue_search(
                understood,
                types=types,
                querysets=querysets,
                among=among,
                found_something=bool(results.total),
            )
            if better is not None:
                understood = better
                results = _search(understood.query, types, querysets, among, limit, offset)
        return replace(results, understood=understood)
    query = _understood(text, "default")
    results = _search(query, types, querysets, among, limit, offset)
    return replace(results, understood=text if isinstance(text, Understood) else None)


def rescue_search(
    understood: Understood,
    *,
    types: Iterable[str] | None = None,
    querysets: Mapping[str, models.QuerySet] | None = None,
    among: Mapping[str, Selection] | None = None,
    found_something: bool = False,
) -> Understood | None:
    """What to search instead of a query that found nothing among these types, or of
    one with words no record contains (`found_something`; `understanding.rescue`), or
    None."""
    kinds = _kinds(types)
    querysets, among = dict(querysets or {}), dict(among or {})

    def has_matches(query: Query) -> bool:
        for kind in kinds:
            base = querysets.get(kind.name)
            base = kind.public() if base is None else base
            if _filtered(base, kind, query, among.get(kind.name)).exists():
                return True
        return False

    return rescue(understood, has_matches, found_something=found_something)


def _search(query, types, querysets, among, limit, offset) -> SearchResults:
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
            kind,
            bases[kind.name],
            query,
            window,
            scaled=scaled,
            among=among.get(kind.name),
            public=kind.name not in querysets,
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
        found = backend.page(kind, base, query, list(scores))
        translated = _translated(kind, [obj for obj, _ in found], query.language, base.db)
        for obj, columns in found:
            snippet = _snippet(
                kind,
                backend,
                obj,
                columns,
                language=query.language,
                translated=obj.pk in translated,
            )
            hits.append(Hit(kind.name, obj, kind.key(obj), str(obj), scores[obj.pk], snippet))
    hits.sort(key=lambda hit: (-hit.score, TYPES.index(hit.type), hit.obj.pk))
    return SearchResults(
        query=query,
        hits=hits,
        total=sum(counts.values()),
        counts=counts,
        estimated=frozenset(estimated),
    )
