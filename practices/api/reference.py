"""Viewsets of the reference records joined with their practices: countries, regions,
themes, elements and coherence levels with their numbers of practices; institutions and
tools (written with a token too); the details of countries, institutions, tools and
levels with their first practices."""

from __future__ import annotations

from django.db.models import Prefetch

from coherence import filters
from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    Region,
    Theme,
)
from coherence.rest.exports import NamesColumn
from coherence.rest.viewsets import ReadOnlyViewSet, WritableViewSet
from coherence.serializers import InstitutionSerializer, ToolSerializer

from ..filters.countries import CountryFilterSet
from ..models import CountryFinding
from ..selection import PUBLISHED
from ..selectors import practice_counts, practices_of
from ..serializers.reference import (
    DETAIL_PRACTICES_LIMIT,
    CoherenceElementSerializer,
    CoherenceLevelDetailSerializer,
    CoherenceLevelSerializer,
    CountryDetailSerializer,
    CountrySerializer,
    InstitutionDetailSerializer,
    RegionSerializer,
    ThemeSerializer,
    ToolDetailSerializer,
)


class PracticeCountsMixin:
    """Puts the number of published practices of each value of the records' facet in
    the serializers' context (`practice_counts`: one lookup of the facet index per
    request, however many records it serializes: the change feed renders a batch of
    details with one view)."""

    facet: str
    _practice_counts: dict[str, int] | None = None

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self._practice_counts is None:
            self._practice_counts = practice_counts(self.facet, PUBLISHED)
        context["practice_counts"] = self._practice_counts
        return context


class PracticesContextMixin:
    """Puts the record's first published practices in the detail's context (the most
    recently updated first), as its `practices`."""

    facet: str
    key = "slug"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve" and getattr(self, "_object", None) is not None:
            key = getattr(self._object, self.key)
            context["practices"] = practices_of(
                PUBLISHED.narrowed(self.facet, [key]),
                limit=DETAIL_PRACTICES_LIMIT,
                ordering="-updated_at",
                summaries=True,
            ).practices
        return context

    def detail_data(self, instance) -> dict:
        self._object = instance
        return super().detail_data(instance)

    def details_data(self, instances) -> list:
        # Each record's context holds its own practices: one serializer per record.
        return [self.detail_data(instance) for instance in instances]


class CountryViewSet(PracticeCountsMixin, PracticesContextMixin, ReadOnlyViewSet):
    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    detail_serializer_class = CountryDetailSerializer
    filterset_class = CountryFilterSet
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    export_basename = "countries"
    feed_type = "country"
    facet = "country"
    key = "iso3"

    def get_queryset(self):
        queryset = Country.objects.with_related()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "institutions",
                    queryset=Institution.objects.published().order_by("name"),
                    to_attr="published_institutions",
                ),
                Prefetch(
                    "findings",
                    queryset=CountryFinding.objects.published()
                    .select_related("element")
                    .with_citations(),
                    to_attr="published_findings",
                ),
            )
        return queryset

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()


class RegionViewSet(PracticeCountsMixin, ReadOnlyViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_class = filters.RegionFilterSet
    lookup_field = "slug"
    export_basename = "regions"
    feed_type = "region"
    facet = "region"


class ThemeViewSet(PracticeCountsMixin, ReadOnlyViewSet):
    queryset = Theme.objects.all()
    serializer_class = ThemeSerializer
    filterset_class = filters.ThemeFilterSet
    lookup_field = "slug"
    export_basename = "themes"
    feed_type = "theme"
    facet = "theme"


class CoherenceElementViewSet(PracticeCountsMixin, ReadOnlyViewSet):
    queryset = CoherenceElement.objects.all()
    serializer_class = CoherenceElementSerializer
    filterset_class = filters.CoherenceElementFilterSet
    lookup_field = "slug"
    export_basename = "elements"
    feed_type = "element"
    facet = "element"


class CoherenceLevelViewSet(PracticeCountsMixin, PracticesContextMixin, ReadOnlyViewSet):
    queryset = CoherenceLevel.objects.all()
    serializer_class = CoherenceLevelSerializer
    detail_serializer_class = CoherenceLevelDetailSerializer
    filterset_class = filters.CoherenceLevelFilterSet
    lookup_field = "slug"
    export_basename = "coherence-levels"
    feed_type = "coherence-level"
    facet = "coherence_level"


class InstitutionViewSet(PracticesContextMixin, WritableViewSet):
    queryset = Institution.objects.all()
    serializer_class = InstitutionSerializer
    detail_serializer_class = InstitutionDetailSerializer
    filterset_class = filters.InstitutionFilterSet
    lookup_field = "slug"
    export_basename = "institutions"
    feed_type = "institution"
    facet = "institution"

    def get_queryset(self):
        queryset = self.base_queryset().with_related(drafts=self.editing)
        if self.action == "retrieve":
            queryset = queryset.with_citations().prefetch_related(
                Prefetch(
                    "tools",
                    queryset=PolicyTool.objects.published().order_by("name"),
                    to_attr="published_tools",
                )
            )
        return queryset


class ToolViewSet(PracticesContextMixin, WritableViewSet):
    queryset = PolicyTool.objects.all()
    serializer_class = ToolSerializer
    detail_serializer_class = ToolDetailSerializer
    filterset_class = filters.PolicyToolFilterSet
    lookup_field = "slug"
    export_basename = "tools"
    feed_type = "tool"
    export_names = (
        NamesColumn("publishers", "publisher_names", Institution),
        NamesColumn("countries", "country_names", Country, key="iso3"),
        NamesColumn("coherence_levels", "coherence_level_names", CoherenceLevel),
    )
    facet = "tool"

    def get_queryset(self):
        queryset = self.base_queryset().with_related(drafts=self.editing)
        if self.action == "retrieve":
            queryset = queryset.with_citations()
        return queryset
