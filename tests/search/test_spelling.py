"""Typo tolerance (issue 24): a word the index does not know, in a search that finds
nothing, is corrected to the closest frequent word of the index's vocabulary, and the
pages and the API say so; `exact=1` searches the words as typed. Runs on SQLite and on
PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from practices.models import Practice
from search import search
from search import thesaurus as thesaurus_module
from search.engine.filtering import filter_queryset, understood_list
from search.indexing import rebuild
from search.models import VocabularyWord
from search.spelling import correction, known_words, max_distance
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_thesaurus():
    thesaurus_module._cache.__dict__.clear()
    yield
    thesaurus_module._cache.__dict__.clear()


@pytest.fixture
def records():
    return {
        "remittances": PracticeFactory(
            title="Cheaper remittances", summary="Remittances to Mexico cost less."
        ),
        "diaspora": PracticeFactory(title="Diaspora bonds", summary="Bonds for the diaspora."),
    }


def found(text, forgiving=True):
    """As the pages and the API search."""
    return search(text, types=["practice"], forgiving=forgiving)


def test_the_vocabulary_follows_the_writes_and_the_rebuild(records):
    assert {"remittances", "diaspora", "mexico"} <= known_words(
        ["remittances", "diaspora", "mexico", "remitances"]
    )
    PracticeFactory(title="Hawala networks", summary="Informal transfers.")
    assert "hawala" in known_words(["hawala"])
    rebuild()
    assert VocabularyWord.objects.get(word="diaspora").documents >= 1
    assert "hawala" in known_words(["hawala"])


def test_the_closest_frequent_word_is_the_correction(records):
    assert correction("remitances") == "remittances"
    assert correction("diaspra") == "diaspora"
    assert correction("Diáspra") == "diaspora"
    assert correction("zzzzzzzz") is None
    assert max_distance("bonds") == 1 and max_distance("remitances") == 2


def test_a_misspelt_search_is_corrected_and_says_so(records):
    results = found("remitances")
    assert [hit.obj for hit in results.hits] == [records["remittances"]]
    assert results.understood.corrected == "remittances"
    assert results.understood.corrections == (("remitances", "remittances"),)


def test_a_correct_word_is_never_corrected(records):
    PracticeFactory(title="Remitting funds", summary="Nothing else.")
    results = found("remitting")
    assert results.understood.corrected is None


def test_without_forgiving_the_words_are_searched_as_typed(records):
    results = found("remitances", forgiving=False)
    assert results.total == 0 and results.understood.corrected is None


def test_the_page_shows_the_correction_and_links_the_search_as_typed(client, records):
    page = client.get(reverse("coherence:search"), {"q": "remitances"}).content.decode()
    assert "Showing results for <strong>remittances</strong>" in page
    assert "search instead for remitances" in page
    assert "exact=1" in page
    assert "Cheaper remittances" in page
    exact = client.get(reverse("coherence:search"), {"q": "remitances", "exact": "1"})
    assert exact.status_code == 200
    assert "Showing results for" not in exact.content.decode()
    assert "Cheaper remittances" not in exact.content.decode()


def test_the_api_reports_the_correction(records):
    api = APIClient()
    body = api.get("/api/v1/search/", {"q": "diaspra bonds"}).json()
    assert body["corrected_query"] == "diaspora bonds"
    assert body["corrections"] == [{"typed": "diaspra", "corrected": "diaspora"}]
    assert body["results"][0]["key"] == records["diaspora"].slug
    exact = api.get("/api/v1/search/", {"q": "diaspra bonds", "exact": "1"}).json()
    assert exact["count"] == 0 and exact["corrected_query"] is None
    refused = api.get("/api/v1/search/", {"q": "diaspra", "exact": "yes"})
    assert refused.status_code == 400


def test_the_schema_declares_what_was_understood():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    fields = schema["components"]["schemas"]["SearchResults"]["properties"]
    assert {"corrected_query", "corrections", "expanded", "dropped"} <= set(fields)


def test_the_practices_list_corrects_and_says_so(client, records):
    page = client.get("/practices/", {"search": "remitances"})
    content = page.content.decode()
    assert page.status_code == 200
    assert "Cheaper remittances" in content
    assert "Showing results for <strong>remittances</strong>" in content
    exact = client.get("/practices/", {"search": "remitances", "exact": "1"})
    assert exact.status_code == 200
    assert "Cheaper remittances" not in exact.content.decode()


def test_filter_queryset_corrects_and_remembers_it(records):
    matched = filter_queryset(Practice.objects.published(), "remitances", forgiving=True)
    assert list(matched) == [records["remittances"]]
    assert understood_list("remitances").corrected == "remittances"
    assert not filter_queryset(Practice.objects.published(), "remitances").exists()


def test_a_misspelt_word_that_finds_something_by_its_stem_is_corrected_too(records):
    # "remitances" shares its stem with "remit": it finds this practice as typed, but it
    # is in no record, and "remittances" finds what was meant.
    PracticeFactory(title="Banks remit funds", summary="Monthly.")
    results = found("remitances")
    assert results.understood.corrected == "remittances"
    assert records["remittances"] in [hit.obj for hit in results.hits]
    assert found("remitances", forgiving=False).understood.corrected is None
