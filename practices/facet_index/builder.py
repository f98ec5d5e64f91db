"""Building the facet index from the database: a few queries of keys, one per link type,
read once per token (`practices.facet_index`)."""

from __future__ import annotations

import uuid
from array import array
from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from modeltranslation.translator import NotRegistered, translator

from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    EditorialState,
    GcmObjective,
    Institution,
    PolicyTool,
    Region,
    SdgTarget,
    SourceDocument,
    Theme,
)

from ..models import CLASSIFICATIONS, Practice, PracticeCountry, PracticeInstitution
from .index import FacetIndex, Localized, Value

# A value shared by fewer than one practice in SPARSE keeps a set of positions: measured
# at 100k practices, intersecting a few hundred positions with the matching set is
# quicker than a 12.5 KB bitset operation, and smaller (bench/facets.py).
SPARSE = 512
PUBLISHED = EditorialState.PUBLISHED


def label(record) -> str:
    """A classification value's label in the facets: an objective's number and short
    title, a principle's title, a target's code and short title."""
    if isinstance(record, GcmObjective):
        return f"{record.number}. {record.short_title}"
    if isinstance(record, SdgTarget):
        return f"{record.code} {record.short_title}".strip()
    return str(record)


class Builder:
    """Reads the practices' keys and links of one database and makes its `FacetIndex`."""

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
        self.rows = rows

    def build(self) -> FacetIndex:
        facets = self.index.facets
        facets["country"], facets["region"] = self.countries_and_regions()
        for facet, field, model in (
            ("coherence_level", "coherence_levels", CoherenceLevel),
            ("element", "elements", CoherenceElement),
            ("theme", "themes", Theme),
        ):
            facets[facet] = self.vocabulary(field, model)
        facets["scope"] = self.choices(1, Practice.Scope.choices)
        facets["status"] = self.choices(2, Practice.Status.choices)
        facets["institution"], facets["institution_kind"] = self.institutions()
        facets["tool"] = self.tools()
        facets["source"] = self.sources()
        facets.update(self.classification())
        self.selectable()
        return self.index

    # Reading -----------------------------------------------------------------------

    def groups(self, rows: Iterable[tuple[int, object]]) -> dict[object, list[int]]:
        """Positions of the practices per key, from (practice id, key) rows."""
        positions = self.index.positions
        grouped: dict[object, list[int]] = defaultdict(list)
        for pk, key in rows:
            if pk in positions:
                grouped[key].append(positions[pk])
        return grouped

    def linked(self, through, target: str, **filters) -> dict[object, list[int]]:
        """Positions of the practices per linked record id, from a link table."""
        return self.groups(
            through.objects.using(self.using)
            .filter(**filters)
            .values_list("practice_id", f"{target}_id")
            .iterator(chunk_size=10000)
        )

    def value(self, value: str, label: str, positions: Iterable[int]) -> Value:
        positions = frozenset(positions)
        if len(positions) * SPARSE < self.size:
            return Value(value, label, len(positions), positions=positions)
        bits = bytearray((self.size + 7) // 8)
        for position in positions:
            bits[position >> 3] |= 1 << (position & 7)
        return Value(value, label, len(positions), bits=int.from_bytes(bits, "little"))

    def records(self, model, *fields, **filters):
        """`(pk, *fields)` of the model's records; a translated field (a name) as a
        `Localized` of its text in every language."""
        try:
            translated = set(translator.get_options_for_model(model).fields)
        except NotRegistered:
            translated = set()
        languages = settings.MODELTRANSLATION_LANGUAGES
        columns = [
            column
            for name in fields
            for column in (
                [f"{name}_{language}" for language in languages] if name in translated else [name]
            )
        ]
        rows = model.objects.using(self.using).filter(**filters).values_list("pk", *columns)
        for row in rows:
            values, at = [row[0]], 1
            for name in fields:
                if name in translated:
                    values.append(
                        Localized(dict(zip(languages, row[at : at + len(languages)], strict=True)))
                    )
                    at += len(languages)
                else:
                    values.append(row[at])
                    at += 1
            yield tuple(values)

    # The facets --------------------------------------------------------------------

    def countries_and_regions(self) -> tuple[list[Value], list[Value]]:
        """Countries with practices; regions with the practices of their countries (a
        country is in its region, sub-region and intermediate region)."""
        countries = self.linked(PracticeCountry, "country")
        regions: dict[int, set[int]] = defaultdict(set)
        country_values = []
        fields = ("iso3", "name", "region_id", "subregion_id", "intermediate_region_id")
        for pk, iso3, name, *in_regions in self.records(Country, *fields):
            if pk in countries:
                country_values.append(self.value(iso3, name, countries[pk]))
                for region in filter(None, in_regions):
                    regions[region].update(countries[pk])
        region_values = [
            self.value(slug, name, regions[pk])
            for pk, slug, name in self.records(Region, "slug", "name")
            if pk in regions
        ]
        return country_values, region_values

    def vocabulary(self, field: str, model) -> list[Value]:
        """Every record of a small vocabulary (levels, elements, themes), zero or not."""
        through = Practice._meta.get_field(field).remote_field.through
        linked = self.linked(through, model._meta.model_name)
        return [
            self.value(slug, label, linked.get(pk, ()))
            for pk, slug, label in self.records(model, "slug", "name")
        ]

    def choices(self, column: int, choices) -> list[Value]:
        """Every choice of a practice's own field (scope, status), from its column."""
        grouped = self.groups((row[0], row[column]) for row in self.rows)
        return [self.value(value, str(label), grouped.get(value, ())) for value, label in choices]

    def institutions(self) -> tuple[list[Value], list[Value]]:
        """The published institutions with practices, and the kinds of institution. A
        practice's unpublished institutions are no part of it in public, for the counts
        and the selections alike (as `PracticeQuerySet.with_institutions()`)."""
        linked = self.linked(PracticeInstitution, "institution")
        kinds: dict[str, set[int]] = defaultdict(set)
        values = []
        for pk, slug, name, kind in self.records(
            Institution, "slug", "name", "kind", pk__in=list(linked), editorial_state=PUBLISHED
        ):
            values.append(self.value(slug, name, linked[pk]))
            kinds[kind].update(linked[pk])
        kind_values = [
            self.value(value, str(label), kinds.get(value, ()))
            for value, label in Institution.Kind.choices
        ]
        return values, kind_values

    def tools(self) -> list[Value]:
        """The published tools with practices."""
        through = Practice._meta.get_field("tools").remote_field.through
        linked = self.linked(through, "policytool")
        return [
            self.value(slug, name, linked[pk])
            for pk, slug, name in self.records(
                PolicyTool, "slug", "name", pk__in=list(linked), editorial_state=PUBLISHED
            )
        ]

    def sources(self) -> list[Value]:
        """Every source paper, with the practices that cite it."""
        content_type = ContentType.objects.db_manager(self.using).get_for_model(Practice)
        cited = self.groups(
            Citation.objects.using(self.using)
            .filter(content_type=content_type)
            .values_list("object_id", "source_id")
            .iterator(chunk_size=10000)
        )
        return [
            self.value(slug, short_title or title, cited.get(pk, ()))
            for pk, slug, short_title, title in self.records(
                SourceDocument, "slug", "short_title", "title"
            )
        ]

    def classification(self) -> dict[str, list[Value]]:
        """Every GCM objective, GCM guiding principle and SDG target, with the practices
        the knowledge base classifies under it (keyed by number, slug and code)."""
        facets = {}
        for _name, through, field, _key, facet in CLASSIFICATIONS:
            linked = self.linked(through, field)
            model = through._meta.get_field(field).related_model
            facets[facet] = [
                self.value(
                    record.key, Localized(make=partial(label, record)), linked.get(record.pk, ())
                )
                for record in model.objects.using(self.using).all()
            ]
        return facets

    def selectable(self) -> None:
        """What a selection may name: the facets' values, editorial states, start years."""
        selectable = self.index.selectable
        for facet, values in self.index.facets.items():
            selectable[facet] = {value.value: value for value in values}
        states = self.groups((row[0], row[3]) for row in self.rows)
        years = self.groups((row[0], row[4]) for row in self.rows if row[4] is not None)
        for facet, grouped in (("editorial_state", states), ("start_year", years)):
            selectable[facet] = {
                key: self.value(str(key), str(key), positions) for key, positions in grouped.items()
            }
