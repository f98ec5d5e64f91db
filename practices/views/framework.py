"""Pages of the reference records that list their practices: an institution, a tool, the
coherence levels and themes with their numbers of practices, a level, a theme."""

from __future__ import annotations

from django.views.generic import DetailView

from coherence.filters import CoherenceLevelFilterSet, ThemeFilterSet
from coherence.lists import FilteredListView
from coherence.models import CoherenceLevel, Institution, PolicyTool, Theme

from ..models import Challenge, Definition, Recommendation
from ..selection import PUBLISHED
from ..selectors import practice_counts, practices_of
from .drafts import PreviewableMixin

# How many practices (recommendations, tools) a page lists before linking to the
# filtered list.
PRACTICES_SHOWN = 20


class PracticesPreviewMixin:
    """A detail page listing the record's first published practices by title, with their
    number (`practices`, `practice_count`)."""

    facet: str
    key = "slug"

    def get_context_data(self, **kwargs):
        selection = PUBLISHED.narrowed(self.facet, [getattr(self.object, self.key)])
        preview = practices_of(selection, limit=PRACTICES_SHOWN)
        return super().get_context_data(
            practices=preview.practices, practice_count=preview.count, **kwargs
        )


class PracticeCountsListMixin:
    """A list page whose records show their number of published practices."""

    facet: str

    def paginate_queryset(self, queryset, page_size):
        paginator, page, records, others = super().paginate_queryset(queryset, page_size)
        counts = practice_counts(self.facet, PUBLISHED)
        records = list(records)
        for record in records:
            record.practice_count = counts.get(record.slug, 0)
        return paginator, page, records, others


class InstitutionDetailView(PreviewableMixin, PracticesPreviewMixin, DetailView):
    template_name = "practices/institution_detail.html"
    context_object_name = "institution"
    facet = "institution"

    def get_queryset(self):
        return self.shown(Institution.objects).with_related()

    def get_context_data(self, **kwargs):
        institution = self.object
        return super().get_context_data(
            children=institution.children.published(),
            tools=institution.tools.published(),
            **kwargs,
        )


class PolicyToolDetailView(PreviewableMixin, PracticesPreviewMixin, DetailView):
    template_name = "practices/tool_detail.html"
    context_object_name = "tool"
    facet = "tool"

    def get_queryset(self):
        return self.shown(PolicyTool.objects).with_related()


class CoherenceLevelListView(PracticeCountsListMixin, FilteredListView):
    template_name = "practices/level_list.html"
    context_object_name = "levels"
    filterset_class = CoherenceLevelFilterSet
    facet = "coherence_level"

    def get_base_queryset(self):
        return CoherenceLevel.objects.all()


class CoherenceLevelDetailView(PracticesPreviewMixin, DetailView):
    template_name = "practices/level_detail.html"
    context_object_name = "level"
    model = CoherenceLevel
    facet = "coherence_level"

    def get_context_data(self, **kwargs):
        slug = self.object.slug
        return super().get_context_data(
            recommendations=Recommendation.objects.published().at_levels([slug])[:PRACTICES_SHOWN],
            challenges=Challenge.objects.published().at_levels([slug]),
            definition=Definition.objects.published().filter(coherence_level=self.object).first(),
            tools=PolicyTool.objects.published().at_levels([slug])[:PRACTICES_SHOWN],
            **kwargs,
        )


class ThemeListView(PracticeCountsListMixin, FilteredListView):
    template_name = "practices/theme_list.html"
    context_object_name = "themes"
    filterset_class = ThemeFilterSet
    facet = "theme"

    def get_base_queryset(self):
        return Theme.objects.all()


class ThemeDetailView(PracticesPreviewMixin, DetailView):
    template_name = "practices/theme_detail.html"
    context_object_name = "theme"
    model = Theme
    facet = "theme"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recommendations=Recommendation.objects.published().with_themes([self.object.slug])[
                :PRACTICES_SHOWN
            ],
            **kwargs,
        )
