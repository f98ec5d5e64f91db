"""Every page answers, and the records link to their pages."""

import pytest
from django.urls import reverse

from tests.factories import (
    CitationFactory,
    CoherenceLevelFactory,
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    RecommendationFactory,
    SourceDocumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    country = CountryFactory(iso3="MEX", iso2="MX", name="Mexico")
    level = CoherenceLevelFactory(slug="intra-governmental")
    theme = ThemeFactory(slug="remittances")
    practice = PracticeFactory(
        slug="three-per-one", countries=[country], coherence_levels=[level], themes=[theme]
    )
    source = SourceDocumentFactory(slug="paper")
    from coherence.passages import rebuild_passages

    rebuild_passages(source)
    CitationFactory(content_object=practice, source=source)
    recommendation = RecommendationFactory(slug="home")
    CitationFactory(content_object=recommendation, source=source)
    return {
        "country": country,
        "level": level,
        "theme": theme,
        "practice": practice,
        "source": source,
        "institution": InstitutionFactory(slug="sre", country=country),
        "tool": PolicyToolFactory(slug="migof"),
        "recommendation": recommendation,
    }


@pytest.mark.parametrize(
    "name",
    [
        "coherence:home",
        "practices:list",
        "coherence:country-list",
        "coherence:institution-list",
        "coherence:tool-list",
        "practices:recommendation-list",
    ],
)
def test_list_pages_answer(client, records, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    "key", ["country", "level", "theme", "practice", "source", "institution", "tool"]
)
def test_detail_pages_answer(client, records, key):
    response = client.get(records[key].get_absolute_url())
    assert response.status_code == 200


def test_a_citation_links_to_its_passage_in_the_reader(client, records):
    citation = records["practice"].citations.get()
    assert citation.get_absolute_url() == "/sources/paper/#para-2"
    page = client.get(records["practice"].get_absolute_url()).content.decode()
    assert 'href="/sources/paper/#para-2"' in page
    reader = client.get("/sources/paper/").content.decode()
    assert 'id="para-2"' in reader


def test_country_codes_in_lower_case_redirect(client, records):
    response = client.get("/countries/mex/")
    assert response.status_code == 302 and response["Location"] == "/countries/MEX/"


def test_unknown_and_unpublished_records_are_not_found(client, records):
    assert client.get("/practices/nothing/").status_code == 404
    PracticeFactory(slug="secret", editorial_state="draft")
    assert client.get("/practices/secret/").status_code == 404
