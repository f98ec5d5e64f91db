"""Never an empty page when something is close (issue 24): when all the words together
find nothing, the search runs without the words that match nothing (or, when each does,
without one of them), and says which. Runs on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from search import search
from search import thesaurus as thesaurus_module
from search.models import ThesaurusEntry, ThesaurusTerm
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
        "bonds": PracticeFactory(title="Diaspora bonds", summary="Bonds sold in Morocco."),
    }


def test_a_word_that_matches_nothing_is_dropped_and_named(records):
    results = search("remittances qwxzv", types=["practice"], forgiving=True)
    assert [hit.obj for hit in results.hits] == [records["remittances"]]
    assert results.understood.dropped == ("qwxzv",)


def test_words_that_each_match_but_not_together_drop_the_last_that_helps(records):
    results = search("remittances Morocco", types=["practice"], forgiving=True)
    assert results.understood.dropped == ("Morocco",)
    assert [hit.obj for hit in results.hits] == [records["remittances"]]


def test_without_forgiving_nothing_is_dropped(records):
    results = search("remittances qwxzv", types=["practice"])
    assert results.total == 0 and results.understood.dropped == ()


def test_a_query_that_finds_something_is_left_alone(records):
    results = search("remittances Mexico", types=["practice"], forgiving=True)
    assert results.understood.dropped == () and results.understood.corrected is None


def test_nothing_close_is_still_nothing(records):
    assert search("qwxzv", types=["practice"], forgiving=True).total == 0
    assert search("qwxzv plmkj", types=["practice"], forgiving=True).total == 0


def test_the_thesaurus_rescues_a_phrase_before_words_are_dropped(records):
    group = ThesaurusEntry.objects.create(label="remittances")
    for text in ("remittances", "envois de fonds"):
        ThesaurusTerm.objects.create(entry=group, text=text)
    results = search("remittances envois de fonds", types=["practice"], forgiving=True)
    assert [hit.obj for hit in results.hits] == [records["remittances"]]
    assert results.understood.dropped == ()


def test_the_page_labels_the_partial_results(client, records):
    page = client.get(reverse("coherence:search"), {"q": "remittances qwxzv"}).content.decode()
    assert "No results for all the words; showing results without: qwxzv" in page
    assert "Cheaper remittances" in page


def test_the_practices_list_labels_the_partial_results(client, records):
    page = client.get("/practices/", {"search": "remittances qwxzv"}).content.decode()
    assert "showing results without: qwxzv" in page
    assert "Cheaper remittances" in page


def test_the_api_reports_the_dropped_words(records):
    body = APIClient().get("/api/v1/search/", {"q": "remittances qwxzv"}).json()
    assert body["dropped"] == ["qwxzv"]
    assert body["count"] >= 1
