"""Challenges, glossary definitions and questionnaire results (issue 21): pages, API,
and the redirects of recommendations that became challenges."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_challenge_has_its_page_and_is_listed_on_its_level_and_country(client):
    level = factories.CoherenceLevelFactory()
    country = factories.CountryFactory()
    challenge = factories.ChallengeFactory(title="Silos between ministries")
    challenge.coherence_levels.add(level)
    challenge.countries.add(country)
    assert "Silos between ministries" in client.get(reverse("practices:challenge-list")).text
    assert client.get(challenge.get_absolute_url()).status_code == 200
    assert challenge.get_absolute_url() in client.get(level.get_absolute_url()).text
    assert challenge.get_absolute_url() in client.get(country.get_absolute_url()).text


def test_a_draft_challenge_is_not_shown(client):
    challenge = factories.ChallengeFactory(editorial_state="draft")
    assert client.get(challenge.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("api:challenge-detail", kwargs={"slug": challenge.slug})).status_code
        == 404
    )


def test_a_recommendation_that_became_a_challenge_redirects_in_pages_and_api(client):
    challenge = factories.ChallengeFactory(slug="moved-one", former_recommendation_id=4242)
    page = client.get(reverse("practices:recommendation-detail", kwargs={"slug": "moved-one"}))
    assert (page.status_code, page["Location"]) == (301, challenge.get_absolute_url())
    api = client.get("/api/v1/recommendations/moved-one/")
    assert (api.status_code, api["Location"]) == (301, "/api/v1/challenges/moved-one/")
    by_id = client.get("/api/v1/recommendations/4242/")
    assert (by_id.status_code, by_id["Location"]) == (301, "/api/v1/challenges/moved-one/")
    assert client.get("/api/v1/recommendations/no-such-one/").status_code == 404
    assert client.get("/recommendations/no-such-one/").status_code == 404


def test_the_glossary_anchors_each_term_and_the_level_page_links_its_entry(client):
    level = factories.CoherenceLevelFactory()
    definition = factories.DefinitionFactory(term="Vertical coherence", coherence_level=level)
    html = client.get(reverse("practices:glossary")).text
    assert f'id="{definition.slug}"' in html
    assert f"/glossary/#{definition.slug}" in client.get(level.get_absolute_url()).text


def test_a_question_lists_its_results_and_the_states_answering_it(client):
    result = factories.QuestionResultFactory(label="Responding States with a plan")
    finding = factories.CountryFindingFactory(question=result.question)
    html = client.get(result.question.get_absolute_url()).text
    assert "26 / 53" in html and "Responding States with a plan" in html
    assert finding.country.name in html
    body = client.get(reverse("api:question-detail", kwargs={"slug": result.question.slug})).json()
    assert body["results"][0]["count"] == 26
    assert body["countries"] == [
        {"iso3": finding.country.iso3, "value": "yes", "finding": finding.slug}
    ]


def test_a_result_counting_more_states_than_responded_is_refused():
    result = factories.QuestionResultFactory.build(
        question=factories.QuestionFactory(), count=60, respondents=53
    )
    with pytest.raises(ValidationError, match="only 53 responded"):
        result.full_clean()
