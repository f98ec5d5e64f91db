import csv
import io

import pytest

from tests.factories import PracticeFactory

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]

LIST = "/api/v1/practices/"


def read_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_has_every_matching_row_not_one_page(api, world):
    rows = read_csv(api.get(f"{LIST}?format=csv&page_size=1"))
    assert sorted(row["slug"] for row in rows) == ["pdos", "three-per-one"]
    three = next(row for row in rows if row["slug"] == "three-per-one")
    assert three["countries"] == "MEX;PHL"
    assert three["coherence_levels"] == "intra-governmental;multilateral"


def test_csv_through_accept_header_and_filters(api, world):
    rows = read_csv(api.get(f"{LIST}?country=MDA", HTTP_ACCEPT="text/csv"))
    assert [row["slug"] for row in rows] == ["pdos"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_escapes_formulas(api, world, start):
    PracticeFactory(slug="formula", title=f"{start}HYPERLINK(1)", coherence_levels=world["levels"])
    rows = read_csv(api.get(f"{LIST}?format=csv&search=hyperlink&ordering=title"))
    row = next(row for row in rows if row["slug"] == "formula")
    assert row["title"] == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize(
    "path", ["countries/", "institutions/", "tools/", "themes/", "regions/", "sources/"]
)
def test_every_list_exports_csv(api, world, path):
    response = api.get(f"/api/v1/{path}?format=csv")
    assert response.status_code == 200
    assert read_csv(response)


def test_csv_bad_filter_is_json_400(api, world):
    response = api.get(f"{LIST}?format=csv&country=ZZZ")
    assert response.status_code == 400
    assert response.json()["errors"]["country"]


def test_etag_and_304_on_list_and_detail(api, world):
    for path in (LIST, f"{LIST}three-per-one/", "/api/v1/countries/MEX/"):
        first = api.get(path)
        assert first["ETag"] and first["Last-Modified"]
        again = api.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        since = api.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304


def test_etag_changes_when_a_record_changes(api, world):
    first = api.get(LIST)
    practice = world["practices"][0]
    practice.title = "Tres por Uno"
    practice.save()
    assert api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_deletion_changes_last_modified_of_the_list(api, world):
    first = api.get(LIST)
    world["practices"][1].delete()
    response = api.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    # Timestamps have one-second resolution: a deletion within the same second as the
    # last change is seen by the ETag.
    assert response.status_code == 200 or response["ETag"] != first["ETag"]
    assert api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_cors_allows_anyones_get_on_the_api_only(api, world):
    response = api.get(LIST, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = api.options(
        LIST,
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "Access-Control-Allow-Origin" not in api.get("/", HTTP_ORIGIN="https://x.example")


def test_schema_docs_and_assets_are_served_by_the_app(api, db):
    schema = api.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.0")
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/" in html
    assert api.get("/api/redoc/").status_code == 200


def test_schema_validates_without_warnings(db):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_schema_documents_error_responses():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/practices/"]["get"]
    assert {"200", "400", "401", "404", "406", "429", "500", "503"} <= set(operation["responses"])
    write = schema["paths"]["/api/v1/practices/{slug}/"]["patch"]
    assert {"400", "401", "403", "404", "413", "415", "429"} <= set(write["responses"])
    for response in (operation["responses"]["400"], write["responses"]["403"]):
        assert list(response["content"]) == ["application/problem+json"]
