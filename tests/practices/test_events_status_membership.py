"""Events and sessions (records discussed through the papers they cite), roles, status
reports at a date, and practices reaching a country through its membership of a body."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coherence.models import Participation
from practices.selectors import practices_through_membership
from tests.factories import (
    CitationFactory,
    CountryFactory,
    EventFactory,
    InstitutionFactory,
    MembershipFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    PracticeStatusReportFactory,
    RecommendationFactory,
    SessionFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manila():
    """An event with a roundtable session, its paper, and a practice and a
    recommendation citing it; another paper with a practice of its own."""
    paper, other_paper = SourceDocumentFactory(), SourceDocumentFactory()
    event = EventFactory(slug="gfmd-2008-manila")
    session = SessionFactory(slug="rt-3-2", event=event, papers=[paper])
    discussed = PracticeFactory(title="Discussed at Manila")
    elsewhere = PracticeFactory(title="Discussed elsewhere")
    CitationFactory(content_object=discussed, source=paper)
    CitationFactory(content_object=elsewhere, source=other_paper)
    recommendation = RecommendationFactory()
    CitationFactory(content_object=recommendation, source=paper)
    return {
        "event": event,
        "session": session,
        "discussed": discussed,
        "recommendation": recommendation,
    }


@pytest.mark.parametrize("parameter", ["event=gfmd-2008-manila", "session=rt-3-2"])
def test_filter_practices_by_event_or_session_lists_those_citing_its_papers(
    client, manila, parameter
):
    response = client.get(f"{reverse('api:practice-list')}?{parameter}")
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [manila["discussed"].slug]
    page = client.get(f"{reverse('practices:list')}?{parameter}")
    assert page.status_code == 200
    assert "Discussed at Manila" in page.text and "Discussed elsewhere" not in page.text


def test_filter_recommendations_by_session(client, manila):
    response = client.get(f"{reverse('api:recommendation-list')}?session=rt-3-2")
    assert [row["slug"] for row in response.json()["results"]] == [manila["recommendation"].slug]


def test_event_without_papers_holds_no_practices(client, manila):
    EventFactory(slug="gfmd-2007-brussels")
    response = client.get(f"{reverse('api:practice-list')}?event=gfmd-2007-brussels")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_filter_by_unknown_event_returns_400(client, manila):
    response = client.get(f"{reverse('api:practice-list')}?event=nowhere")
    assert response.status_code == 400
    assert "event" in response.json()["errors"]
    assert client.get(f"{reverse('practices:list')}?session=nowhere").status_code == 400


def test_event_page_shows_sessions_roles_and_records_discussed(client, manila):
    Participation.objects.create(
        slug="rt-3-2-co-chair",
        event=manila["event"],
        session=manila["session"],
        role="co_chair",
        country=CountryFactory(name="Indonesia"),
    )
    response = client.get(reverse("practices:event-detail", kwargs={"slug": "gfmd-2008-manila"}))
    assert response.status_code == 200
    assert manila["session"].title in response.text
    assert "Co-chair" in response.text and "Indonesia" in response.text
    assert "Discussed at Manila" in response.text
    assert client.get(reverse("practices:event-list")).status_code == 200
    missing = reverse("practices:event-detail", kwargs={"slug": "nowhere"})
    assert client.get(missing).status_code == 404


def test_event_api_detail_carries_sessions_and_roles(client, manila):
    Participation.objects.create(
        slug="rt-3-2-co-chair",
        event=manila["event"],
        session=manila["session"],
        role="co_chair",
        country=CountryFactory(iso3="IDN", iso2="ID", name="Indonesia"),
    )
    data = client.get(reverse("api:event-detail", kwargs={"slug": "gfmd-2008-manila"})).json()
    assert [s["slug"] for s in data["sessions"]] == ["rt-3-2"]
    assert data["roles"][0]["participant"] == {"kind": "country", "key": "IDN", "name": "Indonesia"}


def test_a_role_names_exactly_one_participant(manila):
    with pytest.raises(IntegrityError):
        Participation.objects.create(slug="nobody", event=manila["event"], role="speaker")


def test_practice_page_shows_each_papers_status_with_its_year(client):
    practice = PracticeFactory(status="ongoing")
    early = SourceDocumentFactory(short_title="RT 3.2 paper")
    late = SourceDocumentFactory(short_title="RT 1.1 paper", year=2017)
    PracticeStatusReportFactory(practice=practice, source=early, status="planned", as_of_year=2008)
    PracticeStatusReportFactory(practice=practice, source=late, status="ongoing", as_of_year=2017)
    page = client.get(practice.get_absolute_url()).text
    assert "Planned (as of 2008, per RT 3.2 paper)" in page
    assert "Ongoing (as of 2017, per RT 1.1 paper)" in page
    data = client.get(reverse("api:practice-detail", kwargs={"slug": practice.slug})).json()
    assert [(r["status"], r["as_of_year"]) for r in data["status_reports"]] == [
        ("planned", 2008),
        ("ongoing", 2017),
    ]


def test_practices_reach_member_countries_through_membership(client, django_assert_num_queries):
    member = CountryFactory()
    body = InstitutionFactory(kind="regional_economic_community", country=None, name="ECOWAS")
    MembershipFactory(body=body, country=member)
    protocols = [PracticeFactory(title=f"Protocol {n}") for n in range(3)]
    for practice in protocols:
        PracticeInstitutionFactory(practice=practice, institution=body)
    own = PracticeFactory(title="Own practice", countries=[member])
    PracticeInstitutionFactory(practice=own, institution=body)  # direct link wins
    with django_assert_num_queries(1):
        found = practices_through_membership(member.iso3)
    assert [item.practice.title for item in found] == ["Protocol 0", "Protocol 1", "Protocol 2"]
    page = client.get(member.get_absolute_url()).text
    assert "through membership of ECOWAS" in page
    section = page[page.index("membership-heading") :]
    assert "Own practice" not in section.split("</section>")[0]


def test_practice_detail_query_count_does_not_grow_with_status_reports(client):
    practice = PracticeFactory()
    url = reverse("api:practice-detail", kwargs={"slug": practice.slug})

    def report(year):
        made = PracticeStatusReportFactory(
            practice=practice, source=SourceDocumentFactory(year=year), as_of_year=year
        )
        CitationFactory(content_object=made, source=made.source)

    def queries(expected_reports):
        client.get(url)  # content types and the feed's state cached
        with CaptureQueriesContext(connection) as captured:
            assert len(client.get(url).json()["status_reports"]) == expected_reports
        return len(captured)

    report(2008)
    one = queries(1)
    report(2012)
    report(2017)
    assert queries(3) == one
