"""Writes with bad input answer 4xx naming the field and the reason, never 500."""

import json

import pytest
from django.test import override_settings

from practices.models import Practice
from tests.api.test_writes import PRACTICE, authed, token_for

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


@pytest.fixture
def writer(api, django_user_model):
    user = django_user_model.objects.create_user("partner", password="pw-partner-123")
    token = token_for(user, "add_practice", "change_practice")
    return authed(api, token)


@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_the_same_country_twice_is_a_400_naming_it(writer, world, method):
    body = {
        **PRACTICE,
        "countries": [{"iso3": "MEX"}, {"iso3": "PHL"}, {"iso3": "MEX", "role": "partner"}],
    }
    if method == "post":
        response = writer.post(LIST, body, format="json")
    else:
        response = getattr(writer, method)(f"{LIST}three-per-one/", body, format="json")
    assert response.status_code == 400
    assert "MEX" in response.json()["errors"]["countries"][0]
    assert "once" in response.json()["errors"]["countries"][0]


def test_the_same_institution_twice_is_a_400_naming_it(writer, world):
    body = {"institutions": [{"slug": "sedesol"}, {"slug": "sedesol", "role": "partner"}]}
    response = writer.patch(f"{LIST}three-per-one/", body, format="json")
    assert response.status_code == 400
    assert "sedesol" in response.json()["errors"]["institutions"][0]
    # Nothing was written: the practice keeps its links.
    assert list(
        Practice.objects.get(slug="three-per-one")
        .institution_links.order_by("institution__slug")
        .values_list("institution__slug", flat=True)
    ) == ["cfo", "sedesol"]


def test_json_nested_too_deep_is_a_400_with_the_reason(writer, world):
    body = "[" * 1500 + "]" * 1500
    response = writer.generic(
        "PATCH", f"{LIST}three-per-one/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested deeper" in response.json()["detail"]


def test_brackets_inside_strings_do_not_count_as_nesting(writer, world):
    body = json.dumps({"summary": "[" * 100 + " a summary with brackets " + "}" * 100})
    response = writer.generic(
        "PATCH", f"{LIST}three-per-one/", body, content_type="application/json"
    )
    assert response.status_code == 200


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_body_too_large_is_a_413_with_the_reason(writer, world):
    body = json.dumps({"summary": "x" * 20_000})
    response = writer.generic(
        "PATCH", f"{LIST}three-per-one/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "larger than 10000 bytes" in response.json()["detail"]


@pytest.mark.parametrize("body", ["{", '{"title": NaN}', b"\xff\xfe"])
def test_malformed_json_is_a_400(writer, world, body):
    response = writer.generic(
        "PATCH", f"{LIST}three-per-one/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_a_practice_cannot_take_the_slug_of_the_facets_endpoint(writer, world):
    response = writer.post(LIST, {**PRACTICE, "slug": "facets"}, format="json")
    assert response.status_code == 400
    assert "facets" in response.json()["errors"]["slug"][0]
