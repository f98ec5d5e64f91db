"""The shared FilterSets of practices and recommendations: the same query parameters on
`/practices/` and `/api/v1/practices/` (see `coherence/filters.py` for the conventions)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from coherence.filters import (
    ChoicesFilter,
    SearchFilter,
    UpdatedAfterFilter,
    YearFilter,
    countries_filter,
    slug_filter,
)
from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Institution,
    PolicyTool,
    Region,
    SourceDocument,
    Theme,
)

from .models import CountryFinding, Practice, Recommendation


class PracticeFilterSet(django_filters.FilterSet):
    country = countries_filter("for_countries")
    region = slug_filter(Region, "in_regions", noun=_("region"))
    coherence_level = slug_filter(CoherenceLevel, "at_levels", noun=_("coherence level"))
    theme = slug_filter(Theme, "with_themes", noun=_("theme"))
    element = slug_filter(CoherenceElement, "with_elements", noun=_("coherence element"))
    institution = slug_filter(Institution, "with_institutions", noun=_("institution"))
    institution_kind = ChoicesFilter(
        choices=Institution.Kind.choices, method="filter_institution_kind"
    )
    tool = slug_filter(PolicyTool, "with_tools", noun=_("tool or framework"))
    scope = ChoicesFilter(choices=Practice.Scope.choices, method="filter_scope")
    status = ChoicesFilter(choices=Practice.Status.choices, method="filter_status")
    source = slug_filter(SourceDocument, "cited_in", noun=_("source"))
    year_from = YearFilter(field_name="start_year", lookup_expr="gte", method="filter_year_from")
    year_to = YearFilter(field_name="start_year", lookup_expr="lte", method="filter_year_to")
    search = SearchFilter()
    updated_after = UpdatedAfterFilter()
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("start_year", "start_year"), ("updated_at", "updated_at")),
    )

    class Meta:
        model = Practice
        fields = []

    # Through the queryset's own methods, so that the facet index can answer for them
    # (`practices.selection`).
    def filter_institution_kind(self, queryset, name, value):
        return queryset.with_institution_kinds(value)

    def filter_scope(self, queryset, name, value):
        return queryset.with_scopes(value)

    def filter_status(self, queryset, name, value):
        return queryset.with_statuses(value)

    def filter_year_from(self, queryset, name, value):
        return queryset.started_between(low=value)

    def filter_year_to(self, queryset, name, value):
        return queryset.started_between(high=value)


class RecommendationFilterSet(django_filters.FilterSet):
    kind = ChoicesFilter(choices=Recommendation.Kind.choices)
    coherence_level = slug_filter(CoherenceLevel, "at_levels", noun=_("coherence level"))
    theme = slug_filter(Theme, "with_themes", noun=_("theme"))
    source = slug_filter(SourceDocument, "cited_in", noun=_("source"))
    search = SearchFilter()
    updated_after = UpdatedAfterFilter()
    ordering = django_filters.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated_at")),
    )

    class Meta:
        model = Recommendation
        fields = []


class CountryFindingFilterSet(django_filters.FilterSet):
    country = countries_filter("for_countries")
    element = slug_filter(CoherenceElement, "with_elements", noun=_("coherence element"))
    value = ChoicesFilter(choices=CountryFinding.Value.choices)
    year = YearFilter()
    updated_after = UpdatedAfterFilter()

    class Meta:
        model = CountryFinding
        fields = []
