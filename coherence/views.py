"""Pages of the reference framework: home, countries, institutions, tools and
frameworks, coherence levels, themes and source papers."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, TemplateView

from practices.models import Practice

from .models import (
    CoherenceLevel,
    Country,
    EditorialState,
    Institution,
    PolicyTool,
    SourceDocument,
    Theme,
)

PUBLISHED_PRACTICES = Q(practices__editorial_state=EditorialState.PUBLISHED)


class HomeView(TemplateView):
    template_name = "coherence/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            levels=CoherenceLevel.objects.annotate(
                practice_count=Count("practices", filter=PUBLISHED_PRACTICES)
            ),
            newest=Practice.objects.published().order_by("-created_at")[:6],
            **kwargs,
        )


class CountryListView(ListView):
    template_name = "coherence/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        return Country.objects.with_related().annotate(
            practice_count=Count("practices", filter=PUBLISHED_PRACTICES)
        )


class CountryDetailView(DetailView):
    template_name = "coherence/country_detail.html"
    context_object_name = "country"

    def get(self, request, *args, **kwargs):
        if kwargs["iso3"] != kwargs["iso3"].upper():
            return redirect("coherence:country-detail", iso3=kwargs["iso3"].upper())
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Country.objects.with_related(), iso3=self.kwargs["iso3"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            practices=Practice.objects.published().for_countries([self.object.iso3]),
            institutions=self.object.institutions.published(),
            **kwargs,
        )


class InstitutionListView(ListView):
    template_name = "coherence/institution_list.html"
    context_object_name = "institutions"
    paginate_by = 50

    def get_queryset(self):
        return Institution.objects.published().with_related()


class InstitutionDetailView(DetailView):
    template_name = "coherence/institution_detail.html"
    context_object_name = "institution"

    def get_queryset(self):
        return Institution.objects.published().with_related()


class PolicyToolListView(ListView):
    template_name = "coherence/tool_list.html"
    context_object_name = "tools"
    paginate_by = 50

    def get_queryset(self):
        return PolicyTool.objects.published()


class PolicyToolDetailView(DetailView):
    template_name = "coherence/tool_detail.html"
    context_object_name = "tool"

    def get_queryset(self):
        return PolicyTool.objects.published().with_related()


class CoherenceLevelDetailView(DetailView):
    template_name = "coherence/level_detail.html"
    context_object_name = "level"
    model = CoherenceLevel

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            practices=Practice.objects.published().at_levels([self.object.slug]), **kwargs
        )


class ThemeDetailView(DetailView):
    template_name = "coherence/theme_detail.html"
    context_object_name = "theme"
    model = Theme

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            practices=Practice.objects.published().with_themes([self.object.slug]), **kwargs
        )


class SourceDocumentDetailView(DetailView):
    template_name = "coherence/source_detail.html"
    context_object_name = "source"
    model = SourceDocument

    def get_context_data(self, **kwargs):
        return super().get_context_data(passages=self.object.passages.all(), **kwargs)
