"""The practices page's sidebar, chips and kept parameters, from facet counts, the query
and the FilterSet alone."""

import pytest
from django.http import QueryDict

from coherence.sidebar import FACET_VISIBLE
from coherence.web import query_params
from practices import sidebar
from practices.filters.practices import PracticeFilterSet
from tests.factories import CountryFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def facets(**values):
    return {
        name: [{"value": v, "label": v.title(), "count": n} for v, n in pairs]
        for name, pairs in values.items()
    }


def test_values_link_to_the_query_with_them_added_or_removed():
    params = {"country": ["MEX"], "scope": ["national"]}
    filterset = PracticeFilterSet(QueryDict())
    filterset.is_valid()
    groups = {
        g["name"]: g
        for g in sidebar.facet_groups(
            facets(country=[("MEX", 2), ("PHL", 1)], scope=[("national", 2)]), params, filterset
        )
    }
    mex, phl = groups["country"]["values"]
    assert mex["selected"] and not phl["selected"]
    # Each link lands on the results' heading.
    assert mex["url"] == "?scope=national#results"
    assert phl["url"] == "?scope=national&country=MEX&country=PHL#results"
    assert groups["country"]["open"] and not groups["theme"]["open"]
    assert [g["name"] for g in sidebar.facet_groups({}, {}, filterset)][:3] == [
        "country",
        "region",
        "coherence_level",
    ]


def test_a_chosen_value_no_result_has_still_shows_with_a_zero_count():
    CountryFactory(iso3="JAM", name="Jamaica")
    filterset = PracticeFilterSet(QueryDict("country=JAM"))
    filterset.is_valid()
    groups = sidebar.facet_groups(facets(country=[("MEX", 2)]), {"country": ["JAM"]}, filterset)
    country = next(g for g in groups if g["name"] == "country")
    jamaica = next(v for v in country["values"] if v["value"] == "JAM")
    assert jamaica == {**jamaica, "label": "Jamaica", "count": 0, "selected": True}


def test_a_value_no_result_has_is_shown_but_not_linked():
    filterset = PracticeFilterSet(QueryDict())
    filterset.is_valid()
    groups = sidebar.facet_groups(facets(scope=[("national", 2), ("global", 0)]), {}, filterset)
    national, global_ = next(g for g in groups if g["name"] == "scope")["values"]
    assert national["linked"] and not global_["linked"]
    assert global_["count"] == 0
    # Once a scope is chosen, adding another only widens the results: still offered.
    groups = sidebar.facet_groups(
        facets(scope=[("national", 2), ("global", 0)]), {"scope": ["national"]}, filterset
    )
    national, global_ = next(g for g in groups if g["name"] == "scope")["values"]
    assert national["selected"] and global_["linked"]


def test_many_values_show_the_first_and_hide_the_rest_behind_more():
    values = [(f"T{n:02}", 10) for n in range(12)]
    filterset = PracticeFilterSet(QueryDict())
    filterset.is_valid()
    theme = next(
        g
        for g in sidebar.facet_groups(facets(theme=values), {"theme": ["T11"]}, filterset)
        if g["name"] == "theme"
    )
    assert theme["visible"] == FACET_VISIBLE + 1  # the chosen one is always shown
    assert theme["hidden"] == len(values) - theme["visible"]


def test_chips_name_each_active_filter_and_remove_it():
    ThemeFactory(slug="remittances", name="Remittances")
    query = QueryDict("theme=remittances&search=diaspora&ordering=-title")
    filterset = PracticeFilterSet(query)
    filterset.is_valid()
    chips = sidebar.chips(query_params(query), {}, filterset)
    assert [(str(c["heading"]), c["label"]) for c in chips] == [
        ("Theme", "Remittances"),
        ("Search", "diaspora"),
        ("Sort", "Title, Z to A"),
    ]
    assert chips[0]["remove"] == "?search=diaspora&ordering=-title#results"


def test_parameters_the_form_has_no_control_for_are_kept():
    kept = sidebar.kept_parameters({"institution": ["sre"], "country": ["MEX"], "page": ["2"]})
    assert kept == [("institution", "sre")]


def test_facet_values_are_normalised_as_the_index_keys_them():
    assert sidebar.normalised({"country": ["mex", "MEX"], "theme": ["Remittances"]}) == {
        "country": ["MEX"],
        "theme": ["remittances"],
    }
