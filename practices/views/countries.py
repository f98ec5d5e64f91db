"""Countries: the index by region with their numbers of practices, a country's profile,
and the comparison of two to four countries."""

from __future__ import annotations

from collections import defaultdict

from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, TemplateView

from coherence.filters import split_values
from coherence.models import Country, PolicyTool
from coherence.web import unknown_parameters, valid_filterset

from .. import charts, comparison
from ..filters import CountryFilterSet, with_practices
from ..models import CountryFinding
from ..selection import PUBLISHED
from ..selectors import coherence_profile, practice_counts, practices_of, start_year_counts

# How many practices a country's profile lists before linking to the filtered list.
PRACTICES_SHOWN = 20


class CountryListView(TemplateView):
    """The world map of the countries with published practices, and the countries
    grouped by region with their number of practices."""

    template_name = "practices/country_list.html"

    def get(self, request, *args, **kwargs):
        filterset, errors = valid_filterset(
            CountryFilterSet, request.GET, Country.objects.with_related(), request
        )
        errors += unknown_parameters(request.GET, set(CountryFilterSet.base_filters))
        counts = practice_counts("country", PUBLISHED)
        countries = sorted(
            filterset.qs,
            key=lambda c: (c.region is None, c.region.name if c.region else "", c.name),
        )
        for country in countries:
            country.practice_count = counts.get(country.iso3, 0)
        # The map shows every country with practices, whatever the list's filters.
        mapped = Country.objects.filter(iso3__in=[iso3 for iso3, n in counts.items() if n])
        context = self.get_context_data(
            map=charts.practice_map(mapped.only("iso3", "m49", "name"), counts),
            countries=countries,
            filter_form=filterset.form,
            filter_fields=[filterset.form[name] for name in ("search", "region", "has_practices")],
            errors=errors,
        )
        return self.render_to_response(context, status=400 if errors else 200)


class CountryDetailView(DetailView):
    """A country profile: practices, institutions, tools, findings by coherence element,
    its coherence profile and its practices over time (charts with their tables)."""

    template_name = "practices/country_detail.html"
    context_object_name = "country"

    def get(self, request, *args, **kwargs):
        if kwargs["iso3"] != kwargs["iso3"].upper():
            return redirect("coherence:country-detail", iso3=kwargs["iso3"].upper())
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Country.objects.with_related(), iso3=self.kwargs["iso3"])

    def get_context_data(self, **kwargs):
        country = self.object
        preview = practices_of(PUBLISHED.narrowed("country", [country.iso3]), limit=PRACTICES_SHOWN)
        findings = (
            CountryFinding.objects.published()
            .for_countries([country.iso3])
            .select_related("element")
            .with_citations()
        )
        by_element = defaultdict(list)
        for finding in findings:
            by_element[finding.element].append(finding)
        profile = coherence_profile(country.iso3)
        years = start_year_counts(PUBLISHED.narrowed("country", [country.iso3]))
        return super().get_context_data(
            practices=preview.practices,
            practice_count=preview.count,
            institutions=country.institutions.published(),
            tools=PolicyTool.objects.published().for_countries([country.iso3]),
            findings_by_element=list(by_element.items()),
            profile=profile,
            profile_charts=charts.profile_charts(profile),
            periods=charts.period_rows(years),
            period_chart=charts.period_chart(years),
            undated=preview.count - sum(years.values()),
            **kwargs,
        )


class CountryCompareView(TemplateView):
    """Two to four countries side by side: counts per level and theme, findings, practices."""

    template_name = "practices/country_compare.html"

    def get(self, request, *args, **kwargs):
        choice = comparison.chosen(split_values(request.GET, "c"))
        countries = choice.countries
        result = comparison.compare(countries) if countries and not choice.error else None
        errors = unknown_parameters(request.GET, {"c"})
        context = self.get_context_data(
            countries=countries,
            comparison=result,
            compare_charts=charts.compare_charts(result, countries) if result else None,
            error=choice.error,
            errors=errors,
            choices=with_practices(Country.objects.all()).order_by("name"),
            chosen={c.iso3 for c in countries},
        )
        return self.render_to_response(context, status=400 if choice.error or errors else 200)
