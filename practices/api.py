"""Viewsets of practices (with their facet counts) and recommendations."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coherence.models import CoherenceLevel, Theme
from coherence.rest.schema import FACETS_RESPONSE
from coherence.rest.views import WritableMixin, cited
from coherence.rest.viewsets import ReadOnlyViewSet

from . import export
from .facets import practice_facets
from .filters import PracticeFilterSet, RecommendationFilterSet
from .listing import paged
from .models import Practice, PracticeCountry, Recommendation
from .querysets import institution_links, linked_tools
from .serializers import (
    PracticeDetailSerializer,
    PracticeSerializer,
    PracticeWriteSerializer,
    RecommendationSerializer,
)


class PracticeViewSet(WritableMixin, ReadOnlyViewSet, viewsets.ModelViewSet):
    queryset = Practice.objects.all()
    serializer_class = PracticeSerializer
    detail_serializer_class = PracticeDetailSerializer
    write_serializer_class = PracticeWriteSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"
    # Any slug but the name of the list's own `facets/` (Practice.clean() refuses it).
    lookup_value_regex = r"(?!facets$)[-a-zA-Z0-9_]+"
    csv_filename = "practices"
    filtered_actions = ("list", "facets")

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.action == "facets":
            return queryset
        if self.action == "list":
            return self.list_queryset(queryset)
        queryset = queryset.with_related(drafts=self.editing)
        if self.action == "retrieve":
            queryset = cited(queryset)
        return queryset

    @staticmethod
    def list_queryset(queryset):
        """What a list row shows and no more: the related records' keys and names, not
        their texts (lists run at every page of 50 and through the whole CSV export);
        of the institutions and tools, the published ones, as `with_related()`."""
        return queryset.defer("description", "outcomes", "challenges").prefetch_related(
            Prefetch(
                "country_links",
                queryset=PracticeCountry.objects.select_related("country").only(
                    "practice_id", "role", "country__iso3", "country__name"
                ),
            ),
            Prefetch(
                "institution_links",
                queryset=institution_links().only(
                    "practice_id", "role", "institution__slug", "institution__name"
                ),
            ),
            Prefetch("tools", queryset=linked_tools().only("slug", "name")),
            Prefetch("coherence_levels", queryset=CoherenceLevel.objects.only("slug")),
            Prefetch("themes", queryset=Theme.objects.only("slug")),
        )

    def csv_response(self, queryset):
        # From flat rows: the whole list in seconds rather than minutes (practices.export).
        return self.streamed_csv(export.csv_lines(queryset, self.request))

    def paginate_queryset(self, queryset):
        # Counted and paged by the facet index when the filters are facets only.
        return super().paginate_queryset(paged(queryset))

    @extend_schema(
        summary="Facet counts of the matching practices",
        description="Takes the filters of the practices list and returns, for each facet, "
        "its values with the number of matching practices.",
        responses={200: FACETS_RESPONSE},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def facets(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return Response(practice_facets(queryset))


class RecommendationViewSet(WritableMixin, ReadOnlyViewSet, viewsets.ModelViewSet):
    queryset = Recommendation.objects.all()
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet
    lookup_field = "id"
    lookup_value_regex = "[0-9]+"
    csv_filename = "recommendations"

    def get_queryset(self):
        return cited(self.base_queryset().prefetch_related("coherence_levels", "themes"))
