"""Challenges, glossary entries and events are found by search (issue 21): their index
follows every save, publication, link and citation; the search page shows them in
groups of their own and the API links to them."""

import io

import pytest
from django.core.management import call_command

from practices.models import Challenge, Definition
from search import search
from search.kinds import KINDS
from search.models import ChallengeDocument
from tests.factories import (
    ChallengeFactory,
    CitationFactory,
    CoherenceLevelFactory,
    CountryFactory,
    DefinitionFactory,
    EventFactory,
)

pytestmark = pytest.mark.django_db


def found(text, **kwargs):
    return [hit.obj for hit in search(text, **kwargs).hits]


RECORDS = {
    "challenge": (lambda: ChallengeFactory(title="Tontine silos"), "title"),
    "definition": (lambda: DefinitionFactory(term="Tontine coherence"), "term"),
    "event": (lambda: EventFactory(name="Tontine workshop"), "name"),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_the_index_follows_creates_updates_and_deletes(kind):
    create, field = RECORDS[kind]
    record = create()
    assert found("tontine", types=[kind]) == [record]
    assert found("tontine") == [record]

    setattr(record, field, "Hawala transfers")
    record.save()
    assert found("tontine", types=[kind]) == []
    assert found("hawala", types=[kind]) == [record]

    record.delete()
    assert found("hawala", types=[kind]) == []


@pytest.mark.parametrize(
    "create",
    [lambda: ChallengeFactory(summary="Tontine"), lambda: DefinitionFactory(definition="Tontine")],
    ids=["challenge", "definition"],
)
def test_a_record_withdrawn_to_draft_is_no_longer_found(create):
    record = create()
    assert found("tontine") == [record]
    record.editorial_state = "draft"
    record.save()
    assert found("tontine") == []
    # Drafts are indexed, for the editors' querysets (docs/decisions/0002-search.md).
    assert found("tontine", querysets={record._meta.model_name: type(record).objects.all()}) == [
        record
    ]


def test_the_quotes_of_a_records_citations_find_it():
    challenge = ChallengeFactory(title="Coordination", summary="Offices work apart.")
    citation = CitationFactory(content_object=challenge, quote="Complex bureaucracy, silos.")
    assert found("bureaucracy") == [challenge]
    citation.quote = "Lack of co-ordination between offices."
    citation.save()
    assert found("bureaucracy") == []
    assert found("co-ordination") == [challenge]
    citation.delete()
    assert found("co-ordination") == []


def test_a_definitions_quote_and_level_find_it():
    level = CoherenceLevelFactory(name="Tontine coherence")
    definition = DefinitionFactory(term="Vertical", coherence_level=level)
    CitationFactory(content_object=definition, quote="Hawala between levels.")
    assert found("hawala") == [definition]
    assert found("tontine") == [definition]
    level.name = "Sousou coherence"
    level.save()
    assert found("tontine") == []
    assert found("sousou") == [definition]


def test_a_challenges_links_find_it_and_renames_follow():
    challenge = ChallengeFactory(title="Silos")
    country = CountryFactory(name="Tontinia")
    challenge.countries.add(country)
    assert found("tontinia") == [challenge]
    country.name = "Hawalia"
    country.save()
    assert found("tontinia") == []
    assert found("hawalia") == [challenge]
    challenge.countries.clear()
    assert found("hawalia") == []


def test_the_search_page_shows_them_in_groups_with_links(client):
    challenge = ChallengeFactory(title="Silos between ministries", slug="silos")
    definition = DefinitionFactory(
        term="Policy coherence", definition="Silos avoided.", slug="policy-coherence"
    )
    event = EventFactory(name="Workshop on silos", slug="silos-workshop")
    html = client.get("/search/", {"q": "silos"}).content.decode()
    for group in ("challenge", "definition", "event"):
        assert f'id="hits-{group}"' in html
    assert 'href="/challenges/silos/"' in html
    assert 'href="/glossary/#policy-coherence"' in html
    assert 'href="/events/silos-workshop/"' in html
    assert str(challenge) in html and str(definition) in html and str(event) in html


def test_the_search_page_says_nothing_found_per_group(client):
    ChallengeFactory(title="Silos", editorial_state="draft")
    html = client.get("/search/", {"q": "silos"}).content.decode()
    assert 'id="hits-challenge"' in html
    assert "/challenges/" not in html.split('id="hits-challenge"')[1].split("</section>")[0]


def test_the_api_search_lists_them_with_their_api_urls(client):
    ChallengeFactory(title="Silos", slug="silos")
    DefinitionFactory(term="Silos", slug="silos-term")
    EventFactory(name="Silos meeting", slug="silos-meeting")
    response = client.get("/api/v1/search/", {"q": "silos"})
    assert response.status_code == 200
    body = response.json()
    assert body["counts"] == {name: int(name in RECORDS) for name in KINDS}
    urls = {hit["type"]: (hit["url"], hit["web_url"]) for hit in body["results"]}
    assert urls["challenge"] == (
        "http://testserver/api/v1/challenges/silos/",
        "http://testserver/challenges/silos/",
    )
    assert urls["definition"] == (
        "http://testserver/api/v1/definitions/silos-term/",
        "http://testserver/glossary/#silos-term",
    )
    assert urls["event"][0] == "http://testserver/api/v1/events/silos-meeting/"
    only = client.get("/api/v1/search/", {"q": "silos", "type": "definition"}).json()
    assert [hit["type"] for hit in only["results"]] == ["definition"]


def test_the_rebuild_command_indexes_them():
    challenge = ChallengeFactory(title="Silos")
    ChallengeDocument.objects.all().delete()
    assert found("silos") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found("silos") == [challenge]


def test_the_seed_knowledge_base_finds_silos_and_policy_coherence(knowledge_base):
    silos = Challenge.objects.get(slug="2017-challenge-bureaucracy-and-silos")
    assert silos in found("silos", types=["challenge"])
    glossary = found("policy coherence", types=["definition"])
    assert Definition.objects.filter(term__icontains="policy coherence").exists()
    assert set(Definition.objects.published().filter(term__icontains="policy coherence")) <= set(
        glossary
    )
    # Quotes from the papers find the challenge too, not only our own summary's words.
    assert silos in found('"lack of co-ordination between Government offices"')
