"""Countries: the index by region with their numbers of practices, a country's profile,
and the comparison of two to four countries."""

from __future__ import annotations

from collections import defaultdict

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from coherence import sidebar
from coherence.collation import sort_key
from coherence.facets import ListFacet, list_facets
from coherence.filters import split_values
from coherence.lists import headings_of, sidebar_form
from coherence.models import Country, PolicyTool
from coherence.web import query_params, unknown_parameters, valid_filterset

from .. import charts, comparison
from ..filters.countries import CountryFilterSet, with_practices
from ..models import Challenge, CountryFinding
from ..selection import PUBLISHED
from ..selectors import (
    coherence_profile,
    practice_counts,
    practices_of,
    practices_through_membership,
    start_year_counts,
)

# How many practices a country's profile lists before linking to the filtered list.
PRACTICES_SHOWN = 20


class CountryListView(TemplateView):
    """The world map of the countries with published practices, and the countries
    grouped by region with their number of practices, with the shared facet sidebar
    (region, whether they have practices)."""

    template_name = "practices/country_list.html"
    facets = (ListFacet("region", _("Region"), "region__slug", "region__name", open=True),)
    headings = {"region": _("Region"), "has_practices": _("Practices")}

    def get(self, request, *args, **kwargs):
        params = query_params(request.GET)
        filterset, errors = valid_filterset(
            CountryFilterSet, request.GET, Country.objects.with_related(), request
        )
        errors += unknown_parameters(request.GET, set(CountryFilterSet.base_filters))
        valid = {name: values for name, values in params.items() if name in filterset.data}
        counts = practice_counts("country", PUBLISHED)
        countries = sorted(
            filterset.qs,
            key=lambda c: (
                c.region is None,
                sort_key(str(c.region.name)) if c.region else (),
                sort_key(str(c.name)),
            ),
        )
        for country in countries:
            country.practice_count = counts.get(country.iso3, 0)
        with_any = sum(1 for country in countries if country.practice_count)
        facet_counts = {
            **list_facets(filterset.qs, self.facets, filterset),
            "has_practices": [
                {"value": "true", "label": str(_("With practices")), "count": with_any},
                {
                    "value": "false",
                    "label": str(_("Without practices")),
                    "count": len(countries) - with_any,
                },
            ],
        }
        headings = {name: str(heading) for name, heading in self.headings.items()}
        groups = sidebar.facet_groups(facet_counts, valid, filterset, headings)
        all_headings = headings_of(CountryFilterSet, extra=headings)
        # The map shows every country with practices, whatever the list's filters.
        mapped = Country.objects.filter(iso3__in=[iso3 for iso3, n in counts.items() if n])
        context = self.get_context_data(
            map=charts.practice_map(mapped.only("iso3", "m49", "name"), counts),
            countries=countries,
            total=len(countries),
            errors=errors,
            sidebar=sidebar_form(
                action=request.path, filterset=filterset, params=valid, groups=groups
            ),
            chips=sidebar.chips(
                params,
                facet_counts,
                filterset,
                {**all_headings, **{name: name for name in params if name not in all_headings}},
            ),
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
            .select_related("element", "question")
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
            through_membership=practices_through_membership(country.iso3),
            memberships=country.memberships.select_related("body").filter(
                body__editorial_state="published"
            ),
            institutions=country.institutions.published(),
            tools=PolicyTool.objects.published().for_countries([country.iso3]),
            findings_by_element=list(by_element.items()),
            challenges=Challenge.objects.published().for_countries([country.iso3]),
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
        result = comparison.compare(countries) if choice.ready else None
        errors = unknown_parameters(request.GET, {"c"})
        chosen = {c.iso3 for c in countries}
        choices = list(with_practices(Country.objects.all()).order_by("name"))
        listed = {c.iso3 for c in choices}
        # The chosen countries first (a country with no practice too), then the others.
        choices = [c for c in countries if c.iso3 not in listed] + choices
        choices.sort(key=lambda c: (c.iso3 not in chosen, sort_key(str(c.name))))
        context = self.get_context_data(
            countries=countries,
            comparison=result,
            columns=comparison.columns(countries, result) if result else [],
            compare_charts=charts.compare_charts(result, countries) if result else None,
            error=choice.error,
            errors=errors,
            choices=choices,
            chosen=chosen,
            more_needed=not choice.error and len(countries) < comparison.FEWEST,
            most=comparison.MOST,
        )
        return self.render_to_response(context, status=400 if choice.error or errors else 200)
