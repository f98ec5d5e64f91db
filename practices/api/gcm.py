"""Read-only endpoints of the Global Compact's objectives and guiding principles and the
SDG targets on migration, each with its number of practices and, in its detail, its
first practices (as the knowledge base classifies them)."""

from __future__ import annotations

from coherence import filters
from coherence.models import GcmObjective, GcmPrinciple, SdgTarget
from coherence.rest.viewsets import ReadOnlyViewSet

from ..models.feed import FeedType
from ..serializers.gcm import (
    GcmObjectiveDetailSerializer,
    GcmObjectiveSerializer,
    GcmPrincipleDetailSerializer,
    GcmPrincipleSerializer,
    SdgTargetDetailSerializer,
    SdgTargetSerializer,
)
from .reference import PracticeCountsMixin, PracticesContextMixin


class GcmObjectiveViewSet(PracticeCountsMixin, PracticesContextMixin, ReadOnlyViewSet):
    queryset = GcmObjective.objects.all()
    serializer_class = GcmObjectiveSerializer
    detail_serializer_class = GcmObjectiveDetailSerializer
    filterset_class = filters.GcmObjectiveFilterSet
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,3}"
    export_basename = "gcm-objectives"
    feed_type = FeedType.GCM_OBJECTIVE
    facet = "gcm_objective"
    key = "key"


class GcmPrincipleViewSet(PracticeCountsMixin, PracticesContextMixin, ReadOnlyViewSet):
    queryset = GcmPrinciple.objects.all()
    serializer_class = GcmPrincipleSerializer
    detail_serializer_class = GcmPrincipleDetailSerializer
    filterset_class = filters.GcmPrincipleFilterSet
    lookup_field = "slug"
    export_basename = "gcm-principles"
    feed_type = FeedType.GCM_PRINCIPLE
    facet = "gcm_principle"
    key = "key"


class SdgTargetViewSet(PracticeCountsMixin, PracticesContextMixin, ReadOnlyViewSet):
    queryset = SdgTarget.objects.all()
    serializer_class = SdgTargetSerializer
    detail_serializer_class = SdgTargetDetailSerializer
    filterset_class = filters.SdgTargetFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{1,2}\.[0-9a-zA-Z]{1,2}"
    export_basename = "sdg-targets"
    feed_type = FeedType.SDG_TARGET
    facet = "sdg_target"
    key = "key"

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].lower()
        return super().get_object()
