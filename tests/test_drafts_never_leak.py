"""Nothing unpublished appears in any public response (issue 15).

One published practice is linked to a draft and an in-review institution and a draft
tool; a published tool has a draft publisher; a published institution has a draft parent,
another a draft child; next to them are a draft and an in-review practice, a draft
recommendation and a draft finding, each cited, and drafts renamed or deleted in the
change feed. Every unpublished record carries a marker word (`zq...`) in its name or
title, its slug and its texts.

Every public surface, the pages and the API, is then walked three ways:

- no response shows a marker;
- each response is the same, byte for byte, once the unpublished records are deleted:
  the public answers depend on published records alone (counts included);
- a request naming an unpublished record (a filter value, a search word) is answered
  exactly as a request naming one that does not exist: `?institution=<draft>` is a 400
  "Unknown institution", a search for a draft's name finds nothing.
"""

import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from coherence.models import Country, EditorialState, Institution, Theme
from coherence.passages import rebuild_passages
from practices import feed as change_feed
from practices.models import PracticeInstitution
from tests.conftest import copy_of, shared_records
from tests.factories import (
    CitationFactory,
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    CountryFindingFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    RecommendationFactory,
    RegionFactory,
    SourceDocumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = EditorialState.DRAFT
IN_REVIEW = EditorialState.IN_REVIEW

# One word per unpublished record, in its name or title, its slug and its texts.
MARKERS = (
    "zqdraftinst",
    "zqreviewinst",
    "zqparentinst",
    "zqchildinst",
    "zqpublisherinst",
    "zqdrafttool",
    "zqdraftpractice",
    "zqreviewpractice",
    "zqdraftrec",
    "zqdraftfinding",
    "zqcitelocator",
    "zqbeforerename",
    "zqafterrename",
    "zqdeleted",
)
# The quote every unpublished record's citation takes: paragraph 3 of the paper, which
# no published record cites.
UNCITED_QUOTE = "In Jamaica, an Overseas Department in the Ministry of Foreign Affairs"


def institution(marker, state=DRAFT, **kwargs):
    return InstitutionFactory(
        slug=marker,
        name=f"{marker.capitalize()} Bureau",
        acronym=marker.upper()[:10],
        description=f"The {marker} description.",
        editorial_state=state,
        **kwargs,
    )


def cite(record, source):
    CitationFactory(
        content_object=record, source=source, locator="zqcitelocator", quote=UNCITED_QUOTE
    )


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    yield from shared_records(django_db_blocker, build_world)


@pytest.fixture
def world(shared_world):
    return copy_of(shared_world)


def build_world():
    americas = RegionFactory(slug="americas", name="Americas")
    mex = CountryFactory(iso3="MEX", iso2="MX", name="Mexico", region=americas)
    phl = CountryFactory(iso3="PHL", iso2="PH", name="Philippines", region=americas)
    level = CoherenceLevelFactory(slug="intra-governmental", name="Intra-governmental")
    theme = ThemeFactory(slug="remittances", name="Remittances")
    element = CoherenceElementFactory(slug="policy", name="Policy plan")
    source = SourceDocumentFactory(slug="paper", title="Background paper")
    rebuild_passages(source)

    # The published records.
    ministry = InstitutionFactory(slug="open-ministry", name="Open Ministry", country=mex)
    unit = InstitutionFactory(slug="open-unit", name="Open Unit", country=mex)
    framework = PolicyToolFactory(slug="open-framework", name="Open Framework")
    framework.countries.set([mex])
    framework.coherence_levels.set([level])
    practice = PracticeFactory(
        slug="open-practice",
        title="Open practice",
        summary="Diaspora bonds for development.",
        countries=[mex, phl],
        coherence_levels=[level],
        themes=[theme],
    )
    practice.elements.set([element])
    other = PracticeFactory(
        slug="open-neighbour",
        title="Open neighbour",
        summary="Pre-departure seminars.",
        countries=[mex],
        coherence_levels=[level],
        themes=[theme],
    )
    recommendation = RecommendationFactory(slug="open-recommendation", title="Open advice")
    recommendation.coherence_levels.set([level])
    recommendation.themes.set([theme])
    finding = CountryFindingFactory(
        slug="open-finding", country=mex, element=element, question="Open question"
    )
    for record in (practice, other, recommendation, finding, ministry, framework):
        CitationFactory(content_object=record, source=source)

    # The unpublished records, linked to the published ones.
    draft_institution = institution("zqdraftinst", kind=Institution.Kind.FOUNDATION, country=mex)
    review_institution = institution("zqreviewinst", IN_REVIEW, country=mex)
    parent = institution("zqparentinst", country=mex)
    unit.parent = parent
    unit.save()
    child = institution("zqchildinst", country=mex, parent=ministry)
    publisher = institution("zqpublisherinst", country=mex)
    framework.publishers.set([ministry, publisher])
    draft_tool = PolicyToolFactory(
        slug="zqdrafttool",
        name="Zqdrafttool Index",
        description="The zqdrafttool description.",
        editorial_state=DRAFT,
    )
    draft_tool.publishers.set([ministry])
    draft_tool.countries.set([mex])
    draft_tool.coherence_levels.set([level])
    PracticeInstitutionFactory(practice=practice, institution=ministry)
    PracticeInstitutionFactory(practice=practice, institution=draft_institution, role="partner")
    PracticeInstitutionFactory(practice=practice, institution=review_institution, role="partner")
    practice.tools.set([framework, draft_tool])
    drafts = {
        "institutions": [draft_institution, review_institution, parent, child, publisher],
        "tool": draft_tool,
        "practices": [],
    }
    for marker, state in (("zqdraftpractice", DRAFT), ("zqreviewpractice", IN_REVIEW)):
        unpublished = PracticeFactory(
            slug=marker,
            title=f"{marker.capitalize()} scheme",
            summary=f"The {marker} summary.",
            countries=[mex, phl],
            coherence_levels=[level],
            themes=[theme],
            editorial_state=state,
        )
        unpublished.tools.set([framework])
        unpublished.elements.set([element])
        PracticeInstitutionFactory(practice=unpublished, institution=ministry)
        unpublished.title = f"{marker.capitalize()} scheme, revised"
        unpublished.save()  # a draft's update, which the change feed must not show either
        drafts["practices"].append(unpublished)
    drafts["recommendation"] = RecommendationFactory(
        slug="zqdraftrec",
        title="Zqdraftrec advice",
        text="The zqdraftrec text.",
        editorial_state=DRAFT,
    )
    drafts["recommendation"].coherence_levels.set([level])
    drafts["recommendation"].themes.set([theme])
    drafts["finding"] = CountryFindingFactory(
        slug="zqdraftfinding",
        country=mex,
        element=element,
        question="Zqdraftfinding question",
        statement="The zqdraftfinding statement.",
        editorial_state=DRAFT,
    )
    for record in (
        *drafts["institutions"],
        draft_tool,
        *drafts["practices"],
        drafts["recommendation"],
        drafts["finding"],
    ):
        cite(record, source)

    # The change feed's drafts: one renamed, one deleted.
    renamed = institution("zqbeforerename")
    renamed.slug, renamed.name = "zqafterrename", "Zqafterrename Bureau"
    renamed.save()
    drafts["institutions"].append(renamed)
    institution("zqdeleted").delete()
    # As once the writes commit: the change feed has seen them.
    change_feed.process()

    return {
        "recommendation": recommendation,
        "unit": unit,
        "drafts": drafts,
    }


def delete_unpublished(drafts):
    """Delete every unpublished record and its links, leaving the published records as
    they were (their `updated_at` included)."""
    Institution.objects.filter(slug="open-unit").update(parent=None)  # no save, no new date
    PracticeInstitution.objects.exclude(institution__editorial_state="published").delete()
    for record in (
        *drafts["practices"],
        drafts["recommendation"],
        drafts["finding"],
        drafts["tool"],
        *reversed(drafts["institutions"]),
    ):
        record.delete()


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    if response.get("Content-Type") == "application/problem+json":
        # A problem's `instance` is the path the client asked for, echoed back: it tells
        # nothing the client did not send (a draft's 404 is any unknown key's 404).
        problem = response.json()
        problem.pop("instance", None)
        return json.dumps(problem, sort_keys=True)
    return response.content.decode()


def get(url):
    return APIClient().get(url)


def assert_no_marker(text, url):
    shown = [marker for marker in MARKERS if marker in text.lower()]
    assert not shown, f"{url} shows {shown}"


# Every public surface that names no unpublished record. `{rec}` is the published
# recommendation's id.
SURFACES = [
    # Pages.
    "/",
    "/about/",
    "/practices/",
    "/practices/?country=MEX&coherence_level=intra-governmental",
    "/practices/?institution=open-ministry",
    "/practices/?tool=open-framework",
    "/practices/?search=Open+Ministry",
    "/practices/?search=diaspora",
    "/practices/?institution_kind=foundation",
    "/practices/?source=paper&ordering=-updated_at",
    "/practices/open-practice/",
    "/practices/open-neighbour/",
    "/countries/",
    "/countries/?has_practices=true",
    "/countries/MEX/",
    "/countries/compare/?c=MEX&c=PHL",
    "/institutions/",
    "/institutions/?country=MEX",
    "/institutions/?parent=open-ministry",
    "/institutions/?search=Open",
    "/institutions/open-ministry/",
    "/institutions/open-unit/",
    "/tools/",
    "/tools/?publisher=open-ministry",
    "/tools/?coherence_level=intra-governmental&country=MEX",
    "/tools/open-framework/",
    "/levels/",
    "/levels/intra-governmental/",
    "/themes/",
    "/themes/remittances/",
    "/recommendations/",
    "/recommendations/open-recommendation/",
    "/sources/",
    "/sources/paper/",
    "/search/?q=Open",
    "/search/?q=Open+Ministry",
    "/search/?q=Open+Unit",
    "/search/?q=Jamaica",
    # Records that are not public are not found.
    "/practices/zqdraftpractice/",
    "/practices/zqreviewpractice/",
    "/institutions/zqdraftinst/",
    "/institutions/zqparentinst/",
    "/tools/zqdrafttool/",
    "/recommendations/zqdraftrec/",
    # The API.
    "/api/v1/practices/",
    "/api/v1/practices/?format=csv",
    "/api/v1/practices/?country=MEX&ordering=-updated_at",
    "/api/v1/practices/?institution=open-ministry",
    "/api/v1/practices/?institution_kind=foundation",
    "/api/v1/practices/?source=paper&updated_after=2000-01-01",
    "/api/v1/practices/?search=Open+Ministry",
    "/api/v1/practices/?search=diaspora&format=csv",
    "/api/v1/practices/facets/",
    "/api/v1/practices/facets/?country=MEX",
    "/api/v1/practices/facets/?search=Open",
    "/api/v1/practices/facets/?institution_kind=foundation",
    "/api/v1/practices/open-practice/",
    "/api/v1/practices/open-neighbour/",
    "/api/v1/countries/",
    "/api/v1/countries/?format=csv",
    "/api/v1/countries/?has_practices=true",
    "/api/v1/countries/MEX/",
    "/api/v1/institutions/",
    "/api/v1/institutions/?format=csv",
    "/api/v1/institutions/?country=MEX&search=Open",
    "/api/v1/institutions/open-ministry/",
    "/api/v1/institutions/open-unit/",
    "/api/v1/tools/",
    "/api/v1/tools/?format=csv",
    "/api/v1/tools/?publisher=open-ministry",
    "/api/v1/tools/open-framework/",
    "/api/v1/coherence-levels/",
    "/api/v1/coherence-levels/intra-governmental/",
    "/api/v1/themes/",
    "/api/v1/themes/remittances/",
    "/api/v1/elements/",
    "/api/v1/regions/",
    "/api/v1/recommendations/",
    "/api/v1/recommendations/?format=csv",
    "/api/v1/recommendations/?source=paper&coherence_level=intra-governmental",
    "/api/v1/recommendations/{rec}/",
    "/api/v1/sources/",
    "/api/v1/sources/paper/",
    "/api/v1/search/?q=Open",
    "/api/v1/search/?q=Open+Ministry",
    "/api/v1/search/?q=Open+Unit&type=institution",
    "/api/v1/practices/zqdraftpractice/",
    "/api/v1/institutions/zqdraftinst/",
    "/api/v1/tools/zqdrafttool/",
]
# Surfaces whose order or scores come from the search engine's statistics over every
# document, drafts' included (BM25 on SQLite): checked for markers only.
RANKED = {url for url in SURFACES if url.startswith(("/search/", "/api/v1/search/"))}


def surface_url(url, world):
    return url.format(rec=world["recommendation"].pk)


@pytest.mark.parametrize("url", SURFACES)
def test_public_surface_shows_nothing_unpublished(world, url):
    url = surface_url(url, world)
    response = get(url)
    assert response.status_code in (200, 404), (url, response.status_code)
    text = body(response)
    assert_no_marker(text, url)
    if url not in RANKED:
        delete_unpublished(world["drafts"])
        assert body(get(url)) == text, f"{url} depends on unpublished records"


@pytest.mark.parametrize(
    ("feed", "public"),
    [
        ("/api/v1/changes/?page_size=200", "open-practice"),
        ("/api/v1/changes/?type=institution&page_size=200", "open-unit"),
    ],
)
def test_change_feed_shows_nothing_unpublished(world, feed, public):
    response = get(feed)
    assert response.status_code == 200
    assert public in body(response)
    assert_no_marker(body(response), feed)


# Requests naming an unpublished record, with a value naming nothing in its place.
NAMING = [
    ("/practices/?institution={}", "zqdraftinst"),
    ("/practices/?institution={}", "zqreviewinst"),
    ("/practices/?tool={}", "zqdrafttool"),
    ("/practices/?institution=open-ministry,{}", "zqdraftinst"),
    ("/institutions/?parent={}", "zqparentinst"),
    ("/tools/?publisher={}", "zqpublisherinst"),
    ("/api/v1/practices/?institution={}", "zqdraftinst"),
    ("/api/v1/practices/?tool={}", "zqdrafttool"),
    ("/api/v1/practices/?tool={}&format=csv", "zqdrafttool"),
    ("/api/v1/practices/facets/?institution={}", "zqreviewinst"),
    ("/api/v1/institutions/?parent={}", "zqparentinst"),
    ("/api/v1/tools/?publisher={}", "zqpublisherinst"),
    ("/api/v1/practices/?institution_kind={}", "foundation"),
    ("/practices/?search={}", "zqdraftinst"),
    ("/practices/?search={}", "zqdrafttool"),
    ("/practices/?search={}", "zqdraftpractice"),
    ("/institutions/?search={}", "zqparentinst"),
    ("/tools/?search={}", "zqpublisherinst"),
    ("/recommendations/?search={}", "zqdraftrec"),
    ("/search/?q={}", "zqdraftinst"),
    ("/search/?q={}", "zqparentinst"),
    ("/search/?q={}", "zqpublisherinst"),
    ("/search/?q={}", "zqdrafttool"),
    ("/search/?q={}", "zqreviewpractice"),
    ("/search/?q={}", "zqdraftrec"),
    ("/api/v1/search/?q={}", "zqdraftinst"),
    ("/api/v1/search/?q={}", "zqparentinst"),
    ("/api/v1/search/?q={}", "zqdrafttool"),
    ("/api/v1/practices/?search={}", "zqdraftinst"),
    ("/api/v1/tools/?search={}", "zqpublisherinst"),
]
# What each value is compared with: a value nothing has (for institution kinds, a kind
# no linked institution has).
NOTHING = {"foundation": "council"}


@pytest.mark.parametrize(("template", "value"), NAMING)
def test_naming_an_unpublished_record_is_answered_as_naming_nothing(world, template, value):
    unknown = NOTHING.get(value, "zqnothing")
    named, nothing = get(template.format(value)), get(template.format(unknown))
    assert named.status_code == nothing.status_code
    assert body(named).replace(value, "VALUE") == body(nothing).replace(unknown, "VALUE")
    if "search" not in template and value.startswith("zq"):
        assert named.status_code == 400
        assert "Unknown" in body(named)


def test_a_draft_linked_to_a_published_practice_changes_nothing_in_the_feed(world):
    change_feed.process()  # the world is in the feed, as once its write committed
    start = timezone.now()
    practice = PracticeInstitution.objects.filter(institution__slug="open-ministry").first()
    later = institution("zqlater", country=Country.objects.get(iso3="MEX"))
    PracticeInstitutionFactory(practice=practice.practice, institution=later)
    feed = get(f"/api/v1/changes/?since={start.isoformat().replace('+', '%2B')}").json()
    assert feed["results"] == []


def test_unpublishing_with_a_new_slug_is_a_deletion_of_the_slug_the_public_knew(world):
    change_feed.process()  # the world is in the feed, as once its write committed
    start = timezone.now()
    unit = world["unit"]
    unit.slug, unit.editorial_state = "zqwithdrawn", DRAFT
    unit.save()
    unit.name = "Zqwithdrawn Office"
    unit.save()
    feed = get(f"/api/v1/changes/?since={start.isoformat().replace('+', '%2B')}").json()
    # (The practices that named it are `updated`: they no longer do.)
    assert [
        (c["type"], c["key"], c["action"]) for c in feed["results"] if c["type"] == "institution"
    ] == [("institution", "open-unit", "deleted")]


def test_publishing_a_draft_institution_puts_it_in_its_practices_and_their_search(world):
    draft = Institution.objects.get(slug="zqdraftinst")
    assert get("/api/v1/practices/?search=zqdraftinst").json()["count"] == 0
    draft.editorial_state = EditorialState.PUBLISHED
    draft.save()
    found = get("/api/v1/practices/?search=zqdraftinst").json()
    assert [p["slug"] for p in found["results"]] == ["open-practice"]
    assert "zqdraftinst" in [i["slug"] for i in found["results"][0]["institutions"]]
    draft.editorial_state = DRAFT
    draft.save()
    assert get("/api/v1/practices/?search=zqdraftinst").json()["count"] == 0


def test_a_writer_sees_the_drafts_it_links(world, django_user_model):
    from knox.models import AuthToken

    user = django_user_model.objects.create_user("writer")
    user.user_permissions.add(*_permissions("change_practice", "change_institution"))
    token = AuthToken.objects.create(user)[1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    practice = api.patch(
        "/api/v1/practices/open-practice/", {"status": "completed"}, format="json"
    ).json()
    assert {"zqdraftinst", "zqreviewinst"} <= {i["slug"] for i in practice["institutions"]}
    assert "zqdrafttool" in {t["slug"] for t in practice["tools"]}
    unit = api.patch("/api/v1/institutions/open-unit/", {"acronym": "OU"}, format="json").json()
    assert unit["parent"] == "zqparentinst"
    assert Institution.objects.get(slug="open-unit").parent.slug == "zqparentinst"


def test_a_writer_replaces_the_drafts_it_linked(world, django_user_model):
    from knox.models import AuthToken

    user = django_user_model.objects.create_user("writer")
    user.user_permissions.add(*_permissions("change_practice", "change_policytool"))
    token = AuthToken.objects.create(user)[1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    practice = api.patch(
        "/api/v1/practices/open-practice/",
        {"institutions": [{"slug": "zqdraftinst"}], "tools": ["open-framework"]},
        format="json",
    ).json()
    assert [i["slug"] for i in practice["institutions"]] == ["zqdraftinst"]
    assert [t["slug"] for t in practice["tools"]] == ["open-framework"]
    tool = api.patch(
        "/api/v1/tools/open-framework/", {"publishers": ["zqpublisherinst"]}, format="json"
    ).json()
    assert tool["publishers"] == ["zqpublisherinst"]
    assert get("/api/v1/tools/open-framework/").json()["publishers"] == []


def _permissions(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename__in=codenames)


def test_unpublished_practices_do_not_crowd_published_ones_out_of_the_related(world):
    countries = Country.objects.filter(iso3__in=["MEX", "PHL"])
    theme = Theme.objects.get(slug="remittances")
    for _ in range(60):  # each shares more with the practice than its published neighbour
        PracticeFactory(countries=countries, themes=[theme], editorial_state=DRAFT)
    page = get("/practices/open-practice/").content.decode()
    assert "/practices/open-neighbour/" in page


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the count, the page, the published parents (the pinned page counts, with
        # institutions that have no parent, do without them) and the sidebar's two facets
        # (kind, country)
        ("/institutions/", 5),
        # the same and the last-modified (1)
        ("/api/v1/institutions/?page_size=200", 4),
    ],
)
def test_institution_parents_are_read_in_a_fixed_number_of_queries(
    world, django_assert_num_queries, url, queries
):
    mex = Country.objects.get(iso3="MEX")
    ministry = Institution.objects.get(slug="open-ministry")
    client = APIClient()
    for n in range(2):
        institution(f"zqunit{n}", country=mex, parent=ministry)
        InstitutionFactory(country=mex, parent=ministry)
        InstitutionFactory(country=mex, parent=world["unit"].parent)  # a draft parent
        client.get(url)  # warm the per-process caches (content types)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert_no_marker(body(response), url)
