"""The facet counts of the reference lists (coherence.facets): counted among the filtered
records, the closed vocabularies with their zeros, the open ones as they occur."""

import pytest
from django.http import QueryDict
from django.utils import translation

from coherence.facets import ListFacet, list_facets
from coherence.filters import InstitutionFilterSet, PolicyToolFilterSet
from coherence.models import Institution, PolicyTool
from tests.factories import (
    CoherenceLevelFactory,
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
)

pytestmark = pytest.mark.django_db

INSTITUTION_FACETS = (
    ListFacet("kind", "Kind", "kind"),
    ListFacet("country", "Country", "country__iso3", "country__name", open=True),
)


def counts(facets, name):
    return {v["value"]: (v["label"], v["count"]) for v in facets[name]}


def filtered(filterset_class, query, queryset):
    filterset = filterset_class(QueryDict(query), queryset=queryset)
    assert filterset.is_valid()
    return filterset


def test_facets_count_the_filtered_records_with_every_closed_value():
    mex, phl = (
        CountryFactory(iso3="MEX", name="Mexico"),
        CountryFactory(iso3="PHL", name="Philippines"),
    )
    InstitutionFactory(country=mex, kind="ministry")
    InstitutionFactory(country=mex, kind="agency")
    InstitutionFactory(country=phl, kind="ministry")
    InstitutionFactory(country=phl, kind="ministry", editorial_state="draft")
    filterset = filtered(InstitutionFilterSet, "country=MEX", Institution.objects.published())
    facets = list_facets(filterset.qs, INSTITUTION_FACETS, filterset)
    kinds = counts(facets, "kind")
    assert kinds["ministry"][1] == 1 and kinds["agency"][1] == 1
    assert set(kinds) == {value for value, _ in Institution.Kind.choices}  # zeros included
    # An open facet lists the values that occur among the results only.
    assert counts(facets, "country") == {"MEX": ("Mexico", 2)}


def test_a_facet_of_records_lists_its_vocabulary_and_counts_each_record_once():
    intra, multi = CoherenceLevelFactory(slug="intra"), CoherenceLevelFactory(slug="multi")
    CoherenceLevelFactory(slug="none")
    mex = CountryFactory(iso3="MEX")
    tool = PolicyToolFactory()
    tool.coherence_levels.set([intra, multi])
    tool.countries.set([mex])
    other = PolicyToolFactory()
    other.coherence_levels.set([intra])
    filterset = filtered(PolicyToolFilterSet, "", PolicyTool.objects.published())
    facets = list_facets(
        filterset.qs, (ListFacet("coherence_level", "Level", "coherence_levels__slug"),), filterset
    )
    assert {v["value"]: v["count"] for v in facets["coherence_level"]} == {
        "intra": 2,
        "multi": 1,
        "none": 0,
    }


def test_an_open_facet_labels_its_values_in_the_readers_language_in_alphabetical_order():
    """A country's name in French on a French page (its English where it has none),
    the ties in alphabetical order: "Égypte" before "Espagne", not after "Zambie"."""
    egypt = CountryFactory(iso3="EGY", name="Egypt", name_fr="Égypte")
    spain = CountryFactory(iso3="ESP", name="Spain", name_fr="Espagne")
    zambia = CountryFactory(iso3="ZMB", name="Zambia", name_fr="")
    for country in (zambia, spain, egypt):
        InstitutionFactory(country=country)
    filterset = filtered(InstitutionFilterSet, "", Institution.objects.published())
    with translation.override("fr"):
        facets = list_facets(filterset.qs, INSTITUTION_FACETS, filterset)
    assert [value["label"] for value in facets["country"]] == ["Égypte", "Espagne", "Zambia"]
    # The English of a country without a French name is marked as such.
    assert [value.get("lang") for value in facets["country"]] == [None, None, "en"]
    with translation.override("en"):
        facets = list_facets(filterset.qs, INSTITUTION_FACETS, filterset)
    assert [value["label"] for value in facets["country"]] == ["Egypt", "Spain", "Zambia"]
    assert all("lang" not in value for value in facets["country"])
