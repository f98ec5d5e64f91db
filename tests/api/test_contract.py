"""The API's contract as a generated client meets it: problem details for every error,
content negotiation, the token schemes, strict writes, the root, the rate-limit headers,
the token holder's drafts, and a schema that says all of it."""

import csv
import io

import pytest
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from rest_framework.throttling import SimpleRateThrottle

from coherence.problems import flatten
from tests.api.test_writes import PRACTICE, authed, token_for

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]

LIST = "/api/v1/practices/"
PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["detail"] and body["instance"]
    return body


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("partner", password="pw-partner-123")


@pytest.fixture
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


# Problem details ----------------------------------------------------------------------


def test_bad_parameter_is_a_problem_with_errors_by_parameter(api, world):
    body = assert_problem(api.get(f"{LIST}?country=ZZZ"), 400)
    assert body["instance"] == f"{LIST}?country=ZZZ"
    assert body["errors"] == {"country": ["Unknown country code: ZZZ."]}


def test_malformed_json_is_a_problem(api, world, user):
    api = authed(api, token_for(user, "add_practice"))
    response = api.post(LIST, data=b"{nope", content_type="application/json")
    body = assert_problem(response, 400)
    assert "JSON parse error" in body["detail"]


def test_bad_token_is_a_problem(api, world):
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert_problem(api.get(LIST), 401)


def test_missing_token_on_a_write_is_a_problem(api, world):
    assert_problem(api.post(LIST, PRACTICE, format="json"), 401)


def test_nested_errors_are_flattened_to_dotted_paths(api, world, user):
    api = authed(api, token_for(user, "add_practice"))
    bad = {**PRACTICE, "countries": [{"iso3": "MEX"}, {"iso3": "PHL", "role": "boss"}]}
    body = assert_problem(api.post(LIST, bad, format="json"), 400)
    assert list(body["errors"]) == ["countries.1.role"]
    assert all(isinstance(message, str) for message in body["errors"]["countries.1.role"])


def test_flatten_handles_every_nesting():
    assert flatten({"a": {"0": {"b": ["x"]}}, "c": ["y"], "d": [{}, {"e": ["z"]}]}) == {
        "a.0.b": ["x"],
        "c": ["y"],
        "d.1.e": ["z"],
    }
    assert flatten(["plain"]) == {"non_field_errors": ["plain"]}


def test_refused_delete_names_the_records_that_refer(api, world, user):
    api = authed(api, token_for(user, "delete_institution"))
    body = assert_problem(api.delete("/api/v1/institutions/cfo/"), 409)
    assert {"type": "practice", "key": "three-per-one"} in body["references"]
    assert {"type": "practice", "key": "pdos"} in body["references"]
    assert "three-per-one" in body["detail"]


def test_throttled_is_a_problem_with_retry_after(api, world, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "1/min", "user": None})
    api.get(LIST)
    response = api.get(LIST)
    assert_problem(response, 429)
    assert int(response["Retry-After"]) >= 1


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_too_large_body_is_a_problem(api, world, user):
    api = authed(api, token_for(user, "add_practice"))
    assert_problem(api.post(LIST, {**PRACTICE, "summary": "x" * 500}, format="json"), 413)


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/", "/api/v2/practices/"])
@pytest.mark.parametrize("debug", [True, False])
def test_every_unknown_path_under_api_is_a_json_404_in_every_mode(client, db, path, debug):
    with override_settings(DEBUG=debug):
        assert_problem(client.get(path), 404)


def test_a_path_without_its_slash_is_still_redirected(client, db):
    response = client.get("/api/v1/practices")
    assert response.status_code == 301 and response["Location"].endswith("/api/v1/practices/")


# Content negotiation ------------------------------------------------------------------


