"""Practices as flat rows: the practices' own columns by `.values()`, and for a batch of
their ids the links of every type (one query for a page, a UNION ALL of a query per type;
one query per type for an export's chunk), which bring the linked records' keys, names
and roles together. No model instances and no serializers: the API's list pages
(`PracticeViewSet`) and the CSV and XLSX exports (`practices.export`) are written from
these, in the order and with the values of the list representation (`PracticeSerializer`,
which still documents the shape in the schema; tests compare the two byte for byte).
The pages' lists read their items' links from here too (`practices.items`).

At 100,000 practices a page of 50 built from model instances spent about half its time
prefetching some 600 of them and a quarter in DRF's nested serializers
(`docs/performance.md`, "Lists from flat rows").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter

from django.db import connections
from django.db.models import (
    CharField,
    F,
    IntegerField,
    Model,
    QuerySet,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, NullIf, RowNumber
from django.utils import timezone

from coherence import navigation
from coherence.models import EditorialState
from coherence.translated import DEFAULT as DEFAULT_LANGUAGE
from coherence.translated import current as current_language
from coherence.translated import language_of, localized

from .models import (
    Practice,
    PracticeCountry,
    PracticeGcmObjective,
    PracticeGcmPrinciple,
    PracticeInstitution,
    PracticeSdgTarget,
)

# A practice's own columns in a list row (`pk` first: the links are found by it).
OWN = ("pk", "slug", "title", "summary", "scope", "start_year", "end_year", "status", "updated_at")
# The translated columns among them: each one's text in the active language, read beside
# the text shown (which falls back to English), says which language that text is in.
TRANSLATED = ("title", "summary")
# The multi-valued columns of a list row, in the order the representation gives them.
LINKS = (
    "countries",
    "coherence_levels",
    "themes",
    "institutions",
    "tools",
    "gcm_objectives",
    "gcm_principles",
    "sdg_targets",
)
# Stands for the slug in a reversed URL, replaced by each practice's own.
SLUG = navigation.PLACEHOLDER


# Stands for the practices' ids in the link queries' SQL, compiled once per database.
IDS = "__practice_ids__"


def _of(through) -> QuerySet:
    """The link rows of the practices whose ids replace `IDS` in the compiled SQL. The ids
    are the database's own integers, written into the SQL as such: binding thousands of
    parameters one by one cost more than the queries themselves."""
    table = through._meta.db_table
    column = through._meta.get_field("practice").column
    return through.objects.extra(where=[f'"{table}"."{column}" IN ({IDS})'])


def _name(path: str, language: str):
    """A linked record's name (`country__name`) in the language, English where it has
    no translation (as the records' own fields fall back)."""
    if language == DEFAULT_LANGUAGE:
        return F(path)
    return Coalesce(
        NullIf(F(localized(path, language)), Value("")),
        F(localized(path, DEFAULT_LANGUAGE)),
        F(path),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class LinkType:
    """One multi-valued column as data: the link table, the linked record's key and name,
    whether the link has a role, whether only published records count, and the order of
    its rows. Both the type's own query (`query()`) and its part of the page's one
    statement (`_one_statement()`) are built from these, rather than the one read back
    from the other's compiled query (Django's `Query` internals)."""

    through: type[Model]
    # The linked record's key and name, from the link table (`country__iso3`).
    key: str
    name: str
    # The order of the rows (`practice_id` first; a unique key last breaks ties).
    order: tuple[str, ...]
    role: bool = False
    # The linked record's editorial state, where a public list shows published ones only.
    published: str | None = None

    @property
    def fields(self) -> tuple[str, ...]:
        """The columns of each row: `(practice id, key, name[, role])`."""
        return ("practice_id", self.key, "link_name", *(("role",) if self.role else ()))

    def query(self, language: str) -> QuerySet:
        """The type's rows for the practices whose ids replace `IDS`, the names in
        `language`."""
        query = _of(self.through).annotate(link_name=_name(self.name, language))
        if self.published is not None:
            query = query.filter(**{self.published: EditorialState.PUBLISHED})
        return query.order_by(*self.order).values_list(*self.fields)


# The links of each multi-valued column, in the order of the list representation (the
# related model's ordering; the primary key breaks ties). A public list shows published
# institutions and tools only (`docs/decisions/0006-drafts-never-leak.md`).
LINK_TYPES: dict[str, LinkType] = {
    "countries": LinkType(
        PracticeCountry,
        key="country__iso3",
        name="country__name",
        order=("practice_id", "role", "link_name", "pk"),
        role=True,
    ),
    "institutions": LinkType(
        PracticeInstitution,
        key="institution__slug",
        name="institution__name",
        order=("practice_id", "role", "link_name", "pk"),
        role=True,
        published="institution__editorial_state",
    ),
    "tools": LinkType(
        Practice.tools.through,
        key="policytool__slug",
        name="policytool__name",
        order=("practice_id", "link_name", "policytool_id"),
        published="policytool__editorial_state",
    ),
    "coherence_levels": LinkType(
        Practice.coherence_levels.through,
        key="coherencelevel__slug",
        name="coherencelevel__name",
        order=("practice_id", "coherencelevel__order", "link_name", "coherencelevel_id"),
    ),
    "themes": LinkType(
        Practice.themes.through,
        key="theme__slug",
        name="theme__name",
        order=("practice_id", "link_name", "theme_id"),
    ),
    # The knowledge base's classification, in its models' order.
    "gcm_objectives": LinkType(
        PracticeGcmObjective,
        key="objective__number",
        name="objective__short_title",
        order=("practice_id", "objective__number", "pk"),
    ),
    "gcm_principles": LinkType(
        PracticeGcmPrinciple,
        key="principle__slug",
        name="principle__title",
        order=("practice_id", "principle__number", "pk"),
    ),
    "sdg_targets": LinkType(
        PracticeSdgTarget,
        key="target__code",
        name="target__short_title",
        order=("practice_id", "target__goal", "target_id", "pk"),
    ),
}


def link_queries(language: str = DEFAULT_LANGUAGE) -> dict[str, QuerySet]:
    """For each multi-valued column (`LINK_TYPES`), `(practice id, key, name[, role])` of
    the records linked to each practice, in the order of the list representation, the
    names in `language`."""
    return {column: link.query(language) for column, link in LINK_TYPES.items()}


# A page's links are read in one statement (UNION ALL of the link queries): for a page,
# one round trip instead of eight is what counts. Beyond this many practices (the
# exports' chunks) each type is read on its own: the rows outweigh the round trips, and
# the union's wider rows and its sort cost more (measured on PostgreSQL at 10k practices:
# the CSV export 0.9-1.1 s with a query per type, 1.5-1.6 s with one statement).
ONE_STATEMENT_MAX = 200
# In the one statement, each row is: the type's position among the columns read, the
# practice, the key as text and as a number (the objectives' numbers), the name, the role
# (or NULL), and the row's place in the type's own order.
# The link types whose key is a number (read from the numeric column).
NUMERIC_KEYS = frozenset({"gcm_objectives"})
# The link types that have a role.
ROLES = frozenset(column for column, link in LINK_TYPES.items() if link.role)

_compiled: dict[tuple[str, str, tuple[str, ...]], tuple[str, tuple]] = {}
_compiled_apart: dict[tuple[str, str], dict[str, tuple[str, tuple]]] = {}
# A row's type and place in its type's order.
_IN_ORDER = itemgetter(0, 6)


def _one_statement(using: str, columns: tuple[str, ...]) -> tuple[str, tuple]:
    """`link_queries()` for `columns` as one statement of the database's SQL and its
    parameters, in the active language: the queries' rows (UNION ALL), each with its
    place in its type's order (ROW_NUMBER over the type's `order`), by which
    `link_rows()` sorts them. Compiled once per database, language and columns (compiling
    the joins cost more than running them for a page)."""
    language = current_language()
    compiled = _compiled.get((using, language, columns))
    if compiled is not None:
        return compiled
    parts, params = [], []
    for position, column in enumerate(columns):
        link = LINK_TYPES[column]
        order = [F(name[1:]).desc() if name.startswith("-") else F(name) for name in link.order]
        numeric = column in NUMERIC_KEYS
        key = link.key
        # Each column of one type in every select (PostgreSQL matches a UNION's types
        # select by select: a NULL must say what it stands for).
        null = Value(None)
        query = (
            link.query(language)
            .annotate(
                link_type=Value(position),
                link_text=Cast(null if numeric else F(key), TextField()),
                link_number=Cast(F(key) if numeric else null, IntegerField()),
                link_union_name=Cast("link_name", TextField()),
                link_role=Cast(F("role") if link.role else null, TextField()),
                link_order=Window(RowNumber(), order_by=order),
            )
            .order_by()
        )
        query = query.values_list(
            "link_type",
            "practice_id",
            "link_text",
            "link_number",
            "link_union_name",
            "link_role",
            "link_order",
        )
        sql, part_params = query.query.get_compiler(using).as_sql()
        parts.append(sql)
        params.extend(part_params)
    compiled = (" UNION ALL ".join(parts), tuple(params))
    _compiled[(using, language, columns)] = compiled
    return compiled


def _apart(using: str) -> dict[str, tuple[str, tuple]]:
    """`link_queries()` as each database's SQL and parameters in the active language, one
    statement per type, compiled once per process."""
    language = current_language()
    compiled = _compiled_apart.get((using, language))
    if compiled is None:
        compiled = {
            column: query.query.get_compiler(using).as_sql()
            for column, query in link_queries(language).items()
        }
        _compiled_apart[(using, language)] = compiled
    return compiled


def link_rows(ids: list[int], using: str, columns=LINKS) -> dict[str, list[tuple]]:
    """The rows of `link_queries()` for these practices, for each of `columns`, as each
    query gives them (`(practice id, key, name)`, and the role of the countries and
    institutions): one query for a page (at most `ONE_STATEMENT_MAX` practices), one per
    type for more, whatever the number of practices."""
    columns = tuple(columns)
    listed = ",".join(str(int(pk)) for pk in ids) or "NULL"
    if len(ids) > ONE_STATEMENT_MAX:
        apart = {}
        with connections[using].cursor() as cursor:
            for column in columns:
                sql, params = _apart(using)[column]
                cursor.execute(sql.replace(IDS, listed), params)
                apart[column] = cursor.fetchall()
        return apart
    found: dict[str, list[tuple]] = {column: [] for column in columns}
    sql, params = _one_statement(using, columns)
    with connections[using].cursor() as cursor:
        cursor.execute(sql.replace(IDS, listed), params)
        rows = cursor.fetchall()
    # In each type's order (sorting here costs less than a sort of the union by SQLite).
    rows.sort(key=_IN_ORDER)
    shapes = [(found[column].append, column in NUMERIC_KEYS, column in ROLES) for column in columns]
    for link_type, practice_id, text, number, name, role, _order in rows:
        append, numeric, roles = shapes[link_type]
        key = number if numeric else text
        append((practice_id, key, name, role) if roles else (practice_id, key, name))
    return found


def own_columns(language: str | None = None) -> tuple[str, ...]:
    """A list row's own columns (`OWN`) and, in French or Spanish, the translated columns'
    text in that language (`title_fr`, `summary_fr`), last."""
    language = language or current_language()
    if language == DEFAULT_LANGUAGE:
        return OWN
    return OWN + tuple(localized(name, language) for name in TRANSLATED)


def languages(row: dict, language: str) -> dict[str, str]:
    """`languages` of a row read with `own_columns(language)`: the language of each
    translated column shown."""
    return {name: language_of(row.get(localized(name, language)), language) for name in TRANSLATED}


def urls(request) -> tuple[str, str]:
    """A practice's API and web URLs with `SLUG` for its slug, absolute when there is a
    request (as the serializers' `ApiUrlField` and `WebUrlField` write them)."""
    absolute = request.build_absolute_uri if request is not None else (lambda path: path)
    api_url = absolute(navigation.slug_address("api:practice-detail", SLUG))
    web_url = absolute(navigation.slug_address("practices:detail", SLUG))
    return api_url, web_url


def iso_datetime(value: datetime.datetime, zone) -> str:
    """A date-time as the API writes it (ISO 8601 in the current time zone, UTC as `Z`)."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def list_representations(rows: Iterable[dict], using: str, request=None) -> list[dict]:
    """The list representation (`PracticeSerializer`'s, key for key and value for value)
    of practices read as `.values(*own_columns())` rows: one query for the links,
    whatever the number of rows."""
    rows = list(rows)
    if not rows:
        return []
    linked: dict[str, dict[int, list]] = {}
    for column, query in link_rows([row["pk"] for row in rows], using).items():
        by_practice: dict[int, list] = defaultdict(list)
        if column == "countries":
            for practice_id, key, name, role in query:
                by_practice[practice_id].append({"iso3": key, "name": name, "role": role})
        elif column == "institutions":
            for practice_id, key, name, role in query:
                by_practice[practice_id].append({"slug": key, "name": name, "role": role})
        elif column == "tools":
            for practice_id, key, name in query:
                by_practice[practice_id].append({"slug": key, "name": name})
        else:
            for practice_id, key, _name in query:
                by_practice[practice_id].append(key)
        linked[column] = by_practice
    countries, levels, themes = linked["countries"], linked["coherence_levels"], linked["themes"]
    institutions, tools = linked["institutions"], linked["tools"]
    objectives, principles = linked["gcm_objectives"], linked["gcm_principles"]
    targets = linked["sdg_targets"]
    api_url, web_url = urls(request)
    zone = timezone.get_current_timezone()
    language = current_language()
    # Each translated field's column in the active language, worked out once a page.
    translated = [(name, localized(name, language)) for name in TRANSLATED]
    out = []
    for row in rows:
        pk, slug, updated = row["pk"], row["slug"], row["updated_at"]
        out.append(
            {
                "slug": slug,
                "title": row["title"],
                "summary": row["summary"],
                "countries": countries.get(pk, []),
                "coherence_levels": levels.get(pk, []),
                "themes": themes.get(pk, []),
                "institutions": institutions.get(pk, []),
                "tools": tools.get(pk, []),
                "gcm_objectives": objectives.get(pk, []),
                "gcm_principles": principles.get(pk, []),
                "sdg_targets": targets.get(pk, []),
                "scope": row["scope"],
                "start_year": row["start_year"],
                "end_year": row["end_year"],
                "status": row["status"],
                "updated_at": None if updated is None else iso_datetime(updated, zone),
                "url": api_url.replace(SLUG, slug),
                "web_url": web_url.replace(SLUG, slug),
                "languages": {
                    name: language_of(row.get(column), language) for name, column in translated
                },
            }
        )
    return out
