"""Viewsets of practices (with their facet counts and the CSV and XLSX exports) and
recommendations."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from coherence.models import CoherenceLevel, Theme
from coherence.rest.exports import NamesColumn, csv_response, xlsx_response
from coherence.rest.schema import FACETS_RESPONSE
from coherence.rest.viewsets import WritableViewSet

from .. import export, rows
from ..facets import practice_facets
from ..filters.practices import PracticeFilterSet
from ..filters.recommendations import RecommendationFilterSet
from ..listing import by_relevance, paged
from ..models import Practice, Recommendation
from ..selection import EVERYTHING, PUBLISHED
from ..selectors import related_practices
from ..serializers.practices import (
    RELATED_LIMIT,
    PracticeDetailSerializer,
    PracticeSerializer,
    PracticeWriteSerializer,
    RecommendationSerializer,
    RelatedPracticeSerializer,
)
from .records import moved_to_challenge


class PracticeViewSet(WritableViewSet):
    queryset = Practice.objects.all()
    serializer_class = PracticeSerializer
    detail_serializer_class = PracticeDetailSerializer
    write_serializer_class = PracticeWriteSerializer
    filterset_class = PracticeFilterSet
    lookup_field = "slug"
    # Any slug but the name of the list's own `facets/` (Practice.clean() refuses it).
    lookup_value_regex = r"(?!facets$)[-a-zA-Z0-9_]+"
    export_basename = "practices"
    feed_type = "practice"
    filtered_actions = ("list", "facets")

    def get_filterset_kwargs(self):
        """The list starts from the published practices (every practice for a write). The
        public list checks the facets' keys against the facet index, which it pages from
        (`paginate_queryset()`): one query fewer than asking the database."""
        indexed = self.action == "list" and not self.editing
        return {"base": EVERYTHING if self.editing else PUBLISHED, "indexed": indexed}

    def get_queryset(self):
        queryset = self.base_queryset()
        if self.action == "facets":
            return queryset
        if self.action == "list":
            # JSON pages and exports read flat rows (`page_queryset()`, `practices.export`).
            return queryset
        queryset = queryset.with_related(drafts=self.editing)
        if self.action == "retrieve":
            queryset = queryset.with_citations()
        return queryset

    def export_response(self, queryset, export_format):
        # From flat rows: the whole list in seconds rather than minutes (practices.export).
        filename = self.export_filename(export_format)
        if export_format == "csv":
            return csv_response(export.csv_lines(queryset, self.request), filename)
        rows = export.sheet_rows(queryset, self.request)
        return xlsx_response(export.COLUMNS, rows, filename, title=self.export_basename)

    def page_queryset(self, queryset):
        """What a JSON page's practices are read from: flat rows, the page's own columns
        (then one query per link type, `page_data()`), with the translated columns' text
        in the active language (`languages`)."""
        return queryset.values(*rows.own_columns())

    def page_data(self, page) -> list[dict]:
        return rows.list_representations(page, self.queryset.db, self.request)

    def paginate_queryset(self, queryset):
        # Counted and paged by the facet index when the filters are facets only; a search
        # by relevance ranks a bounded number of matches (docs/decisions/0011).
        filterset = self.filterset
        search = filterset.relevance_search() if self.action == "list" else None
        if search:
            listing = by_relevance(queryset, search, self.page_queryset(self.get_queryset()))
        else:
            # The index the filters' keys were checked against, current for this request.
            listing = paged(
                self.page_queryset(queryset),
                filterset.selection(),
                filterset.ordering_key(),
                index=filterset.index,
            )
        return super().paginate_queryset(listing)

    @extend_schema(
        summary="Facet counts of the matching practices",
        description="Takes the filters of the practices list and returns, for each facet, "
        "its values with the number of matching practices.",
        responses={200: FACETS_RESPONSE},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def facets(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return Response(practice_facets(queryset, selection=self.filterset.selection()))

    @extend_schema(
        summary="Practices related to this one",
        description=f"Up to {RELATED_LIMIT} published practices sharing the most themes and "
        "countries with this one (a shared country counts double), then by title; as the "
        "practice's page lists them. Derived from every other practice, so the change feed "
        "does not follow it: ask for it when you show it.",
        responses={200: RelatedPracticeSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def related(self, request, slug=None):
        practice = self.get_object()
        related = related_practices(practice, RELATED_LIMIT)
        return Response(
            RelatedPracticeSerializer(
                related, many=True, context=self.get_serializer_context()
            ).data
        )


class RecommendationViewSet(WritableViewSet):
    queryset = Recommendation.objects.all()
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilterSet
    lookup_field = "id"
    lookup_value_regex = "[0-9]+"
    export_basename = "recommendations"
    feed_type = "recommendation"
    export_names = (
        NamesColumn("coherence_levels", "coherence_level_names", CoherenceLevel),
        NamesColumn("themes", "theme_names", Theme),
    )

    def get_queryset(self):
        return self.base_queryset().with_related()

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            # A recommendation of kind "challenge" that became a challenge: 301 there.
            return moved_to_challenge(former_id=int(kwargs[self.lookup_field]))
