"""A query parameter the endpoint does not take is a 400 naming it, never ignored: an
analyst who types `?q=` for `?search=` must not get every practice back."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_parameter_on_a_list_is_400_naming_it_and_the_accepted_ones(api, world):
    response = api.get("/api/v1/practices/?q=diaspora")
    assert response.status_code == 400
    reasons = response.json()["errors"]["q"]
    assert "Unknown parameter" in reasons[0]
    for accepted in ("search", "country", "coherence_level", "page", "page_size", "format"):
        assert accepted in reasons[0]


def test_every_unknown_parameter_is_named(api, world):
    response = api.get("/api/v1/practices/?q=x&contry=MEX&country=MEX")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"q", "contry"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practices/",
        "/api/v1/practices/facets/",
        "/api/v1/countries/",
        "/api/v1/institutions/",
        "/api/v1/tools/",
        "/api/v1/coherence-levels/",
        "/api/v1/themes/",
        "/api/v1/elements/",
        "/api/v1/regions/",
        "/api/v1/recommendations/",
        "/api/v1/sources/",
        "/api/v1/search/?q=remittances",
        "/api/v1/changes/",
        "/api/v1/practices/three-per-one/",
        "/api/v1/countries/MEX/",
    ],
)
def test_unknown_parameter_is_400_on_every_endpoint(api, world, path):
    joiner = "&" if "?" in path else "?"
    response = api.get(f"{path}{joiner}nonsense=1")
    assert response.status_code == 400
    assert "nonsense" in response.json()["errors"]


@pytest.mark.parametrize(
    "query",
    [
        "?search=remittances&country=MEX&page=1&page_size=10&ordering=title",
        "?format=json",
        "?region=americas&year_from=2000&year_to=2010&updated_after=2020-01-01",
    ],
)
def test_known_parameters_are_accepted(api, world, query):
    assert api.get(f"/api/v1/practices/{query}").status_code == 200


def test_facets_take_the_filters_but_not_pages(api, world):
    assert api.get("/api/v1/practices/facets/?country=MEX").status_code == 200
    response = api.get("/api/v1/practices/facets/?page=2")
    assert response.status_code == 400
    assert "page" in response.json()["errors"]


def test_search_and_changes_take_their_own_parameters(api, world):
    assert api.get("/api/v1/search/?q=remittances&type=practice&page=1").status_code == 200
    assert api.get("/api/v1/changes/?since=2020-01-01&type=practice&page_size=5").status_code == 200
    response = api.get("/api/v1/changes/?search=x")
    assert response.status_code == 400
    assert "since" in response.json()["errors"]["search"][0]


def test_a_detail_takes_no_filters(api, world):
    response = api.get("/api/v1/practices/three-per-one/?country=MEX")
    assert response.status_code == 400
    assert "country" in response.json()["errors"]
