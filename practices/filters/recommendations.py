"""The recommendations' FilterSet: by kind, addressee, coherence level, theme, and the
papers (or the events and sessions) that put them forward."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from coherence import filters as reference
from coherence.filters import ChoicesFilter, SearchFilter, UpdatedAfterFilter, slug_filter
from coherence.models import CoherenceLevel, Event, Session, SourceDocument, Theme

from ..models import AddresseeKind, Recommendation
from .fields import PapersOfFilter


class RecommendationFilterSet(django_filters.FilterSet):
    kind = ChoicesFilter(choices=Recommendation.Kind.choices, label=_("Kind"))
    addressed_to = ChoicesFilter(
        choices=AddresseeKind.choices, method="filter_addressed_to", label=_("Addressed to")
    )
    coherence_level = slug_filter(
        CoherenceLevel, "at_levels", noun=_("coherence level"), label=_("Coherence level")
    )
    theme = slug_filter(Theme, "with_themes", noun=_("theme"), label=_("Theme"))
    source = slug_filter(SourceDocument, "cited_in", noun=_("source"), label=_("Source paper"))
    event = PapersOfFilter(Event, queryset_method="cited_in", noun=_("event"), label=_("Event"))
    session = PapersOfFilter(
        Session, queryset_method="cited_in", noun=_("session"), label=_("Session")
    )
    search = SearchFilter(label=_("Search the recommendations"))
    updated_after = UpdatedAfterFilter()
    ordering = reference.OrderingFilter(
        fields=(("title", "title"), ("updated_at", "updated_at")), label=_("Sort by")
    )

    class Meta:
        model = Recommendation
        fields = []

    def filter_addressed_to(self, queryset, name, value):
        return queryset.addressed_to_any(value) if value else queryset
