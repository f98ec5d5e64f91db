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

The same sets answer a whole list of practices built from the facet filters alone (a
`practices.selection.Selection`): the matching set is the intersection of the chosen
values' sets, its size is the count, and a page is its first positions in the order of
the list, which the index keeps too (`select`, `page`, `newest`). `practices.listing`
serves the practices lists from there, and `search` looks for words among a selection's
practices.

Staleness: every write that can change a count (a practice, its links, its citations, or
the name or slug of a value) sets a new random token in the one row of
`FacetIndexState`, in the same transaction (`practices.signals`). Each facet count reads
the token (one small query) and rebuilds the index when it is not the one the index was
built for. Rolled-back writes restore the old token, which still describes the data. Bulk
writes that send no signals (`bulk_create`, `QuerySet.update`, raw SQL) must call
`invalidate()`, as `generate_synthetic` does.
"""

from __future__ import annotations

import bisect
import threading
import uuid
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress, islice

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

from . import bitsets
from .models import FacetIndexState, Practice, PracticeCountry, PracticeInstitution
from .selection import Selection, YearRange

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

    def as_bits(self, size: int) -> int:
        if self.positions is None:
            return self.bits
        return bitsets.from_positions(self.positions, size)


# `FacetIndex.key_flags` joins slices when the keys make at most this many runs (each
# deletion splits one), and sets a byte per selected key beyond.
RUNS_JOINED = 2_000

# The orders a page of a selection can come in: those of the practices lists (the API's
# and the pages' `ordering`), each with the primary key last, as the lists have it.
ORDERINGS = ("title", "-title", "start_year", "-start_year", "updated_at", "-updated_at")


@dataclass
class FacetIndex:
    token: uuid.UUID
    positions: dict[int, int]
    """The position of each practice (any editorial state), by primary key: positions
    follow the primary keys, so position order is the order practices were added."""
    using: str = "default"
    pks: array = field(default_factory=lambda: array("q"))
    """The primary key at each position."""
    facets: dict[str, list[Value]] = field(default_factory=dict)
    """The values each facet lists, for the facet counts (public values only)."""
    selectable: dict[str, dict[object, Value]] = field(default_factory=dict)
    """Every value a selection may name, by facet and key: the facets' values (public
    ones only), editorial states and start years."""
    orders: dict[str, array] = field(default_factory=dict)
    rank_arrays: dict[str, array] = field(default_factory=dict)
    _runs: list[tuple[int, int, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def size(self) -> int:
        return len(self.pks)

    def matching(self, ids: Iterable[int]) -> tuple[int, set[int]]:
        """The bitset and the set of positions of the practices with these ids."""
        found = set(map(self.positions.get, ids))
        found.discard(None)  # a practice the index does not know cannot be counted
        return bitsets.from_positions(found, self.size), found

    def counts(self, ids: Iterable[int]) -> dict[str, list[tuple[Value, int]]]:
        return self._counts(*self.matching(ids))

    def counts_of(self, bits: int) -> dict[str, list[tuple[Value, int]]]:
        """The facet counts among the practices of a bitset (from `select`)."""
        return self._counts(bits, set(bitsets.positions(bits, self.size)))

    def _counts(self, bits: int, positions: set[int]) -> dict[str, list[tuple[Value, int]]]:
        if len(positions) == self.size:  # every practice matches
            return {
                name: [(value, value.size) for value in values]
                for name, values in self.facets.items()
            }
        return {
            name: [(value, value.count(bits, positions)) for value in values]
            for name, values in self.facets.items()
        }

    # Selections ------------------------------------------------------------------------

    def select(self, selection: Selection) -> int:
        """The bitset of the practices of a selection: for each criterion, the union of
        its values' sets, and the intersection of those. A value the index does not know
        is one no practice has (the index lists every value that a practice has)."""
        bits = bitsets.full(self.size)
        for facet, values in selection.criteria:
            table = self.selectable.get(facet, {})
            if isinstance(values, YearRange):
                chosen = [value for year, value in table.items() if year in values]
            else:
                chosen = [table[key] for key in values if key in table]
            union = 0
            for value in chosen:
                union |= value.as_bits(self.size)
            bits &= union
            if not bits:
                break
        return bits

    def page(self, bits: int, ordering: str, offset: int, limit: int) -> list[int]:
        """The primary keys of the practices of `bits` from `offset`, at most `limit` of
        them, in one of the `ORDERINGS`."""
        if limit <= 0 or not bits:
            return []
        count = bits.bit_count()
        # Walking the order reads about (offset + limit) * size / count positions to fill
        # the page; sorting finds every match (one pass over the positions) and sorts
        # them by rank. Measured at 100k practices: the walk costs about 46 ns a position
        # read, finding 2 to 17 ns a position, sorting 20 to 130 ns a match.
        walk = (offset + limit) * self.size / count
        if walk > self.size / 8 + 3 * count:
            rank = self.ranks(ordering)
            chosen = sorted(bitsets.positions(bits, self.size), key=rank.__getitem__)
            chosen = chosen[offset : offset + limit]
        else:
            order = self.order(ordering)
            chosen = islice(bitsets.in_order(bits, self.size, order), offset, offset + limit)
        return [self.pks[position] for position in chosen]

    def newest(self, bits: int) -> Iterator[int]:
        """The primary keys of the practices of `bits`, highest (newest) first, lazily."""
        return map(self.pks.__getitem__, bitsets.descending(bits, self.size))

    def count_from(self, bits: int, pk: int) -> int:
        """How many practices of `bits` have a primary key of at least `pk`."""
        return (bits >> bisect.bisect_left(self.pks, pk)).bit_count()

    def key_flags(self, bits: int) -> bytes:
        """One byte per primary key from 0 to the highest, 1 for the practices of `bits`:
        a set a database tests a key against in constant time (`substr(flags, key + 1,
        1)`) without a list of the keys. Built from the runs of consecutive keys, a slice
        of the positions' flags each (a quarter of a millisecond at 100,000 practices
        with few gaps; a key at a time when deletions left many)."""
        flags = bitsets.flags(bits, self.size)
        runs = self.runs()
        if len(runs) > RUNS_JOINED:
            by_key = bytearray(self.pks[-1] + 1)
            for pk in compress(self.pks, flags):
                by_key[pk] = 1
            return bytes(by_key)
        parts, next_pk = [], 0
        for first_pk, first_position, length in runs:
            parts += [bytes(first_pk - next_pk), flags[first_position : first_position + length]]
            next_pk = first_pk + length
        return b"".join(parts)

    def runs(self) -> list[tuple[int, int, int]]:
        """The runs of consecutive primary keys, as (first key, its position, length)."""
        if self._runs is None:
            runs, pks = [], self.pks
            start = 0
            for position in range(1, self.size + 1):
                if position == self.size or pks[position] != pks[position - 1] + 1:
                    runs.append((pks[start], start, position - start))
                    start = position
            self._runs = runs
        return self._runs

    def order(self, ordering: str) -> array:
        """Every position, in an order of `ORDERINGS` as the database sorts it (its own
        collation for titles, its own place for a missing start year), the primary key
        breaking ties. Asked of the database the first time a process needs it; a write
        since then gives the index a new token, and the next request a new index."""
        if ordering not in ORDERINGS:
            raise ValueError(f"The facet index orders by {', '.join(ORDERINGS)}, not {ordering}.")
        order = self.orders.get(ordering)
        if order is None:
            ordered = (
                Practice.objects.using(self.using)
                .order_by(ordering, "pk")
                .values_list("pk", flat=True)
                .iterator(chunk_size=10000)
            )
            known = self.positions
            found = (known.get(pk) for pk in ordered)
            order = array("i", (position for position in found if position is not None))
            if len(order) < self.size:  # a practice deleted since: add its position last
                missing = set(range(self.size)).difference(order)
                order.extend(sorted(missing))
            self.orders[ordering] = order
        return order

    def ranks(self, ordering: str) -> array:
        """The place of each position in `order(ordering)`."""
        ranks = self.rank_arrays.get(ordering)
        if ranks is None:
            ranks = array("i", bytes(4 * self.size))
            for rank, position in enumerate(self.order(ordering)):
                ranks[position] = rank
            self.rank_arrays[ordering] = ranks
        return ranks


class _Builder:
    def __init__(self, using: str, token: uuid.UUID):
        self.using = using
        rows = list(
            Practice.objects.using(using)
            .order_by("pk")
            .values_list("pk", "scope", "status", "editorial_state", "start_year")
        )
        self.index = FacetIndex(
            token,
            {row[0]: i for i, row in enumerate(rows)},
            using=using,
            pks=array("q", (row[0] for row in rows)),
        )
        self.size = len(rows)
        self.scope_rows = [(row[0], row[1]) for row in rows]
        self.status_rows = [(row[0], row[2]) for row in rows]
        self.state_rows = [(row[0], row[3]) for row in rows]
        self.year_rows = [(row[0], row[4]) for row in rows if row[4] is not None]

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

        # Institutions and tools: the published ones only, for the counts and for the
        # selections alike (as `PracticeQuerySet.with_institutions()` and the others);
        # a practice's unpublished institutions and tools are no part of it in public.
        linked = self.linked(PracticeInstitution, "institution")
        kinds: dict[str, set[int]] = defaultdict(set)
        facets["institution"] = []
        for pk, slug, name, kind in (
            Institution.objects.using(self.using)
            .filter(pk__in=list(linked), editorial_state=EditorialState.PUBLISHED)
            .values_list("pk", "slug", "name", "kind")
        ):
            facets["institution"].append(self.value(slug, name, linked[pk]))
            kinds[kind].update(linked[pk])
        facets["institution_kind"] = [
            self.value(value, str(label), kinds.get(value, ()))
            for value, label in Institution.Kind.choices
        ]

        through = Practice._meta.get_field("tools").remote_field.through
        linked = self.linked(through, "policytool")
        facets["tool"] = [
            self.value(slug, name, linked[pk])
            for pk, slug, name in PolicyTool.objects.using(self.using)
            .filter(pk__in=list(linked), editorial_state=EditorialState.PUBLISHED)
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

        selectable = self.index.selectable
        for facet, values in facets.items():
            selectable[facet] = {value.value: value for value in values}
        for facet, rows in (("editorial_state", self.state_rows), ("start_year", self.year_rows)):
            selectable[facet] = {
                key: self.value(str(key), str(key), positions)
                for key, positions in self.groups(rows).items()
            }
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
