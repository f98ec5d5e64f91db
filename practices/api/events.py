"""The events, their sessions and roles (read-only): `/api/v1/events/`."""

from __future__ import annotations

from django.db.models import Prefetch

from coherence.models import Event, Participation, Session
from coherence.rest.viewsets import ReadOnlyViewSet

from ..models.feed import FeedType
from ..serializers.events import EventDetailSerializer, EventSerializer


class EventViewSet(ReadOnlyViewSet):
    serializer_class = EventSerializer
    detail_serializer_class = EventDetailSerializer
    lookup_field = "slug"
    feed_type = FeedType.EVENT
    export_basename = "events"

    def get_queryset(self):
        sessions = Prefetch(
            "sessions",
            queryset=Session.objects.select_related("parent").prefetch_related("papers"),
        )
        queryset = Event.objects.select_related("input_to").prefetch_related("papers", sessions)
        if self.action == "retrieve":
            roles = (
                Participation.objects.select_related("session", "person", "country", "institution")
                .with_citations()
                .order_by("session__order", "role", "id")
            )
            queryset = queryset.prefetch_related(Prefetch("participations", queryset=roles))
            queryset = queryset.with_citations()
        return queryset
