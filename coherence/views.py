"""Pages of the reference framework: home, about, search, countries (profiles and
comparison), institutions, tools and frameworks, coherence levels, themes and source papers.
Every page runs a fixed number of queries whatever the number of records it shows."""

from collections import defaultdict

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from practices.facets import practice_facets
from practices.models import CountryFinding, Practice, PracticeCountry, Recommendation

from .filters import (
    CoherenceLevelFilterSet,
    CountryFilterSet,
    InstitutionFilterSet,
    PolicyToolFilterSet,
    SourceDocumentFilterSet,
    ThemeFilterSet,
    split_values,
)
from .models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    EditorialState,
    Institution,
    PolicyTool,
    SourceDocument,
    Theme,
)
from .models.sources import public_citation_count
from .web import FilteredListView, unknown_parameters, valid_filterset

# Citations with what their links need (the passage's anchor, the source's slug).
CITATIONS = Prefetch(
    "citations", queryset=Citation.objects.select_related("source", "passage__source")
)
PUBLISHED_PRACTICES = Q(practices__editorial_state=EditorialState.PUBLISHED)
# How many practices a detail page lists before linking to the filtered practices list.
PRACTICES_SHOWN = 20
# How many practices of each country the comparison lists.
PRACTICES_COMPARED = 10


def practices_preview(queryset, limit=PRACTICES_SHOWN):
    """(the first `limit` practices, their number): two queries plus the prefetches."""
    return list(queryset.with_related()[:limit]), queryset.count()


class HomeView(TemplateView):
    template_name = "coherence/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            levels=CoherenceLevel.objects.annotate(
                practice_count=Count("practices", filter=PUBLISHED_PRACTICES)
            ),
            themes=Theme.objects.annotate(
                practice_count=Count("practices", filter=PUBLISHED_PRACTICES)
            ).filter(practice_count__gt=0),
            countries=Country.objects.with_practices().order_by("name"),
            newest=Practice.objects.published().with_related().order_by("-created_at")[:6],
            **kwargs,
        )


class AboutView(TemplateView):
    template_name = "coherence/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            levels=CoherenceLevel.objects.all(),
            elements=CoherenceElement.objects.all(),
            sources=SourceDocument.objects.all(),
            **kwargs,
        )


SEARCH_TYPES = [
    ("practice", gettext_lazy("Practices"), "practices:list"),
    ("institution", gettext_lazy("Institutions"), "coherence:institution-list"),
    ("tool", gettext_lazy("Tools and frameworks"), "coherence:tool-list"),
    ("recommendation", gettext_lazy("Recommendations"), "practices:recommendation-list"),
    ("passage", gettext_lazy("Passages of the source papers"), None),
]
SEARCH_HITS_PER_TYPE = 10


class SearchView(TemplateView):
    """One box searching every type of record, the results grouped by type."""

    template_name = "coherence/search.html"

    def get(self, request, *args, **kwargs):
        from search import MAX_QUERY_LENGTH, SearchQueryError, parse_query
        from search import search as run_search

        text = request.GET.get("q", "")
        error, groups, total = None, [], 0
        if any(ord(char) < 32 or ord(char) == 127 for char in text):
            error = _("The search cannot contain control characters.")
        elif text.strip():
            try:
                parse_query(text)
            except SearchQueryError as exc:
                error = str(exc)
            else:
                for name, heading, list_url in SEARCH_TYPES:
                    results = run_search(text, types=[name], limit=SEARCH_HITS_PER_TYPE)
                    total += results.counts.get(name, 0)
                    groups.append(
                        {
                            "name": name,
                            "heading": heading,
                            "hits": results.hits,
                            "count": results.counts.get(name, 0),
                            "estimated": name in results.estimated,
                            "list_url": list_url,
                        }
                    )
        errors = unknown_parameters(request.GET, {"q"})
        context = self.get_context_data(
            q=text[: MAX_QUERY_LENGTH + 100],
            header_q=text[: MAX_QUERY_LENGTH + 100],
            error=error,
            errors=errors,
            groups=groups,
            total=total,
            max_length=MAX_QUERY_LENGTH,
        )
        return self.render_to_response(context, status=400 if error or errors else 200)


class CountryListView(TemplateView):
    """Countries grouped by region, with their number of published practices."""

    template_name = "coherence/country_list.html"

    def get(self, request, *args, **kwargs):
        filterset, errors = valid_filterset(
            CountryFilterSet, request.GET, Country.objects.with_related(), request
        )
        errors += unknown_parameters(request.GET, set(CountryFilterSet.base_filters))
        # The counts come from the practices' facet index (two queries), not from a
        # join of every country with every practice.
        counts = {
            value["value"]: value["count"]
            for value in practice_facets(Practice.objects.published())["country"]
        }
        countries = sorted(
            filterset.qs,
            key=lambda c: (c.region is None, c.region.name if c.region else "", c.name),
        )
        for country in countries:
            country.practice_count = counts.get(country.iso3, 0)
        context = self.get_context_data(
            countries=countries,
            filter_form=filterset.form,
            filter_fields=[filterset.form[name] for name in ("search", "region", "has_practices")],
            errors=errors,
        )
        return self.render_to_response(context, status=400 if errors else 200)


