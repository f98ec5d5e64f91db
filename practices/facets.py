"""Facet counts for a set of practices: for each facet of the practices sidebar (and of
`/api/v1/practices/facets/`), its values with the number of matching practices.

Counts are taken among the practices given (all filters applied). The small fixed
vocabularies (coherence levels, elements, themes, scope, status, institution kinds,
sources) list every value, zero counts included, so a user sees what is absent; the open
lists (countries, regions, institutions, tools) list the values that occur. Every facet
costs one query (regions three), whatever the number of practices.
"""

from __future__ import annotations

from typing import TypedDict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    EditorialState,
    Institution,
    SourceDocument,
    Theme,
)

from .models import Practice, PracticeCountry, PracticeInstitution

FACETS = (
    "country",
    "region",
    "coherence_level",
    "element",
    "theme",
    "scope",
    "status",
    "institution_kind",
    "institution",
    "tool",
    "source",
)


class FacetValue(TypedDict):
    value: str
    label: str
    count: int


def _values(rows, key, label, count="count") -> list[FacetValue]:
    return [{"value": row[key], "label": row[label], "count": row[count]} for row in rows]


def _with_choices(choices, counted: dict[str, int]) -> list[FacetValue]:
    return [
        {"value": value, "label": str(label), "count": counted.get(value, 0)}
        for value, label in choices
    ]


def _sorted(values: list[FacetValue]) -> list[FacetValue]:
    return sorted(values, key=lambda v: (-v["count"], v["label"]))


def practice_facets(practices: QuerySet[Practice]) -> dict[str, list[FacetValue]]:
    ids = practices.order_by().values("pk")
    facets: dict[str, list[FacetValue]] = {}

    countries = (
        PracticeCountry.objects.filter(practice__in=ids)
        .values("country__iso3", "country__name")
        .annotate(count=Count("practice_id", distinct=True))
        .order_by("-count", "country__name")
    )
    facets["country"] = _values(countries, "country__iso3", "country__name")

    regions: list[FacetValue] = []
    for level in ("region", "subregion", "intermediate_region"):
        rows = (
            PracticeCountry.objects.filter(practice__in=ids, **{f"country__{level}__isnull": False})
            .values(f"country__{level}__slug", f"country__{level}__name")
            .annotate(count=Count("practice_id", distinct=True))
        )
        regions += _values(rows, f"country__{level}__slug", f"country__{level}__name")
    facets["region"] = _sorted(regions)

    in_ids = Q(practices__in=ids)
    for name, model in (
        ("coherence_level", CoherenceLevel),
        ("element", CoherenceElement),
        ("theme", Theme),
    ):
        rows = model.objects.annotate(count=Count("practices", filter=in_ids)).values(
            "slug", "name", "count"
        )
        facets[name] = _values(rows, "slug", "name")
    facets["theme"] = _sorted(facets["theme"])

    for name, choices in (("scope", Practice.Scope.choices), ("status", Practice.Status.choices)):
        counted = dict(practices.order_by().values_list(name).annotate(count=Count("pk")))
        facets[name] = _with_choices(choices, counted)

    published_links = PracticeInstitution.objects.filter(
        practice__in=ids, institution__editorial_state=EditorialState.PUBLISHED
    )
    kinds = dict(
        published_links.order_by()
        .values_list("institution__kind")
        .annotate(count=Count("practice_id", distinct=True))
    )
    facets["institution_kind"] = _with_choices(Institution.Kind.choices, kinds)
    institutions = (
        published_links.values("institution__slug", "institution__name")
        .annotate(count=Count("practice_id", distinct=True))
        .order_by("-count", "institution__name")
    )
    facets["institution"] = _values(institutions, "institution__slug", "institution__name")

    tools = (
        Practice.tools.through.objects.filter(
            practice__in=ids, policytool__editorial_state=EditorialState.PUBLISHED
        )
        .values("policytool__slug", "policytool__name")
        .annotate(count=Count("practice_id", distinct=True))
        .order_by("-count", "policytool__name")
    )
    facets["tool"] = _values(tools, "policytool__slug", "policytool__name")

    cited = dict(
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(Practice), object_id__in=ids
        )
        .order_by()
        .values_list("source__slug")
        .annotate(count=Count("object_id", distinct=True))
    )
    facets["source"] = [
        {"value": slug, "label": short_title or title, "count": cited.get(slug, 0)}
        for slug, short_title, title in SourceDocument.objects.values_list(
            "slug", "short_title", "title"
        )
    ]
    return facets
