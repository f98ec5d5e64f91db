"""The figures the pages and the API show about practices and the reference records,
each computed in one place and called by both:

- `practice_counts()`: how many published practices each country, region, coherence
  level, element, theme, institution, tool or source has (from the facet index);
- `coherence_profile()`: a country's practices per coherence level and element;
- `start_year_counts()`: how many practices of a selection started each year;
- `related_practices()`: the practices most like a practice;
- `practices_of()`: the first practices of a reference record, and how many it has.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import IntegerField, Value

from coherence.models import EditorialState, Institution

from .facets import all_practice_counts, practice_counts, practice_facets
from .items import ITEM, PracticeItem, practice_items
from .listing import paged, selected
from .models import Practice, PracticeCountry, PracticeInstitution
from .selection import PUBLISHED, Selection

__all__ = [
    "PracticePreview",
    "all_practice_counts",
    "coherence_profile",
    "practice_counts",
    "practices_of",
    "related_practices",
    "start_year_counts",
]


def coherence_profile(iso3: str, *, using: str = "default") -> dict[str, list[dict]]:
    """A country's published practices per coherence level and per element (every level
    and element, in their order, zero counts included), for its chart and table and the
    API's `coherence_profile`: [{slug, name, count, percent}] where percent is of the
    largest count."""
    facets = practice_facets(selection=PUBLISHED.narrowed("country", [iso3]), using=using)
    rows = {
        name: [
            {"slug": value["value"], "name": value["label"], "count": value["count"]}
            for value in facets[name]
        ]
        for name in ("coherence_level", "element")
    }
    largest = max([row["count"] for values in rows.values() for row in values] + [1])
    for values in rows.values():
        for row in values:
            row["percent"] = 100 * row["count"] // largest
    return {"levels": rows["coherence_level"], "elements": rows["element"]}


def start_year_counts(selection: Selection, *, using: str = "default") -> dict[int, int]:
    """{year: number of the selection's practices that started that year}, in year order,
    for the years that have any (from the facet index: one read of its token)."""
    index, bits = selected(selection, using)
    return index.start_years_of(bits)


def related_practices(practice: Practice, limit: int) -> list[Practice]:
    """The published practices sharing the most themes and countries with `practice` (a
    shared country counts double: it is the more specific tie), then by title. Two small
    queries whatever the number of practices: a row per theme or country a practice
    shares with this one, weighted, then the best candidates themselves. Reads the
    practice's themes and countries from its prefetches when it has them."""
    published = {"practice__editorial_state": EditorialState.PUBLISHED}
    shared = []
    theme_ids = [theme.pk for theme in practice.themes.all()]
    if theme_ids:
        shared.append(
            (Practice.themes.through.objects.filter(theme_id__in=theme_ids, **published), 1)
        )
    country_ids = [link.country_id for link in practice.country_links.all()]
    if country_ids:
        shared.append((PracticeCountry.objects.filter(country_id__in=country_ids, **published), 2))
    if not shared:
        return []
    first, *others = [
        links.order_by().values_list("practice_id", Value(weight, output_field=IntegerField()))
        for links, weight in shared
    ]
    scores = Counter()
    for pk, weight in first.union(*others, all=True) if others else first:
        scores[pk] += weight
    scores.pop(practice.pk, None)
    candidates = sorted(scores, key=lambda pk: (-scores[pk], pk))[: limit * 10]
    if not candidates:
        return []
    found = Practice.objects.published().filter(pk__in=candidates).only("slug", "title", "summary")
    return sorted(found, key=lambda other: (-scores[other.pk], other.title))[:limit]


@dataclass(frozen=True)
class PracticePreview:
    """The first practices of a reference record (a page or an API detail lists them),
    and how many it has in all."""

    practices: list[PracticeItem] | list[Practice]
    count: int


def newest_practices(limit: int) -> list[PracticeItem]:
    """The last `limit` published practices recorded, newest first, as list items."""
    rows = Practice.objects.published().order_by("-created_at").values(*ITEM)[:limit]
    return practice_items(rows, Practice.objects.db)


def practices_of(
    selection: Selection, *, limit: int, ordering: str = "title", summaries: bool = False
) -> PracticePreview:
    """The first `limit` practices of a selection in an order of the facet index, and
    their number: as a page's list items (`practices.items.PracticeItem`, from flat rows),
    or as summaries (slug, title and summary, for the API's details)."""
    practices = Practice.objects.selected(selection)
    if summaries:
        listing = paged(practices.only("slug", "title", "summary"), selection, ordering)
        return PracticePreview(list(listing[:limit]), listing.count())
    listing = paged(practices.values(*ITEM), selection, ordering)
    return PracticePreview(practice_items(listing[:limit], practices.db), listing.count())


@dataclass(frozen=True)
class ThroughMembership:
    """A practice that reaches a country through the country's membership of a body
    linked to the practice (ECOWAS's protocol, for an ECOWAS member)."""

    practice: Practice
    bodies: tuple[Institution, ...]


def practices_through_membership(iso3: str) -> list[ThroughMembership]:
    """The published practices linked to a published body the country is a member of,
    and not linked to the country itself, by title, each with the bodies it reaches the
    country through. One query, however many practices and bodies."""
    links = (
        PracticeInstitution.objects.filter(
            institution__memberships__country__iso3=iso3.upper(),
            institution__editorial_state=EditorialState.PUBLISHED,
            practice__editorial_state=EditorialState.PUBLISHED,
        )
        .exclude(practice__country_links__country__iso3=iso3.upper())
        .select_related("practice", "institution")
        .order_by("practice__title", "practice_id", "institution__name")
    )
    found: dict[int, ThroughMembership] = {}
    for link in links:
        item = found.get(link.practice_id)
        bodies = (*item.bodies, link.institution) if item else (link.institution,)
        found[link.practice_id] = ThroughMembership(link.practice, bodies)
    return list(found.values())