def coherence_profile(facets):
    """A country's practices per coherence level and per element, for its chart and
    table, from the facet counts of its practices."""
    rows = {
        name: [{"name": value["label"], "count": value["count"]} for value in facets[name]]
        for name in ("coherence_level", "element")
    }
    largest = max([row["count"] for values in rows.values() for row in values] + [1])
    for values in rows.values():
        for row in values:
            row["percent"] = 100 * row["count"] // largest
    return {"levels": rows["coherence_level"], "elements": rows["element"]}


class CountryDetailView(DetailView):
    """A country profile: practices, institutions, tools, findings by coherence element and
    its coherence profile."""

    template_name = "coherence/country_detail.html"
    context_object_name = "country"

    def get(self, request, *args, **kwargs):
        if kwargs["iso3"] != kwargs["iso3"].upper():
            return redirect("coherence:country-detail", iso3=kwargs["iso3"].upper())
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Country.objects.with_related(), iso3=self.kwargs["iso3"])

    def get_context_data(self, **kwargs):
        country = self.object
        in_country = Practice.objects.published().for_countries([country.iso3])
        # The facet index counts the practices per level and element (and in all: each
        # practice has one status) in two queries.
        facets = practice_facets(in_country)
        practices = list(in_country.with_related()[:PRACTICES_SHOWN])
        findings = (
            CountryFinding.objects.published()
            .for_countries([country.iso3])
            .select_related("element")
            .prefetch_related(CITATIONS)
        )
        by_element = defaultdict(list)
        for finding in findings:
            by_element[finding.element].append(finding)
        return super().get_context_data(
            practices=practices,
            practice_count=sum(value["count"] for value in facets["status"]),
            institutions=country.institutions.published().select_related("parent"),
            tools=PolicyTool.objects.published().for_countries([country.iso3]),
            findings_by_element=list(by_element.items()),
            profile=coherence_profile(facets),
            **kwargs,
        )


class CountryCompareView(TemplateView):
    """Two to four countries side by side: counts per level and theme, findings, practices."""

    template_name = "coherence/country_compare.html"
    MIN, MAX = 2, 4

    def get(self, request, *args, **kwargs):
        codes = [code.upper() for code in split_values(request.GET, "c")]
        error, countries = None, []
        if any(any(ord(ch) < 32 or ord(ch) == 127 for ch in code) for code in codes):
            error = _("Country codes cannot contain control characters.")
            codes = []
        if codes:
            found = {c.iso3: c for c in Country.objects.filter(iso3__in=codes[:20])}
            unknown = [code for code in codes if code not in found]
            countries = [found[code] for code in codes if code in found]
            if unknown:
                error = _(
                    "Unknown country code(s): %(codes)s. Use ISO alpha-3 codes such as MEX."
                ) % {"codes": ", ".join(code[:10] for code in unknown[:10])}
        if not error and not self.MIN <= len(countries) <= self.MAX:
            error = (
                _("Choose from 2 to 4 countries to compare; you chose %(n)s.")
                % {"n": len(countries)}
                if codes
                else None
            )
        comparison = None
        if not error and countries:
            comparison = self.compare(countries)
        errors = unknown_parameters(request.GET, {"c"})
        context = self.get_context_data(
            countries=countries,
            comparison=comparison,
            error=error,
            errors=errors,
            choices=Country.objects.with_practices().order_by("name"),
            chosen={c.iso3 for c in countries},
        )
        return self.render_to_response(context, status=400 if error or errors else 200)

    def compare(self, countries):
        ids = [c.pk for c in countries]
        per_level = self._counts(CoherenceLevel, ids)
        per_theme = self._counts(Theme, ids)
        levels = [
            {"record": level, "counts": [per_level.get((level.pk, pk), 0) for pk in ids]}
            for level in CoherenceLevel.objects.all()
        ]
        themes = [
            {"record": theme, "counts": [per_theme.get((theme.pk, pk), 0) for pk in ids]}
            for theme in Theme.objects.all()
        ]
        themes = [row for row in themes if any(row["counts"])]
        findings = CountryFinding.objects.published().filter(country__in=ids).with_related()
        questions = {}
        for finding in findings:
            key = (finding.element.order if finding.element else 999, finding.question)
            row = questions.setdefault(
                key, {"question": finding.question, "element": finding.element, "values": {}}
            )
            row["values"][finding.country_id] = finding
        finding_rows = [
            {**row, "cells": [row["values"].get(pk) for pk in ids]}
            for _key, row in sorted(questions.items(), key=lambda item: item[0])
        ]
        # The first ten practices of each country by title, ranked in the database.
        practices = {pk: [] for pk in ids}
        links = (
            PracticeCountry.objects.filter(
                country__in=ids, practice__editorial_state=EditorialState.PUBLISHED
            )
            .annotate(
                rank=Window(
                    RowNumber(), partition_by=F("country_id"), order_by=F("practice__title").asc()
                )
            )
            .filter(rank__lte=PRACTICES_COMPARED)
            .select_related("practice")
            .only("country_id", "practice__slug", "practice__title")
            .order_by("country_id", "rank")
        )
        for link in links:
            practices[link.country_id].append(link.practice)
        return {
            "levels": levels,
            "themes": themes,
            "findings": finding_rows,
            "practices": [(c, practices[c.pk]) for c in countries],
        }

    @staticmethod
    def _counts(model, country_ids):
        """{(record id, country id): number of published practices}: one query."""
        rows = (
            model.objects.filter(
                practices__editorial_state=EditorialState.PUBLISHED,
                practices__country_links__country__in=country_ids,
            )
            .values("pk", "practices__country_links__country")
            .annotate(count=Count("practices", distinct=True))
        )
        return {(row["pk"], row["practices__country_links__country"]): row["count"] for row in rows}


