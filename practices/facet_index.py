"""The facet index: for every facet value (a country, a region, a coherence level, an
institution...), the set of practices that have it, held in memory by each process.

Counting a facet value among the practices that match the filters is then the size of an
intersection of two sets, computed in Python without touching the database: the filters
run once (one query fetching the matching ids) and every facet of the sidebar is counted
from the index. This is what search engines do with their filter bitsets, and it keeps the
facets fast whatever the number of practices (see `docs/performance.md`), where counting
with SQL joins every link table to the matching set on every request.

Sets are Python integers used as bitsets, one bit per practice (by its position in the
ordered primary keys), for values that many practices share; a value with few practices
keeps a plain set of positions instead, which is smaller and quicker to intersect.

Staleness: every write that can change a count (a practice, its links, its citations, or
the name or slug of a value) sets a new random token in the one row of
`FacetIndexState`, in the same transaction (`practices.signals`). Each facet count reads
the token (one small query) and rebuilds the index when it is not the one the index was
built for. Rolled-back writes restore the old token, which still describes the data. Bulk
writes that send no signals (`bulk_create`, `QuerySet.update`, raw SQL) must call
`invalidate()`, as `generate_synthetic` does.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    EditorialState,
    Institution,
    PolicyTool,
    Region,
    SourceDocument,
    Theme,
)

from .models import FacetIndexState, Practice, PracticeCountry, PracticeInstitution

# A value shared by fewer than one practice in SPARSE keeps a set of positions: measured
# at 100k practices, intersecting a few hundred positions with the matching set is
# quicker than a 12.5 KB bitset operation, and smaller (bench/facets.py).
SPARSE = 512


@dataclass
class Value:
    """A facet value, its label and the practices (bit positions) that have it."""

    value: str
    label: str
    size: int
    bits: int = 0
    positions: frozenset[int] | None = None

    def count(self, matching: int, matching_positions: set[int]) -> int:
        if self.positions is not None:
            return len(self.positions & matching_positions) if self.positions else 0
        return (self.bits & matching).bit_count()


@dataclass
class FacetIndex:
    token: uuid.UUID
    positions: dict[int, int]
    facets: dict[str, list[Value]] = field(default_factory=dict)

    def matching(self, ids: Iterable[int]) -> tuple[int, set[int]]:
        """The bitset and the set of positions of the practices with these ids."""
        found = set(map(self.positions.get, ids))
        found.discard(None)  # a practice the index does not know cannot be counted
        bits = bytearray((len(self.positions) + 7) // 8)
        for position in found:
            bits[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(bits, "little"), found

    def counts(self, ids: Iterable[int]) -> dict[str, list[tuple[Value, int]]]:
        bits, positions = self.matching(ids)
        if len(positions) == len(self.positions):  # every practice matches
            return {
                name: [(value, value.size) for value in values]
                for name, values in self.facets.items()
            }
        return {
            name: [(value, value.count(bits, positions)) for value in values]
            for name, values in self.facets.items()
        }


class _Builder:
    def __init__(self, using: str, token: uuid.UUID):
        self.using = using
        rows = list(
            Practice.objects.using(using).order_by("pk").values_list("pk", "scope", "status")
        )
        self.index = FacetIndex(token, {pk: i for i, (pk, _, _) in enumerate(rows)})
        self.size = len(rows)
        self.scope_rows = [(pk, scope) for pk, scope, _ in rows]
        self.status_rows = [(pk, status) for pk, _, status in rows]

    def groups(self, rows: Iterable[tuple[int, object]]) -> dict[object, list[int]]:
        """Positions of the practices per key, from (practice id, key) rows."""
        positions = self.index.positions
        grouped: dict[object, list[int]] = defaultdict(list)
        for pk, key in rows:
            if pk in positions:
                grouped[key].append(positions[pk])
        return grouped

    def value(self, value: str, label: str, positions: Iterable[int]) -> Value:
        positions = frozenset(positions)
        if len(positions) * SPARSE < self.size:
            return Value(value, label, len(positions), positions=positions)
        bits = bytearray((self.size + 7) // 8)
        for position in positions:
            bits[position >> 3] |= 1 << (position & 7)
        return Value(value, label, len(positions), bits=int.from_bytes(bits, "little"))

    def linked(self, through, target: str, **filters) -> dict[object, list[int]]:
        return self.groups(
            through.objects.using(self.using)
            .filter(**filters)
            .values_list("practice_id", f"{target}_id")
            .iterator(chunk_size=10000)
        )

    def build(self) -> FacetIndex:
        facets = self.index.facets
        objects = {model: model.objects.using(self.using) for model in (Country, Region)}

        countries = self.linked(PracticeCountry, "country")
        regions: dict[int, set[int]] = defaultdict(set)
        facets["country"] = []
        for pk, iso3, name, *in_regions in objects[Country].values_list(
            "pk", "iso3", "name", "region_id", "subregion_id", "intermediate_region_id"
        ):
            if pk in countries:
                facets["country"].append(self.value(iso3, name, countries[pk]))
                for region in filter(None, in_regions):
                    regions[region].update(countries[pk])
        facets["region"] = [
            self.value(slug, name, regions[pk])
            for pk, slug, name in objects[Region].values_list("pk", "slug", "name")
            if pk in regions
        ]

        for facet, name, model in (
            ("coherence_level", "coherence_levels", CoherenceLevel),
            ("element", "elements", CoherenceElement),
            ("theme", "themes", Theme),
        ):
            through = Practice._meta.get_field(name).remote_field.through
            linked = self.linked(through, model._meta.model_name)
            facets[facet] = [
                self.value(slug, label, linked.get(pk, ()))
                for pk, slug, label in model.objects.using(self.using).values_list(
                    "pk", "slug", "name"
                )
            ]

        for facet, rows, choices in (
            ("scope", self.scope_rows, Practice.Scope.choices),
            ("status", self.status_rows, Practice.Status.choices),
        ):
            grouped = self.groups(rows)
            facets[facet] = [
                self.value(value, str(label), grouped.get(value, ())) for value, label in choices
            ]

        published = {"institution__editorial_state": EditorialState.PUBLISHED}
        linked = self.linked(PracticeInstitution, "institution", **published)
        kinds: dict[str, set[int]] = defaultdict(set)
        facets["institution"] = []
        for pk, slug, name, kind in (
            Institution.objects.using(self.using)
            .filter(pk__in=list(linked))
            .values_list("pk", "slug", "name", "kind")
        ):
            facets["institution"].append(self.value(slug, name, linked[pk]))
            kinds[kind].update(linked[pk])
        facets["institution_kind"] = [
            self.value(value, str(label), kinds.get(value, ()))
            for value, label in Institution.Kind.choices
        ]

        through = Practice._meta.get_field("tools").remote_field.through
        linked = self.linked(
            through, "policytool", policytool__editorial_state=EditorialState.PUBLISHED
        )
        facets["tool"] = [
            self.value(slug, name, linked[pk])
            for pk, slug, name in PolicyTool.objects.using(self.using)
            .filter(pk__in=list(linked))
            .values_list("pk", "slug", "name")
        ]

        content_type = ContentType.objects.db_manager(self.using).get_for_model(Practice)
        cited = self.groups(
            Citation.objects.using(self.using)
            .filter(content_type=content_type)
            .values_list("object_id", "source_id")
            .iterator(chunk_size=10000)
        )
        facets["source"] = [
            self.value(slug, short_title or title, cited.get(pk, ()))
            for pk, slug, short_title, title in SourceDocument.objects.using(
                self.using
            ).values_list("pk", "slug", "short_title", "title")
        ]
        return self.index


_lock = threading.Lock()
_indexes: dict[str, FacetIndex] = {}


def current_token(using: str) -> uuid.UUID | None:
    return FacetIndexState.objects.using(using).filter(pk=1).values_list("token", flat=True).first()


def index_for(using: str) -> FacetIndex:
    """The index of the database `using`, rebuilt if a write changed its token."""
    token = current_token(using)
    if token is None:  # the row was deleted (a flushed database): start a new one
        token = FacetIndexState.objects.using(using).get_or_create(pk=1)[0].token
    index = _indexes.get(using)
    if index is not None and index.token == token:
        return index
    with _lock:
        index = _indexes.get(using)
        if index is None or index.token != token:
            # The token is read before the data: a write between the two is in the data
            # and changes the token, so the index is rebuilt at the next count.
            index = _Builder(using, token).build()
            _indexes[using] = index
    return index


def invalidate(using: str) -> None:
    """Tell every process that the practices' facets changed."""
    updated = FacetIndexState.objects.using(using).filter(pk=1).update(token=uuid.uuid4())
    if not updated:
        FacetIndexState.objects.using(using).get_or_create(pk=1)


def matching_ids(practices: QuerySet[Practice]) -> list[int]:
    """The ids of the practices, fetched as one comma-separated string: a hundred thousand
    ids come about three times faster than as a hundred thousand rows."""
    try:
        sql, params = practices.order_by().values_list("pk", flat=True).query.sql_with_params()
    except EmptyResultSet:  # e.g. `.none()`
        return []
    connection = connections[practices.db]
    if connection.vendor == "postgresql":
        aggregate = "string_agg(CAST(m.id AS text), ',')"
    else:
        aggregate = "group_concat(m.id, ',')"
    with connection.cursor() as cursor:
        cursor.execute(f"WITH m (id) AS ({sql}) SELECT {aggregate} FROM m", params)
        joined = cursor.fetchone()[0]
    return list(map(int, joined.split(","))) if joined else []


def counts(practices: QuerySet[Practice]) -> dict[str, list[tuple[Value, int]]]:
    index = index_for(practices.db)
    return index.counts(matching_ids(practices))
