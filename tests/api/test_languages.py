"""The API in English, French and Spanish (issue 22): `?lang=` first, then
`Accept-Language`, else English; labels, reference names and translated fields in that
language (English where a record has no translation, as `languages` says); the answer's
`Content-Language`; a response cache that never mixes the languages; the exports in the
chosen language; a schema that documents all of it."""

import csv
import io

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from practices.models import Practice
from tests.factories import CountryFactory, PracticeFactory, RegionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


@pytest.fixture
def practice():
    mexico = CountryFactory(iso3="MEX", name="Mexico", name_fr="Mexique", name_es="México")
    theme = ThemeFactory(slug="remittances", name="Remittances", name_fr="Envois de fonds")
    return PracticeFactory(
        slug="three-per-one",
        title="Three per One",
        title_fr="Trois pour un",
        title_es="Tres por Uno",
        summary="Matches migrants' contributions with public funds.",
        summary_es="Iguala las aportaciones de los migrantes con fondos públicos.",
        status=Practice.Status.ONGOING,
        countries=[mexico],
        themes=[theme],
    )


def label(choice, language):
    with translation.override(language):
        return str(choice.label)


def facet_label(body, facet, value):
    return next(item["label"] for item in body[facet] if item["value"] == value)


def test_accept_language_french_gives_french_labels_titles_and_their_languages(api, practice):
    response = api.get(LIST, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    assert "accept-language" in response["Vary"].lower()
    (row,) = response.json()["results"]
    assert row["title"] == "Trois pour un"
    # No French summary: the English one, and `languages` says so.
    assert row["summary"] == "Matches migrants' contributions with public funds."
    assert row["languages"] == {"title": "fr", "summary": "en"}
    assert row["countries"][0]["name"] == "Mexique"

    detail = api.get(f"{LIST}three-per-one/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert detail["title"] == "Trois pour un"
    assert detail["languages"] == {"title": "fr", "summary": "en"}
    assert detail["countries"][0]["name"] == "Mexique"

    facets = api.get(f"{LIST}facets/", HTTP_ACCEPT_LANGUAGE="fr").json()
    french = label(Practice.Status.ONGOING, "fr")
    assert french != label(Practice.Status.ONGOING, "en")
    assert facet_label(facets, "status", "ongoing") == french

    theme = api.get("/api/v1/themes/remittances/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert theme["name"] == "Envois de fonds"
    assert theme["languages"]["name"] == "fr"


def test_lang_parameter_wins_over_accept_language(api, practice):
    response = api.get(LIST, {"lang": "es"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    (row,) = response.json()["results"]
    assert row["title"] == "Tres por Uno"
    assert row["summary"].startswith("Iguala")
    assert row["languages"] == {"title": "es", "summary": "es"}
    assert row["countries"][0]["name"] == "México"
    facets = api.get(f"{LIST}facets/", {"lang": "es"}).json()
    assert facet_label(facets, "status", "ongoing") == label(Practice.Status.ONGOING, "es")


def test_english_without_a_choice(api, practice):
    response = api.get(LIST, HTTP_ACCEPT_LANGUAGE="de-DE,de")
    assert response["Content-Language"] == "en"
    (row,) = response.json()["results"]
    assert row["title"] == "Three per One"
    assert row["languages"] == {"title": "en", "summary": "en"}
    assert row["countries"][0]["name"] == "Mexico"


@pytest.mark.parametrize("value", ["de", "", "french"])
def test_an_unsupported_lang_is_a_400_naming_it(api, practice, value):
    response = api.get(LIST, {"lang": value})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert set(problem["errors"]) == {"lang"}
    assert "en, fr, es" in problem["errors"]["lang"][0]


def test_the_response_cache_never_serves_one_language_to_another(api, practice, settings):
    settings.RESPONSE_CACHE = True
    english = api.get(LIST)
    french = api.get(LIST, HTTP_ACCEPT_LANGUAGE="fr")
    again_english = api.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    again_french = api.get(LIST, {"lang": "fr"})
    assert english.json()["results"][0]["title"] == "Three per One"
    assert french.json()["results"][0]["title"] == "Trois pour un"
    assert again_english.content == english.content
    assert again_english["Content-Language"] == "en"
    assert again_french.json()["results"][0]["title"] == "Trois pour un"
    assert again_french["Content-Language"] == "fr"


def test_the_csv_export_in_french(api, practice):
    response = api.get(LIST, {"format": "csv", "lang": "fr"})
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["title"] == "Trois pour un"
    assert row["country_names"] == "Mexique"
    assert row["theme_names"] == "Envois de fonds"
    assert row["languages"] == "title=fr;summary=en"


def test_the_schema_documents_the_language():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        operation
        for path in schema["paths"].values()
        for method, operation in path.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert operations
    for operation in operations:
        names = {(p["in"], p["name"]) for p in operation["parameters"]}
        assert ("query", "lang") in names
        assert ("header", "Accept-Language") in names
        for code, response in operation["responses"].items():
            if code != "304":
                assert "Content-Language" in response["headers"], (operation["operationId"], code)
    lang = next(p for p in operations[0]["parameters"] if p["name"] == "lang")
    assert lang["schema"]["enum"] == ["en", "fr", "es"]
    practice = schema["components"]["schemas"]["Practice"]
    assert practice["properties"]["languages"]["properties"]["title"]["enum"] == ["en", "fr", "es"]


def test_the_change_feed_keeps_english_snapshots_whatever_the_reader_asks(api, practice):
    from practices import feed
    from practices.feed.processing import render
    from practices.models import FeedSnapshot

    with translation.override("fr"):
        feed.process()  # as a French reader of the feed would, first
    snapshot = FeedSnapshot.objects.get(type="practice", key="three-per-one")
    assert '"title":"Three per One"' in snapshot.content.replace(": ", ":")
    with translation.override("es"):
        # Rendered again in a Spanish request: the same text, so no change to record.
        assert render("practice", practice.pk) == ("three-per-one", snapshot.content)


def test_reference_lists_sort_by_their_names_in_the_readers_language(client):
    """The themes' and regions' lists are ordered per request (their views state their
    order as data), not in the English order of a queryset made at import."""
    ThemeFactory(slug="remittances", name="Remittances", name_fr="Envois de fonds")
    ThemeFactory(slug="labour", name="Labour migration", name_fr="Migration de main-d'œuvre")
    ThemeFactory(slug="diaspora", name="Diaspora", name_fr="")  # sorts by its English name
    europe = RegionFactory(slug="europe", name="Europe", name_fr="Europe", m49=150)
    RegionFactory(slug="northern-america", name="Northern America", name_fr="Amérique du Nord")
    CountryFactory(iso3="DEU", name="Germany", name_fr="Allemagne", region=europe)
    CountryFactory(iso3="BEL", name="Belgium", name_fr="Belgique", region=europe)

    def slugs(path, language):
        return [r["slug"] for r in client.get(path, {"lang": language}).json()["results"]]

    assert slugs("/api/v1/themes/", "en") == ["diaspora", "labour", "remittances"]
    assert slugs("/api/v1/themes/", "fr") == ["diaspora", "remittances", "labour"]
    assert slugs("/api/v1/regions/", "en") == ["europe", "northern-america"]
    assert slugs("/api/v1/regions/", "fr") == ["northern-america", "europe"]

    def countries(language, **params):
        response = client.get("/api/v1/countries/", {"lang": language, **params})
        return [r["iso3"] for r in response.json()["results"]]

    # An `ordering` asked for sorts in the reader's language too, ending with a unique key.
    assert countries("fr") == ["DEU", "BEL"]
    assert countries("fr", ordering="-name") == ["BEL", "DEU"]
    assert countries("en", ordering="-name") == ["DEU", "BEL"]
