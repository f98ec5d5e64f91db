"""Pages of the frameworks the knowledge base classifies practices by: an index of the
Global Compact's objectives and guiding principles and the SDG targets on migration with
their numbers of practices, and a page for each listing its practices. The
classification is the knowledge base's own (docs/decisions/0013-gcm-classification.md)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from coherence.models import GcmObjective, GcmPrinciple, SdgTarget

from ..selection import PUBLISHED
from ..selectors import all_practice_counts
from .framework import PracticesPreviewMixin


def counted(records, counts: dict[str, int]) -> list:
    """The records, each with its number of published practices (`practice_count`)."""
    records = list(records)
    for record in records:
        record.practice_count = counts.get(record.key, 0)
    return records


class GcmIndexView(TemplateView):
    template_name = "practices/gcm_index.html"

    def get_context_data(self, **kwargs):
        counts = all_practice_counts(PUBLISHED)
        return super().get_context_data(
            objectives=counted(GcmObjective.objects.all(), counts["gcm_objective"]),
            principles=counted(GcmPrinciple.objects.all(), counts["gcm_principle"]),
            targets=counted(SdgTarget.objects.all(), counts["sdg_target"]),
            **kwargs,
        )


class ClassificationTargetView(PracticesPreviewMixin, DetailView):
    """A GCM objective, principle or SDG target and the practices classified under it."""

    template_name = "practices/gcm_detail.html"
    context_object_name = "record"
    key = "key"
    # The practices list's filter, and what the page calls the record.
    kind = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_name=self.facet, kind=self.kind, filter_value=self.object.key, **kwargs
        )


class GcmObjectiveDetailView(ClassificationTargetView):
    facet = "gcm_objective"
    kind = "objective"

    def get_object(self, queryset=None):
        return get_object_or_404(GcmObjective, number=self.kwargs["number"])


class GcmPrincipleDetailView(ClassificationTargetView):
    model = GcmPrinciple
    facet = "gcm_principle"
    kind = "principle"


class SdgTargetDetailView(ClassificationTargetView):
    facet = "sdg_target"
    kind = "target"

    def get_object(self, queryset=None):
        return get_object_or_404(SdgTarget, code=self.kwargs["code"].lower())
