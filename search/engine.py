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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connections, models
from django.db.models import FloatField, Value
from django.utils.safestring import SafeString

from coherence.translated import current as current_language
from practices.selection import Selection

from . import snippets as snippet_text
from .backends import backend_for
from .kinds import KINDS, TYPES, Kind, kind_of
from .models import language_columns
from .query import Query, SearchQueryError, parse_query
from .ranking import PROXIMITY_TESTED, proximity_terms, with_proximity
from .understanding import Understood, interpret, recall, remember, rescue


def rank_window() -> int:
    """How many of a type's newest matches search() and ranked() rank and count exactly:
    the SEARCH_RANK_WINDOW setting."""
    return settings.SEARCH_RANK_WINDOW


# An estimate keeps this many significant digits: 41,837 reads "about 41,800", which is
# as precise as an estimate from a thousand matches can be.
ESTIMATE_DIGITS = 3


def rounded_estimate(estimate: int, *, at_least: int = 0) -> int:
    """An estimated count as it is answered: `ESTIMATE_DIGITS` significant digits (small
    counts as they are), and never fewer than the `at_least` matches actually read."""
    places = len(str(abs(estimate))) - ESTIMATE_DIGITS
    if places > 0:
        estimate = round(estimate, -places)
    return max(estimate, at_least)


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


class Snippet(SafeString):
    """A snippet's HTML (a SafeString, as it was) with the language of its text
    (`language`: "en", "fr" or "es"), which a page in another language marks with a
    `lang` attribute."""

    language: str = "en"

    @classmethod
    def of(cls, html: SafeString, language: str) -> Snippet:
        snippet = cls(html)
        snippet.language = language
        return snippet


def _translated(kind: Kind, objects: list[models.Model], language: str, using: str) -> set:
    """The keys of the records that have their own text, in `language`, of the field of
    their summary (`Kind.summary_field`): read from the records, or, where they were read
    without it (a list's deferred fields), in one query for all of them."""
    field = kind.summary_field
    if language == "en" or field is None:
        return set()
    name = f"{field}_{language}"
    loaded = [obj for obj in objects if name not in obj.get_deferred_fields()]
    found = {obj.pk for obj in loaded if getattr(obj, name, None)}
    deferred = [obj.pk for obj in objects if name in obj.get_deferred_fields()]
    if deferred:
        rows = kind.model._base_manager.using(using).filter(pk__in=deferred)
        found |= {pk for pk, text in rows.values_list("pk", name) if text}
    return found


def _snippet(
    kind: Kind,
    backend,
    obj,
    columns: dict[str, str | None],
    *,
    language: str = "en",
    translated: bool = False,
) -> Snippet:
    """The snippet of the first column where the query matched (in the backend's order
    of `columns`: the summary, the body, the keywords; for a French or Spanish query the
    language's summary first), or the start of the record's text if none did, with the
    language of its text. `language`: the query's (the columns of a type searched in
    English are all English); `translated`: whether the record has its own text of its
    summary's field in that language (`_translated`), without which the language's
    summary column holds the English."""
    own = language_columns(language) if language != "en" else ()
    for column, raw in columns.items():
        if snippet_text.has_match(raw):
            html = snippet_text.render(raw, escaped=backend.SNIPPETS_ESCAPED)
            if column not in own or (column.startswith("summary_") and not translated):
                return Snippet.of(html, "en")
            return Snippet.of(html, language)
    # The excerpt is the record's summary as the page shows it (its translation in the
    # active language, or the English where it has none), or English-only text (a
    # practice's description, a passage).
    text = kind.excerpt(obj)
    field = kind.summary_field
    own_text = translated and field is not None and current_language() == language
    if own_text and text and text == getattr(obj, f"{field}_{language}", None):
        return Snippet.of(snippet_text.excerpt(text), language)
    return Snippet.of(snippet_text.excerpt(text), "en")


