"""Names sort as a dictionary does, whatever their accents and case (`coherence.collation`):
"Égypte" among the E's, not after "Zambie". Both databases used to sort by bytes, which
put every accented first letter after "z" (SQLite always; PostgreSQL in a `C.UTF-8`
database, as here and in CI)."""

import pytest
from django.utils import translation

from coherence.collation import sort_key
from coherence.models import Country, Theme
from practices.facets import practice_facets
from practices.models import Practice
from tests.factories import CountryFactory, PracticeFactory, RegionFactory, ThemeFactory

FRENCH = {
    "EGY": ("Egypt", "Égypte"),
    "ESP": ("Spain", "Espagne"),
    "USA": ("United States", "États-Unis"),
    "SEN": ("Senegal", "Sénégal"),
    "SWE": ("Sweden", "Suède"),
    "SUR": ("Suriname", "Suriname"),
    "ZMB": ("Zambia", "Zambie"),
    "MHL": ("Marshall Islands", "Îles Marshall"),
    "ALA": ("Åland Islands", "Îles Åland"),
    "ALB": ("Albania", "Albanie"),
    "SWZ": ("eSwatini", "eSwatini"),
}


def test_the_key_compares_letters_then_accents_then_case():
    words = ["Zambie", "États-Unis", "etats", "Égypte", "Egypte", "egypte", "Espagne"]
    assert sorted(words, key=sort_key) == [
        "egypte",
        "Egypte",
        "Égypte",
        "Espagne",
        "etats",
        "États-Unis",
        "Zambie",
    ]
    assert sort_key("Åland Islands") < sort_key("Albania")


@pytest.mark.django_db
def test_names_sort_alphabetically_in_every_language():
    region = RegionFactory()
    for iso3, (english, french) in FRENCH.items():
        CountryFactory(iso3=iso3, name=english, name_fr=french, region=region)

    with translation.override("en"):
        english = list(Country.objects.filter(region=region).values_list("iso3", flat=True))
    with translation.override("fr"):
        french = list(Country.objects.filter(region=region).values_list("iso3", flat=True))
        backwards = list(
            Country.objects.filter(region=region).order_by("-name").values_list("iso3", flat=True)
        )

    assert english == ["ALA", "ALB", "EGY", "SWZ", "MHL", "SEN", "ESP", "SUR", "SWE", "USA", "ZMB"]
    # Égypte, Espagne, États-Unis, eSwatini, Îles Åland, Îles Marshall, Sénégal, Suède...
    assert french == ["ALB", "EGY", "ESP", "SWZ", "USA", "ALA", "MHL", "SEN", "SWE", "SUR", "ZMB"]
    assert backwards == french[::-1]


@pytest.mark.django_db
def test_the_api_lists_names_alphabetically(client):
    region = RegionFactory()
    for iso3, (english, french) in FRENCH.items():
        CountryFactory(iso3=iso3, name=english, name_fr=french, region=region)
    ThemeFactory(slug="education", name="Education", name_fr="Éducation")
    ThemeFactory(slug="labour", name="Labour", name_fr="Travail")
    ThemeFactory(slug="remittances", name="Remittances", name_fr="Envois de fonds")

    def keys(path, key, **params):
        response = client.get(path, {"lang": "fr", **params})
        assert response.status_code == 200
        return [row[key] for row in response.json()["results"]]

    french = keys("/api/v1/countries/", "iso3")
    assert french[:5] == ["ALB", "EGY", "ESP", "SWZ", "USA"]
    assert keys("/api/v1/themes/", "slug") == ["education", "remittances", "labour"]
    with translation.override("en"):
        english = [theme.slug for theme in Theme.objects.all()]
    assert english == ["education", "labour", "remittances"]


@pytest.mark.django_db
def test_the_sidebar_breaks_ties_between_counts_alphabetically():
    region = RegionFactory()
    countries = [
        CountryFactory(iso3=iso3, name=english, name_fr=french, region=region)
        for iso3, (english, french) in FRENCH.items()
    ]
    practice = PracticeFactory(countries=countries)
    with translation.override("fr"):
        facets = practice_facets(Practice.objects.filter(pk=practice.pk))
    labels = [value["label"] for value in facets["country"] if value["count"]]
    assert labels[:6] == ["Albanie", "Égypte", "Espagne", "eSwatini", "États-Unis", "Îles Åland"]
