"""The GFMD events, their sessions, papers and roles, and the records discussed at them
(those citing their papers: docs/decisions/0015-events-status-membership.md)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from coherence.models import Event, Participation, Session

from ..models import Recommendation
from ..selection import PUBLISHED
from ..selectors import practices_of
from .framework import PRACTICES_SHOWN


class EventListView(ListView):
    template_name = "practices/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return Event.objects.with_related()


class EventDetailView(DetailView):
    template_name = "practices/event_detail.html"
    context_object_name = "event"
    slug_url_kwarg = "slug"

    def get_queryset(self):
        roles = Participation.objects.with_related().with_citations()
        return Event.objects.select_related("input_to").prefetch_related(
            "papers",
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("parent")
                .prefetch_related("papers", Prefetch("participations", queryset=roles))
                .order_by("order", "code", "id"),
            ),
            Prefetch("participations", queryset=roles.filter(session__isnull=True)),
        )

    def get_context_data(self, **kwargs):
        event = self.object
        sources = event.source_slugs()
        preview = practices_of(PUBLISHED.narrowed("source", sources), limit=PRACTICES_SHOWN)
        recommendations = Recommendation.objects.published().cited_in(sources)
        return super().get_context_data(
            sources=sources,
            practices=preview.practices,
            practice_count=preview.count,
            recommendation_count=recommendations.count(),
            **kwargs,
        )