def test_format_csv_wins_over_accept_json(api, world):
    response = api.get(f"{LIST}?format=csv", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert {row["slug"] for row in rows} == {"three-per-one", "pdos"}


def test_unknown_format_is_a_406_naming_the_formats(api, world):
    body = assert_problem(api.get(f"{LIST}?format=xml"), 406)
    assert "json, csv" in body["detail"]


def test_unacceptable_accept_is_a_406(api, world):
    assert_problem(api.get(LIST, HTTP_ACCEPT="application/xml"), 406)


# Tokens -------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["Bearer", "Token", "bearer"])
def test_token_is_accepted_with_either_prefix(api, world, user, scheme):
    token = token_for(user, "add_practice")
    api.credentials(HTTP_AUTHORIZATION=f"{scheme} {token}")
    assert api.post(LIST, PRACTICE, format="json").status_code == 201


def test_schema_declares_reads_public_and_writes_bearer(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    paths = schema["paths"]
    assert paths["/api/v1/practices/"]["get"]["security"] == []
    assert paths["/api/v1/practices/{slug}/"]["get"]["security"] == []
    assert paths["/api/v1/practices/"]["post"]["security"] == [{"tokenAuth": []}]
    assert paths["/api/v1/tools/{slug}/"]["delete"]["security"] == [{"tokenAuth": []}]


# Strict writes ------------------------------------------------------------------------


def test_unknown_fields_in_a_write_are_a_400_naming_them(api, world, user):
    api = authed(api, token_for(user, "add_practice", "change_practice"))
    body = assert_problem(api.post(LIST, {**PRACTICE, "summmary": "typo"}, format="json"), 400)
    assert list(body["errors"]) == ["summmary"]
    nested = {**PRACTICE, "countries": [{"iso3": "MEX", "rôle": "partner"}]}
    body = assert_problem(api.post(LIST, nested, format="json"), 400)
    assert list(body["errors"]) == ["countries.0.rôle"]
    patch = api.patch(f"{LIST}three-per-one/", {"colour": "red"}, format="json")
    assert assert_problem(patch, 400)["errors"] == {"colour": [patch.json()["errors"]["colour"][0]]}


def test_read_only_fields_sent_back_are_accepted(api, world, user):
    api = authed(api, token_for(user, "change_recommendation"))
    from tests.factories import RecommendationFactory

    record = RecommendationFactory()
    read = api.get(f"/api/v1/recommendations/{record.pk}/").json()
    response = api.put(
        f"/api/v1/recommendations/{record.pk}/", {**read, "title": "Renamed"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Renamed"


def test_years_out_of_range_are_refused_and_declared(api, world, user, schema):
    api = authed(api, token_for(user, "add_practice"))
    body = assert_problem(api.post(LIST, {**PRACTICE, "start_year": 1700}, format="json"), 400)
    assert body["errors"]["start_year"] == ["Years must lie between 1800 and 2100."]
    year = schema["components"]["schemas"]["PracticeWriteRequest"]["properties"]["start_year"]
    assert (year["minimum"], year["maximum"]) == (1800, 2100)
    params = {p["name"]: p for p in schema["paths"][LIST]["get"]["parameters"]}
    assert (params["year_from"]["schema"]["minimum"], params["year_to"]["schema"]["maximum"]) == (
        1800,
        2100,
    )


# The schema's parameters and formats ---------------------------------------------------


def test_list_filters_are_arrays_of_strings_sent_repeated(schema):
    params = {p["name"]: p for p in schema["paths"][LIST]["get"]["parameters"]}
    for name in ("country", "theme", "institution", "scope"):
        parameter = params[name]
        assert parameter["schema"]["type"] == "array"
        assert parameter["schema"]["items"]["type"] == "string"
        assert parameter["schema"]["minItems"] == 1
        assert (parameter["style"], parameter["explode"]) == ("form", True)
    assert params["ordering"]["schema"]["type"] == "string"
    assert params["page"]["schema"]["minimum"] == 1
    changes = {p["name"]: p for p in schema["paths"]["/api/v1/changes/"]["get"]["parameters"]}
    assert changes["page"]["schema"]["minimum"] == 1
    assert changes["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}


def test_repeated_and_comma_separated_values_mean_the_same(api, world):
    repeated = api.get(f"{LIST}?country=MEX&country=MDA").json()
    joined = api.get(f"{LIST}?country=MEX,MDA").json()
    assert repeated["count"] == joined["count"] == 2
    assert repeated["results"] == joined["results"]


def test_schema_declares_csv_as_text(schema):
    operation = schema["paths"][LIST]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["format"]["schema"]["enum"] == ["json", "csv", "xlsx"]
    assert operation["responses"]["200"]["content"]["text/csv"]["schema"]["type"] == "string"
    post = schema["paths"][LIST]["post"]
    assert list(post["responses"]["201"]["content"]) == ["application/json"]


def test_non_empty_lists_are_declared(schema):
    write = schema["components"]["schemas"]["PracticeWriteRequest"]["properties"]
    assert write["themes"]["minItems"] == 1 and write["coherence_levels"]["minItems"] == 1


# The root and the rate-limit headers ---------------------------------------------------


def test_api_root_lists_the_resources_as_json(api, db):
    response = api.get("/api/v1/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    root = response.json()
    assert root["practices"] == "http://testserver/api/v1/practices/"
    assert {"countries", "tools", "sources", "search", "changes"} <= set(root)
    html = api.get("/api/v1/", HTTP_ACCEPT="text/html")
    assert html.status_code == 406 and html["Content-Type"] == PROBLEM


def test_rate_limit_headers_on_every_response(api, world, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/min", "user": "50/min"})
    first = api.get(LIST)
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("5", "4")
    assert 0 < int(first["RateLimit-Reset"]) <= 60
    error = api.get(f"{LIST}?country=ZZZ")
    assert error.status_code == 400 and error["RateLimit-Remaining"] == "3"
    not_modified = api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified["RateLimit-Remaining"] == "2"
    api.get(LIST), api.get(LIST)
    throttled = api.get(LIST)
    assert throttled.status_code == 429 and throttled["RateLimit-Remaining"] == "0"


# The token holder's drafts -------------------------------------------------------------


def test_token_holder_reads_the_drafts_it_may_change(api, world, user):
    path = f"{LIST}draft-practice/"
    assert api.get(path).status_code == 404
    reader = authed(api, token_for(user, "change_practice"))
    response = reader.get(path)
    assert response.status_code == 200
    assert response.json()["editorial_state"] == "draft"
    assert "Authorization" in response["Vary"]
    # Lists stay the public list, token or not.
    assert "draft-practice" not in {p["slug"] for p in reader.get(LIST).json()["results"]}


def test_token_without_the_permission_does_not_read_drafts(api, world, user):
    reader = authed(api, token_for(user, "add_recommendation"))
    assert reader.get(f"{LIST}draft-practice/").status_code == 404


def test_api_server_error_is_a_problem_even_with_debug_on(client, db, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("coherence.api.ThemeViewSet.list", fail)
    client.raise_request_exception = False
    with override_settings(DEBUG=True):
        assert_problem(client.get("/api/v1/themes/"), 500)
