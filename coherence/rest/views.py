"""Viewsets of the reference records: countries, regions, coherence levels, elements,
themes, institutions, tools and sources."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from rest_framework import permissions, viewsets

from coherence import filters
from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    EditorialState,
    Institution,
    PolicyTool,
    Region,
    SourceDocument,
    Theme,
)
from coherence.serializers import (
    DETAIL_PRACTICES_LIMIT,
    CoherenceElementSerializer,
    CoherenceLevelDetailSerializer,
    CoherenceLevelSerializer,
    CountryDetailSerializer,
    CountrySerializer,
    InstitutionDetailSerializer,
    InstitutionSerializer,
    RegionSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    ThemeSerializer,
    ToolDetailSerializer,
    ToolSerializer,
)

from . import counting
from .viewsets import ReadOnlyViewSet

PUBLISHED = EditorialState.PUBLISHED


def cited(queryset):
    return queryset.prefetch_related(
        Prefetch("citations", queryset=Citation.objects.select_related("source", "passage__source"))
    )


class PracticesContextMixin:
    """Puts the record's first published practices in the detail's context."""

    def practices_of(self, obj):
        raise NotImplementedError

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve" and getattr(self, "_object", None) is not None:
            context["practices"] = list(
                self.practices_of(self._object).order_by("-updated_at", "pk")[
                    :DETAIL_PRACTICES_LIMIT
                ]
            )
        return context

    def get_object(self):
        self._object = super().get_object()
        return self._object


class WritableMixin:
    """Reads for everyone (published records only); writes with a token of a user who
    holds the model permission (drafts included, so editors can finish them)."""

    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    write_serializer_class = None

    def get_serializer_class(self):
        if self.request.method not in permissions.SAFE_METHODS:
            return self.write_serializer_class or self.serializer_class
        return super().get_serializer_class()

    @property
    def editing(self) -> bool:
        """Whether the request writes: it then reaches drafts, and the records it reads
        keep their unpublished links (which a write must see to keep or replace them)."""
        return self.request.method not in permissions.SAFE_METHODS

    def base_queryset(self):
        manager = self.queryset.model.objects
        return manager.all() if self.editing else manager.published()


class CountryViewSet(PracticesContextMixin, ReadOnlyViewSet):
    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    detail_serializer_class = CountryDetailSerializer
    filterset_class = filters.CountryFilterSet
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    csv_filename = "countries"

    def get_queryset(self):
        queryset = Country.objects.with_related().annotate(practice_count=counting.country_count())
        if self.action == "retrieve":
            from practices.models import CountryFinding

            queryset = queryset.prefetch_related(
                Prefetch(
                    "institutions",
                    queryset=Institution.objects.published().order_by("name"),
                    to_attr="published_institutions",
                ),
                Prefetch(
                    "findings",
                    queryset=cited(CountryFinding.objects.published().select_related("element")),
                    to_attr="published_findings",
                ),
            )
        return queryset

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()

    def practices_of(self, country):
        from practices.models import Practice

        return Practice.objects.published().for_countries([country.iso3])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve" and getattr(self, "_object", None) is not None:
            country = self._object
            published = Q(practices__editorial_state=PUBLISHED)
            here = Q(practices__country_links__country=country)
            context["profile"] = {
                "levels": [
                    {"slug": level.slug, "name": level.name, "practice_count": level.n}
                    for level in CoherenceLevel.objects.annotate(
                        n=Count("practices", filter=published & here, distinct=True)
                    )
                ],
                "elements": [
                    {"slug": element.slug, "name": element.name, "practice_count": element.n}
                    for element in CoherenceElement.objects.annotate(
                        n=Count("practices", filter=published & here, distinct=True)
                    )
                ],
            }
        return context


class RegionViewSet(ReadOnlyViewSet):
    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = filters.RegionFilterSet
    lookup_field = "slug"
    csv_filename = "regions"

    def get_queryset(self):
        return Region.objects.select_related("parent").annotate(
            practice_count=counting.region_count()
        )


class ThemeViewSet(ReadOnlyViewSet):
    queryset = Theme.objects.all()
    serializer_class = ThemeSerializer
    filterset_class = filters.ThemeFilterSet
    lookup_field = "slug"
    csv_filename = "themes"

    def get_queryset(self):
        return Theme.objects.annotate(practice_count=counting.theme_count())


class CoherenceElementViewSet(ReadOnlyViewSet):
    queryset = CoherenceElement.objects.all()
    serializer_class = CoherenceElementSerializer
    filterset_class = filters.CoherenceElementFilterSet
    lookup_field = "slug"
    csv_filename = "elements"

    def get_queryset(self):
        return CoherenceElement.objects.annotate(practice_count=counting.element_count())


class CoherenceLevelViewSet(PracticesContextMixin, ReadOnlyViewSet):
    queryset = CoherenceLevel.objects.all()
    serializer_class = CoherenceLevelSerializer
    detail_serializer_class = CoherenceLevelDetailSerializer
    filterset_class = filters.CoherenceLevelFilterSet
    lookup_field = "slug"
    csv_filename = "coherence-levels"

    def get_queryset(self):
        return CoherenceLevel.objects.annotate(practice_count=counting.level_count())

    def practices_of(self, level):
        from practices.models import Practice

        return Practice.objects.published().at_levels([level.slug])


class SourceViewSet(ReadOnlyViewSet):
    queryset = SourceDocument.objects.all()
    serializer_class = SourceSerializer
    detail_serializer_class = SourceDetailSerializer
    filterset_class = filters.SourceDocumentFilterSet
    lookup_field = "slug"
    csv_filename = "sources"

    def get_queryset(self):
        queryset = SourceDocument.objects.defer("text")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("passages")
        return queryset


class InstitutionViewSet(
    WritableMixin, PracticesContextMixin, ReadOnlyViewSet, viewsets.ModelViewSet
):
    queryset = Institution.objects.all()
    serializer_class = InstitutionSerializer
    detail_serializer_class = InstitutionDetailSerializer
    filterset_class = filters.InstitutionFilterSet
    lookup_field = "slug"
    csv_filename = "institutions"

    def get_queryset(self):
        queryset = self.base_queryset().with_related(drafts=self.editing)
        if self.action == "retrieve":
            queryset = cited(queryset).prefetch_related(
                Prefetch(
                    "tools",
                    queryset=PolicyTool.objects.published().order_by("name"),
                    to_attr="published_tools",
                )
            )
        return queryset

    def practices_of(self, institution):
        from practices.models import Practice

        return Practice.objects.published().with_institutions([institution.slug])


class ToolViewSet(WritableMixin, PracticesContextMixin, ReadOnlyViewSet, viewsets.ModelViewSet):
    queryset = PolicyTool.objects.all()
    serializer_class = ToolSerializer
    detail_serializer_class = ToolDetailSerializer
    filterset_class = filters.PolicyToolFilterSet
    lookup_field = "slug"
    csv_filename = "tools"

    def get_queryset(self):
        queryset = self.base_queryset().with_related(drafts=self.editing)
        if self.action == "retrieve":
            queryset = cited(queryset)
        return queryset

    def practices_of(self, tool):
        from practices.models import Practice

        return Practice.objects.published().with_tools([tool.slug])