class InstitutionListView(FilteredListView):
    template_name = "coherence/institution_list.html"
    context_object_name = "institutions"
    filterset_class = InstitutionFilterSet
    filter_fields = ("search", "country", "kind", "ordering")

    def get_base_queryset(self):
        return Institution.objects.published().with_related()


class InstitutionDetailView(DetailView):
    template_name = "coherence/institution_detail.html"
    context_object_name = "institution"

    def get_queryset(self):
        return Institution.objects.published().with_related()

    def get_context_data(self, **kwargs):
        institution = self.object
        practices, practice_count = practices_preview(
            Practice.objects.published().with_institutions([institution.slug])
        )
        return super().get_context_data(
            practices=practices,
            practice_count=practice_count,
            children=institution.children.published(),
            tools=institution.tools.published(),
            **kwargs,
        )


class PolicyToolListView(FilteredListView):
    template_name = "coherence/tool_list.html"
    context_object_name = "tools"
    filterset_class = PolicyToolFilterSet
    filter_fields = ("search", "kind", "category", "coherence_level", "country", "ordering")

    def get_base_queryset(self):
        return PolicyTool.objects.published().with_related()


class PolicyToolDetailView(DetailView):
    template_name = "coherence/tool_detail.html"
    context_object_name = "tool"

    def get_queryset(self):
        return PolicyTool.objects.published().with_related()

    def get_context_data(self, **kwargs):
        practices, practice_count = practices_preview(
            Practice.objects.published().with_tools([self.object.slug])
        )
        return super().get_context_data(
            practices=practices, practice_count=practice_count, **kwargs
        )


class CoherenceLevelListView(FilteredListView):
    template_name = "coherence/level_list.html"
    context_object_name = "levels"
    filterset_class = CoherenceLevelFilterSet

    def get_base_queryset(self):
        return CoherenceLevel.objects.annotate(
            practice_count=Count("practices", filter=PUBLISHED_PRACTICES)
        ).order_by(*CoherenceLevel._meta.ordering)


class CoherenceLevelDetailView(DetailView):
    template_name = "coherence/level_detail.html"
    context_object_name = "level"
    model = CoherenceLevel

    def get_context_data(self, **kwargs):
        practices, practice_count = practices_preview(
            Practice.objects.published().at_levels([self.object.slug])
        )
        return super().get_context_data(
            practices=practices,
            practice_count=practice_count,
            recommendations=Recommendation.objects.published().at_levels([self.object.slug])[
                :PRACTICES_SHOWN
            ],
            tools=PolicyTool.objects.published().at_levels([self.object.slug])[:PRACTICES_SHOWN],
            **kwargs,
        )


class ThemeListView(FilteredListView):
    template_name = "coherence/theme_list.html"
    context_object_name = "themes"
    filterset_class = ThemeFilterSet

    def get_base_queryset(self):
        return Theme.objects.annotate(
            practice_count=Count("practices", filter=PUBLISHED_PRACTICES)
        ).order_by(*Theme._meta.ordering)


class ThemeDetailView(DetailView):
    template_name = "coherence/theme_detail.html"
    context_object_name = "theme"
    model = Theme

    def get_context_data(self, **kwargs):
        practices, practice_count = practices_preview(
            Practice.objects.published().with_themes([self.object.slug])
        )
        return super().get_context_data(
            practices=practices,
            practice_count=practice_count,
            recommendations=Recommendation.objects.published().with_themes([self.object.slug])[
                :PRACTICES_SHOWN
            ],
            **kwargs,
        )


class SourceDocumentListView(FilteredListView):
    template_name = "coherence/source_list.html"
    context_object_name = "sources"
    filterset_class = SourceDocumentFilterSet
    filter_fields = ("search", "kind", "year")

    def get_base_queryset(self):
        return SourceDocument.objects.annotate(citation_count=public_citation_count()).order_by(
            *SourceDocument._meta.ordering
        )


class SourceDocumentDetailView(DetailView):
    """A paper's metadata and its full text, one anchor per passage; a citation link
    (`#para-12`) scrolls to its passage, which the stylesheet highlights."""

    template_name = "coherence/source_detail.html"
    context_object_name = "source"
    model = SourceDocument

    def get_queryset(self):
        return SourceDocument.objects.defer("text")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            passages=self.object.passages.annotate(citation_count=public_citation_count()),
            **kwargs,
        )