def highlight(objects: Iterable[models.Model], text: str | Query) -> dict[int, SafeString]:
    """Snippets for a page of already-fetched records of one model, by primary key: the
    passage of each record where the query matched, HTML-escaped with the matched words
    in `<mark>`, or the start of its text when nothing in it matched. Each is a
    `Snippet`, whose `language` says which language its text is in. One query (two for
    a French or Spanish search of records read without their translated summary)."""
    objects = list(objects)
    if not objects:
        return {}
    using = objects[0]._state.db or "default"
    query = _understood(text, using)
    kind = kind_of(type(objects[0]))
    backend = backend_for(connections[using])
    raw = {}
    if not query.is_empty:
        raw = backend.snippets(kind, query, [obj.pk for obj in objects], using=using)
    translated = _translated(kind, objects, query.language, using)
    return {
        obj.pk: _snippet(
            kind,
            backend,
            obj,
            raw.get(obj.pk, {}),
            language=query.language,
            translated=obj.pk in translated,
        )
        for obj in objects
    }


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


def _best(
    kind: Kind,
    base: models.QuerySet,
    query: Query,
    window: int,
    *,
    scaled: bool,
    among: Selection | None = None,
    public: bool = False,
):
    """The `window` best matches of one type, as (pk, score) pairs best first, with the
    type's count and whether it is an estimate. Two queries at most, whatever the number
    of matches (see the module docstring); `scaled`: scores comparable across types
    (else within the type only, which may save the statistics query); `public`: the base
    is the type's public records (`Kind.public()`), which the backend may read from a
    table of their own (`newest_public`)."""
    backend = backend_for(connections[base.db])
    matched = backend.matches(base, kind, query)
    size = rank_window()
    found = kind.candidates(among, base.db)
    if found is not None:
        return _best_among(kind, backend, matched, query, window, found, scaled=scaled)
    newest = backend.newest_public(kind, query, size + 1, using=base.db) if public else None
    if newest is None:
        newest = list(
            backend.newest_first(matched, kind, query).values_list("pk", "search_rank")[: size + 1]
        )
    if not newest:
        return [], 0, False
    broad = len(newest) > size
    estimate, scale = None, 1.0
    if broad or scaled:
        estimate, scale = backend.statistics(kind, matched, query, newest, broad=broad)
    count = rounded_estimate(estimate, at_least=len(newest)) if broad else len(newest)
    best = _ranked(kind, query, newest[:size], using=base.db)
    return _scaled(best[:window], scale), count, broad


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
        estimate = rounded_estimate(
            round(len(newest) * candidates.count / read), at_least=len(newest)
        )
    best = _ranked(kind, query, newest[:size], using=matched.db)
    return _scaled(best[:window], scale), estimate, broad


def _ranked(kind, query, rows, *, using):
    """(pk, score) rows best first: by score, then the oldest first, then by proximity
    where the database's score lacks it (`_with_proximity`)."""
    best = sorted(rows, key=lambda row: (-row[1], row[0]))
    return _with_proximity(kind, query, best, using=using)


def _with_proximity(kind, query, best, *, using):
    """`best`, rows (pk, score, ...) best first, with the first `PROXIMITY_TESTED`
    scored again by how close the words typed stand in them, on a database whose score
    does not count it: a backend with `proximity()` (SQLite; PostgreSQL's `ts_rank_cd`
    is in its score). See `search.ranking.with_proximity`."""
    proximity = backend_for(connections[using]).proximity
    if proximity is None or not proximity_terms(query) or not best:
        return best
    tested = best[:PROXIMITY_TESTED]
    closeness = proximity(kind, query, [row[0] for row in tested], using=using)
    return with_proximity(best, closeness, PROXIMITY_TESTED)


def _scaled(best, scale):
    """(pk, score) rows with their scores divided by the type's scale."""
    return [(pk, score / scale) for pk, score in best]


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
