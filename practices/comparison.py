"""Comparing two to four countries (the compare page): which countries a request names,
and their practices per coherence level and theme, their findings question by question,
and their first practices. Plain functions of their inputs, tested on their own
(tests/practices/test_comparison.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from coherence.models import CoherenceElement, CoherenceLevel, Country, EditorialState, Theme
from coherence.models.base import language_columns, localized_text
from coherence.text import has_control_characters

from . import facet_index
from .models import CountryFinding, PracticeCountry
from .selection import PUBLISHED

FEWEST, MOST = 2, 4
# How many practices of each country the comparison lists.
PRACTICES_COMPARED = 10


@dataclass
class Choice:
    """The countries a request names (in its order), or why they cannot be compared. One
    country is no error: it is where a comparison starts (a profile's "compare" link)."""

    countries: list[Country] = field(default_factory=list)
    error: str | None = None

    @property
    def ready(self) -> bool:
        """Whether these countries can be compared (two to four known ones)."""
        return not self.error and FEWEST <= len(self.countries) <= MOST


def chosen(codes: list[str]) -> Choice:
    """The countries of these ISO codes, checked: known codes, two to four of them. No
    codes at all is no error (nothing chosen yet)."""
    codes = [code.upper() for code in codes]
    if any(has_control_characters(code) for code in codes):
        return Choice(error=_("Country codes cannot contain control characters."))
    if not codes:
        return Choice()
    found = {c.iso3: c for c in Country.objects.filter(iso3__in=codes[:20])}
    countries = [found[code] for code in codes if code in found]
    unknown = [code for code in codes if code not in found]
    if unknown:
        return Choice(
            countries,
            _("Unknown country code(s): %(codes)s. Use ISO alpha-3 codes such as MEX.")
            % {"codes": ", ".join(code[:10] for code in unknown[:10])},
        )
    if len(countries) > MOST:
        return Choice(
            countries,
            _("Choose from 2 to 4 countries to compare; you chose %(n)s.") % {"n": len(countries)},
        )
    return Choice(countries)


def columns(countries: list[Country], result: dict) -> list[dict]:
    """The comparison as one column per country (its profile, side by side): its
    practices per level and per theme, its findings by question, its first practices."""
    return [
        {
            "country": country,
            "levels": [(row["record"], row["counts"][i]) for row in result["levels"]],
            "themes": [(row["record"], row["counts"][i]) for row in result["themes"]],
            "findings": [
                (
                    row["question"] or (row["element"].name if row["element"] else ""),
                    row["cells"][i],
                )
                for row in result["findings"]
            ],
            "practices": result["practices"][i][1],
        }
        for i, country in enumerate(countries)
    ]


def compare(countries: list[Country]) -> dict:
    """The countries side by side: practices per coherence level and per element (every
    level and element: their coherence profiles) and per theme (those any of them
    has), findings by question, and each one's first practices by title."""
    counts = _counts(countries)
    levels = [
        {"record": level, "counts": [by["coherence_level"].get(level.slug, 0) for by in counts]}
        for level in CoherenceLevel.objects.all()
    ]
    elements = [
        {"record": element, "counts": [by["element"].get(element.slug, 0) for by in counts]}
        for element in CoherenceElement.objects.all()
    ]
    themes = [
        {"record": theme, "counts": [by["theme"].get(theme.slug, 0) for by in counts]}
        for theme in Theme.objects.all()
    ]
    return {
        "levels": levels,
        "elements": elements,
        "themes": [row for row in themes if any(row["counts"])],
        "findings": _findings(countries),
        "practices": list(zip(countries, _first_practices(countries), strict=True)),
    }


def _counts(countries: list[Country]) -> list[dict[str, dict[str, int]]]:
    """For each country, its published practices per level, element and theme, from the
    facet index (one read of its token, whatever the number of countries)."""
    index = facet_index.index_for(DEFAULT_DB_ALIAS)
    found = []
    for country in countries:
        counted = index.counts_of(index.select(PUBLISHED.narrowed("country", [country.iso3])))
        found.append(
            {
                facet: {value.value: count for value, count in counted[facet]}
                for facet in ("coherence_level", "element", "theme")
            }
        )
    return found


def _findings(countries: list[Country]) -> list[dict]:
    """The countries' findings, a row per question (in the order of the elements), a
    cell per country."""
    ids = [country.pk for country in countries]
    questions = {}
    for finding in CountryFinding.objects.published().filter(country__in=ids).with_related():
        text = finding.question.text if finding.question else ""
        key = (finding.element.order if finding.element else 999, text)
        row = questions.setdefault(
            key, {"question": text, "element": finding.element, "values": {}}
        )
        row["values"][finding.country_id] = finding
    return [
        {**row, "cells": [row["values"].get(pk) for pk in ids]}
        for _key, row in sorted(questions.items(), key=lambda item: item[0])
    ]


def _first_practices(countries: list[Country]) -> list[list]:
    """The first PRACTICES_COMPARED published practices of each country by title, ranked
    in the database (one query)."""
    ids = [country.pk for country in countries]
    practices = {pk: [] for pk in ids}
    links = (
        PracticeCountry.objects.filter(
            country__in=ids, practice__editorial_state=EditorialState.PUBLISHED
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("country_id"),
                order_by=localized_text("practice__title").asc(),
            )
        )
        .filter(rank__lte=PRACTICES_COMPARED)
        .select_related("practice")
        .only("country_id", "practice__slug", *language_columns("practice__title"))
        .order_by("country_id", "rank")
    )
    for link in links:
        practices[link.country_id].append(link.practice)
    return [practices[pk] for pk in ids]
