"""Issue 21's resources in the change feed and the export: challenges, definitions,
questions (with their results and the countries that answer them) and events (with their
sessions, roles and people) are `created`, `updated` and `deleted` as their API details
change, a write to a record they embed updates them, a write that changes nothing adds
no entry, and the export carries them as their details serve them."""

import json

import pytest

from coherence.models import Citation, EditorialState, SourceDocument
from practices import feed
from practices.models import FeedEntry, Question
from tests.factories import (
    ChallengeFactory,
    CitationFactory,
    CountryFindingFactory,
    DefinitionFactory,
    EventFactory,
    ParticipationFactory,
    PersonFactory,
    QuestionFactory,
    QuestionResultFactory,
    SessionFactory,
    SourceDocumentFactory,
)

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]

PATHS = {
    "challenge": "challenges",
    "definition": "definitions",
    "question": "questions",
    "event": "events",
}


def last():
    feed.process()
    return FeedEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def changes(api, after, **params):
    """The entries after the cursor, as a partner reads them from `changes/`."""
    query = "&".join(f"{k}={v}" for k, v in {"after": after, "page_size": 200, **params}.items())
    response = api.get(f"/api/v1/changes/?{query}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return [(e["type"], e["key"], e["action"]) for e in body["results"]]


def paper():
    """The world's paper (a citation of another would create a source too)."""
    return SourceDocument.objects.get(slug="background-paper")


def detail(api, kind, key):
    response = api.get(f"/api/v1/{PATHS[kind]}/{key}/")
    assert response.status_code == 200, (kind, key, response.status_code)
    return response.json()


# The four types: created, updated, deleted -------------------------------------------------


def make(kind, world):
    if kind == "challenge":
        challenge = ChallengeFactory(slug="silos", title="Silos")
        challenge.countries.set(world["countries"][:2])
        challenge.coherence_levels.set(world["levels"])
        return challenge, "title"
    if kind == "definition":
        return DefinitionFactory(slug="vertical", coherence_level=world["levels"][0]), "term"
    if kind == "question":
        # A question is a public resource once a published result or finding answers it.
        question = QuestionFactory(slug="plan", text="Has a national plan?")
        QuestionResultFactory(question=question)
        return question, "text"
    return EventFactory(slug="manila-2008", name="GFMD Manila"), "name"


@pytest.mark.parametrize("kind", list(PATHS))
def test_each_type_is_created_updated_and_deleted(api, world, kind):
    start = last()
    record, field = make(kind, world)
    assert changes(api, start) == [(kind, record.slug, "created")]
    assert changes(api, start, type=kind) == [(kind, record.slug, "created")]

    start = last()
    setattr(record, field, "Renamed")
    record.save()
    assert changes(api, start) == [(kind, record.slug, "updated")]
    assert detail(api, kind, record.slug)[field] == "Renamed"

    start = last()
    record.slug = f"{record.slug}-2"
    record.save()
    assert changes(api, start) == [
        (kind, record.slug.removesuffix("-2"), "deleted"),
        (kind, record.slug, "created"),
    ]

    start = last()
    if kind == "question":
        record.results.all().delete()  # its answers first (they protect it)
    record.delete()
    assert changes(api, start) == [(kind, record.slug, "deleted")]


def test_a_question_is_a_resource_while_a_published_answer_answers_it(api, world):
    """A question has no editorial state: it shows once a published result or finding
    answers it, and goes when the last one goes (or becomes a draft)."""
    start = last()
    question = QuestionFactory(slug="plan", text="Has a national plan?")
    assert changes(api, start) == []
    assert api.get("/api/v1/questions/plan/").status_code == 404
    draft = QuestionResultFactory(question=question, editorial_state=EditorialState.DRAFT)
    assert changes(api, start) == []
    draft.editorial_state = EditorialState.PUBLISHED
    draft.save()
    assert changes(api, start) == [("question", "plan", "created")]
    start = last()
    draft.editorial_state = EditorialState.DRAFT
    draft.save()
    assert changes(api, start) == [("question", "plan", "deleted")]
    assert api.get("/api/v1/questions/plan/").status_code == 404


@pytest.mark.parametrize("kind", ["challenge", "definition"])
def test_a_draft_is_no_resource_until_published(api, world, kind):
    record, field = make(kind, world)
    start = last()
    record.editorial_state = EditorialState.DRAFT
    record.save()
    assert changes(api, start) == [(kind, record.slug, "deleted")]
    start = last()
    setattr(record, field, "Drafted further")
    record.save()
    assert changes(api, start) == []
    record.editorial_state = EditorialState.PUBLISHED
    record.save()
    assert changes(api, start) == [(kind, record.slug, "created")]


def test_writes_that_change_nothing_make_no_entries(api, world):
    """Writes to what the resources embed, and to a question (which shows no time of
    its own), that leave every representation as it was. (Saving a challenge, a
    definition or an event stamps its `updated_at`, which its detail shows.)"""
    challenge, question, event = (
        make(kind, world)[0] for kind in ("challenge", "question", "event")
    )
    session = SessionFactory(event=event)
    role = ParticipationFactory(event=event, session=session)
    result = QuestionResultFactory(question=question)
    start = last()
    for record in (question, session, role, role.person, result):
        record.save()
    challenge.countries.add(world["countries"][0])  # already linked
    challenge.themes.set([])
    session.papers.set([])
    assert changes(api, start) == []


# Embedded records mark the resource that shows them ---------------------------------------


def test_a_question_shows_its_results_and_the_countries_that_answer_it(api, world):
    question = QuestionFactory(slug="plan", text="Has a national plan?")
    start = last()
    result = QuestionResultFactory(question=question, slug="plan-2008", count=26)
    assert changes(api, start) == [("question", "plan", "created")]
    assert detail(api, "question", "plan")["results"][0]["count"] == 26

    start = last()
    CitationFactory(content_object=result, source=paper(), locator="para. 9")
    assert changes(api, start) == [("question", "plan", "updated")]
    start = last()
    citation = Citation.objects.get(question_result=result)
    citation.locator = "para. 10"
    citation.save()
    assert changes(api, start) == [("question", "plan", "updated")]

    start = last()
    mexico = world["countries"][0]
    finding = CountryFindingFactory(
        country=mexico, question=question, element=world["elements"][0], slug="mex-plan"
    )
    assert set(changes(api, start)) == {
        ("question", "plan", "updated"),
        ("country", "MEX", "updated"),
    }
    assert detail(api, "question", "plan")["countries"] == [
        {"iso3": "MEX", "value": "yes", "finding": "mex-plan"}
    ]

    # The finding moves to another question: both change.
    other = QuestionFactory(slug="budget", text="Has a budget?")
    start = last()
    finding.question = other
    finding.save()
    assert set(changes(api, start)) == {
        ("question", "plan", "updated"),
        ("question", "budget", "created"),
        ("country", "MEX", "updated"),
    }

    # The question's text shows on the country's findings; a result unpublished goes.
    start = last()
    other.text = "Has a budget line?"
    other.save()
    assert set(changes(api, start)) == {
        ("question", "budget", "updated"),
        ("country", "MEX", "updated"),
    }
    start = last()
    result.editorial_state = EditorialState.DRAFT
    result.save()
    # Its finding has moved: with its only result unpublished, nothing answers it.
    assert changes(api, start) == [("question", "plan", "deleted")]
    assert api.get("/api/v1/questions/plan/").status_code == 404


def test_a_question_shows_its_paper_and_element(api, world):
    source = SourceDocumentFactory(slug="paper-2008")
    question = QuestionFactory(slug="plan", source=source, element=world["elements"][0])
    QuestionResultFactory(question=question)
    start = last()
    source.slug = "paper-of-2008"
    source.save()
    assert ("question", "plan", "updated") in changes(api, start)
    start = last()
    element = world["elements"][0]
    element.slug = "commitment"
    element.save()
    assert ("question", "plan", "updated") in changes(api, start)
    assert detail(api, "question", "plan")["element"] == "commitment"


def test_an_event_shows_its_sessions_roles_and_people(api, world):
    event = EventFactory(slug="manila-2008", name="GFMD Manila")
    start = last()
    session = SessionFactory(event=event, slug="rt-3-2", code="3.2")
    assert changes(api, start) == [("event", "manila-2008", "updated")]

    start = last()
    person = PersonFactory(slug="a-speaker", name="A. Speaker")
    role = ParticipationFactory(event=event, session=session, person=person, slug="speaker-1")
    assert changes(api, start) == [("event", "manila-2008", "updated")]

    start = last()
    person.name = "A. B. Speaker"
    person.save()
    assert changes(api, start) == [("event", "manila-2008", "updated")]
    assert detail(api, "event", "manila-2008")["roles"][0]["participant"]["name"] == (
        "A. B. Speaker"
    )

    start = last()
    CitationFactory(content_object=role, source=paper(), locator="p. 4")
    assert changes(api, start) == [("event", "manila-2008", "updated")]

    # A State's and an institution's roles: renaming them updates the event.
    cfo = world["institutions"][1]
    ParticipationFactory(event=event, person=None, institution=cfo, slug="cfo-role")
    ParticipationFactory(
        event=event, person=None, country=world["countries"][2], slug="moldova-role"
    )
    start = last()
    cfo.name = "The Commission on Filipinos Overseas"
    cfo.save()
    assert ("event", "manila-2008", "updated") in changes(api, start)
    start = last()
    moldova = world["countries"][2]
    moldova.name = "Republic of Moldova"
    moldova.save()
    assert ("event", "manila-2008", "updated") in changes(api, start)

    # A session's papers and the event's; a paper renamed. (From the paper's end,
    # `source.sessions.clear()`, the history of papers fails before the feed is asked.)
    source = SourceDocumentFactory(slug="rt-3-2-paper")
    start = last()
    session.papers.add(source)
    assert changes(api, start) == [("event", "manila-2008", "updated")]
    start = last()
    source.slug = "roundtable-3-2-paper"
    source.save()
    assert ("event", "manila-2008", "updated") in changes(api, start)
    start = last()
    session.papers.clear()
    assert changes(api, start) == [("event", "manila-2008", "updated")]
    start = last()
    event.papers.add(source)
    assert ("event", "manila-2008", "updated") in changes(api, start)

    # A role moved to another event changes both.
    berlin = EventFactory(slug="berlin-2017", name="GFMD Berlin", year=2017)
    start = last()
    role.event, role.session = berlin, None
    role.save()
    assert set(changes(api, start)) == {
        ("event", "manila-2008", "updated"),
        ("event", "berlin-2017", "updated"),
    }
    start = last()
    role.delete()
    assert changes(api, start) == [("event", "berlin-2017", "updated")]


def test_an_event_names_the_meeting_it_was_input_to(api, world):
    summit = EventFactory(slug="summit-2012", name="Mauritius Summit", year=2012)
    workshop = EventFactory(slug="workshop-2012", name="Brussels workshop", year=2012)
    start = last()
    workshop.input_to = summit
    workshop.save()
    assert changes(api, start) == [("event", "workshop-2012", "updated")]
    start = last()
    summit.slug = "mauritius-2012"
    summit.save()
    assert set(changes(api, start)) == {
        ("event", "summit-2012", "deleted"),
        ("event", "mauritius-2012", "created"),
        ("event", "workshop-2012", "updated"),
    }
    assert detail(api, "event", "workshop-2012")["input_to"] == "mauritius-2012"


def test_a_challenge_shows_its_links_and_a_definition_its_level(api, world):
    challenge, _ = make("challenge", world)
    definition, _ = make("definition", world)
    mexico, _philippines, moldova = world["countries"]
    start = last()
    challenge.countries.add(moldova)
    challenge.themes.add(world["themes"][0])
    assert changes(api, start) == [("challenge", "silos", "updated")]

    start = last()
    mexico.iso3 = "MEY"
    mexico.save()
    assert ("challenge", "silos", "updated") in changes(api, start)
    start = last()
    theme = world["themes"][0]
    theme.slug = "remittance-flows"
    theme.save()
    assert ("challenge", "silos", "updated") in changes(api, start)
    start = last()
    level = world["levels"][0]
    level.slug = "whole-of-government"
    level.save()
    changed = changes(api, start)
    assert {("challenge", "silos", "updated"), ("definition", "vertical", "updated")} <= set(
        changed
    )
    assert detail(api, "definition", "vertical")["coherence_level"] == "whole-of-government"

    # Cleared from the country's end.
    start = last()
    moldova.challenges.clear()
    assert changes(api, start) == [("challenge", "silos", "updated")]
    assert "MDA" not in detail(api, "challenge", "silos")["countries"]


# The export --------------------------------------------------------------------------------


def test_the_export_lists_them_as_their_details_serve_them(api, world):
    for kind in PATHS:
        make(kind, world)
    QuestionResultFactory(question=Question.objects.get(slug="plan"))
    response = api.get("/api/v1/export/")
    assert response.status_code == 200
    body = json.loads(b"".join(response.streaming_content))
    copy = {(r["type"], r["key"]): r["data"] for r in body["records"]}
    for kind, key in (
        ("challenge", "silos"),
        ("definition", "vertical"),
        ("question", "plan"),
        ("event", "manila-2008"),
    ):
        assert copy[(kind, key)] == detail(api, kind, key)
    response = api.get("/api/v1/export/?type=question,event")
    kinds = {r["type"] for r in json.loads(b"".join(response.streaming_content))["records"]}
    assert kinds == {"question", "event"}


def test_their_details_answer_with_the_feeds_last_modified(api, world):
    challenge, _ = make("challenge", world)
    response = api.get("/api/v1/challenges/silos/")
    assert response.has_header("Last-Modified")
    unchanged = api.get(
        "/api/v1/challenges/silos/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert unchanged.status_code == 304
    challenge.countries.clear()
    again = api.get("/api/v1/challenges/silos/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 200
