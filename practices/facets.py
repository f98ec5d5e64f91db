"""Facet counts for a set of practices: for each facet of the practices sidebar (and of
`/api/v1/practices/facets/`), its values with the number of matching practices.

Counts are taken among the practices given (all filters applied). The small fixed
vocabularies (coherence levels, elements, themes, scope, status, institution kinds,
sources) list every value, zero counts included, so a user sees what is absent; the open
lists (countries, regions, institutions, tools) list the values that occur, most frequent
first.

The counting is done by the in-memory facet index (`practices.facet_index`): one query
per call (the index's token) when the facet filters alone chose the practices (their
set comes from the index too, `practices.listing`), two otherwise (and the ids of the
matching practices), plus the rebuild of the index after a write.
"""

from __future__ import annotations

from typing import TypedDict

from django.db.models import QuerySet

from coherence.models import Institution

from . import facet_index
from .listing import IndexedPractices, selected
from .models import Practice

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
# Facets listing only the values that occur among the matching practices.
OPEN = {"country", "region", "institution", "tool"}
# Facets sorted by count (most frequent first), then label; the others keep their
# vocabulary's own order (coherence levels and elements in their defined order).
BY_COUNT = OPEN | {"theme"}
# Facets of choices, labelled when counted, in the language of the request.
CHOICES = {
    "scope": Practice.Scope,
    "status": Practice.Status,
    "institution_kind": Institution.Kind,
}


class FacetValue(TypedDict):
    value: str
    label: str
    count: int


def practice_facets(
    practices: QuerySet[Practice] | IndexedPractices,
) -> dict[str, list[FacetValue]]:
    found = selected(practices)
    if found is not None:
        index, bits = found
        counted = index.counts_of(bits)
    else:
        counted = facet_index.counts(practices)
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        labels = dict(CHOICES[name].choices) if name in CHOICES else {}
        values: list[FacetValue] = [
            {
                "value": value.value,
                "label": str(labels.get(value.value, value.label)),
                "count": count,
            }
            for value, count in counted[name]
            if count or name not in OPEN
        ]
        if name in BY_COUNT:
            values.sort(key=lambda v: (-v["count"], v["label"], v["value"]))
        facets[name] = values
    return facets
