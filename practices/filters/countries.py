"""The FilterSets of countries' findings, and of countries by region and name and by
whether they have published practices."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from coherence import filters as reference
from coherence.filters import (
    ChoicesFilter,
    UpdatedAfterFilter,
    YearFilter,
    countries_filter,
    slug_filter,
)
from coherence.models import CoherenceElement, EditorialState

from ..models import CountryFinding, PracticeCountry


class CountryFindingFilterSet(django_filters.FilterSet):
    country = countries_filter("for_countries", label=_("Country"))
    element = slug_filter(
        CoherenceElement, "with_elements", noun=_("coherence element"), label=_("Coherence element")
    )
    value = ChoicesFilter(choices=CountryFinding.Value.choices, label=_("Value"))
    year = YearFilter(label=_("Year"))
    updated_after = UpdatedAfterFilter()

    class Meta:
        model = CountryFinding
        fields = []


def with_practices(countries, present: bool = True):
    """The countries (a Country queryset) named by a published practice, or by none."""
    named = Exists(
        PracticeCountry.objects.filter(
            country=OuterRef("pk"), practice__editorial_state=EditorialState.PUBLISHED
        )
    )
    return countries.filter(named) if present else countries.exclude(named)


class CountryFilterSet(reference.CountryFilterSet):
    """Countries by region and name, and whether they have published practices."""

    has_practices = django_filters.BooleanFilter(
        method="filter_has_practices", label=_("Has practices")
    )

    class Meta(reference.CountryFilterSet.Meta):
        pass

    def filter_has_practices(self, queryset, name, value):
        return with_practices(queryset, present=value)
