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

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language

from coherence.collation import sort_key
from coherence.models import Institution

from . import facet_index
from .facet_index.index import Localized
from .listing import IndexedPractices, selected
from .models import Practice
from .selection import FACETS, Selection

# Facets of choices, labelled when counted, in the language of the request.
CHOICES = {
    "scope": Practice.Scope,
    "status": Practice.Status,
    "institution_kind": Institution.Kind,
}


class FacetValue(TypedDict, total=False):
    value: str
    label: str
    count: int
    lang: str  # "en": the English label of a record without a translation


def label_language(label, language: str | None = None) -> str | None:
    """ "en" where a facet value's label, on a page or response in another language
    (`language`, the active one if not given), is the English of a record: a name with no
    translation, or a record type that is never translated (a paper's title). Choices'
    labels come from the catalogues."""
    language = language or get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return None
    if isinstance(label, Localized):
        return None if label.translated(language) else "en"
    return "en" if type(label) is str else None


def practice_facets(
    practices: QuerySet[Practice] | IndexedPractices | None = None,
    *,
    selection: Selection | None = None,
    using: str = "default",
) -> dict[str, list[FacetValue]]:
    """The facet counts of a selection (from the facet index alone), of the practices a
    list pages from the index, or of any queryset of practices (their ids from SQL)."""
    if isinstance(practices, IndexedPractices):
        counted = practices.index.counts_of(practices.bits)
    elif selection is not None:
        index, bits = selected(selection, practices.db if practices is not None else using)
        counted = index.counts_of(bits)
    else:
        counted = facet_index.counts(practices)
    facets: dict[str, list[FacetValue]] = {}
    language = get_language() or settings.LANGUAGE_CODE
    translated = language != settings.LANGUAGE_CODE
    for facet in FACETS:
        name = facet.name
        labels = dict(CHOICES[name].choices) if name in CHOICES else {}
        values: list[FacetValue] = []
        for value, count in counted[name]:
            if count or not facet.open:
                label = labels.get(value.value, value.label)
                text = label.text(language) if type(label) is Localized else str(label)
                item: FacetValue = {"value": value.value, "label": text, "count": count}
                if translated and (lang := label_language(label, language)):
                    item["lang"] = lang
                values.append(item)
        if facet.by_count:
            values.sort(key=lambda v: (-v["count"], sort_key(v["label"]), v["value"]))
        facets[name] = values
    return facets


def practice_counts(facet: str, selection: Selection, using: str = "default") -> dict[str, int]:
    """{value: number of practices of the selection} for one facet (every value the
    facet lists): the one selector of "how many practices" per country, region, level,
    element, theme, institution, tool or source, for the pages and the API alike."""
    return all_practice_counts(selection, using)[facet]


def all_practice_counts(selection: Selection, using: str = "default") -> dict[str, dict[str, int]]:
    """`practice_counts()` of every facet at once (one read of the index's token)."""
    index, bits = selected(selection, using)
    return {
        facet: {value.value: count for value, count in counted}
        for facet, counted in index.counts_of(bits).items()
    }
