"""The change feed keeps a partner's copy exact: a full download (`export/`), then
`changes/?after=` applied as docs/api.md's "Keeping a copy" says, equals a fresh download
after any sequence of edits, through the API and through the admin."""

import json
import random

import pytest
from django.contrib.auth.models import Permission
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from coherence.models import Citation, Institution
from practices import feed
from practices.models import CountryFinding, FeedEntry, Practice
from tests.factories import CitationFactory, CountryFindingFactory
from tests.forms import form_data

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]

PATHS = {
    "practice": "practices",
    "institution": "institutions",
    "tool": "tools",
    "recommendation": "recommendations",
    "country": "countries",
    "region": "regions",
    "coherence-level": "coherence-levels",
    "element": "elements",
    "theme": "themes",
    "source": "sources",
    "gcm-objective": "gcm-objectives",
    "gcm-principle": "gcm-principles",
    "sdg-target": "sdg-targets",
    "challenge": "challenges",
    "definition": "definitions",
    "question": "questions",
    "event": "events",
}


def detail(kind, key):
    return f"/api/v1/{PATHS[kind]}/{key}/"


# The partner, as docs/api.md tells it to work ---------------------------------------------


def download(client):
    """A full copy in one request: every public resource and the cursor to follow."""
    response = client.get("/api/v1/export/")
    assert response.status_code == 200
    body = json.loads(b"".join(response.streaming_content))
    return {(r["type"], r["key"]): r["data"] for r in body["records"]}, body["cursor"]


def sync(client, copy, cursor):
    """Apply every change after the cursor: fetch what was created or updated, drop what
    was deleted."""
    url = f"/api/v1/changes/?after={cursor}&page_size=200"
    while url:
        body = client.get(url).json()
        for change in body["results"]:
            key = (change["type"], change["key"])
            if change["action"] == "deleted":
                copy.pop(key, None)
            else:
                response = client.get(detail(*key))
                if response.status_code == 404:  # gone again since
                    copy.pop(key, None)
                else:
                    copy[key] = response.json()
            cursor = change["id"]
        url = body["next"]
    return cursor


def fresh(client):
    """What a partner starting now would fetch record by record from the lists."""
    records = {}
    for kind, path in PATHS.items():
        url = f"/api/v1/{path}/?page_size=200"
        while url:
            body = client.get(url).json()
            for item in body["results"]:
                key = str(item.get("slug") if kind not in ("country", "recommendation") else "")
                key = {"country": item.get("iso3"), "recommendation": str(item.get("id"))}.get(
                    kind, key
                )
                records[(kind, key)] = client.get(detail(kind, key)).json()
            url = body["next"]
    return records


@pytest.fixture
def unthrottled(monkeypatch):
    """For the checks that fetch every record one by one (which a partner need not do)."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})


# Who edits ---------------------------------------------------------------------------------


@pytest.fixture
def writer(django_user_model):
    user = django_user_model.objects.create_user("writer", password="pw-writer-123")
    for codename in (
        "add_practice",
        "change_practice",
        "delete_practice",
        "change_institution",
        "change_policytool",
    ):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return client


def admin_edit(admin_client, path, **changes):
    page = admin_client.get(path)
    assert page.status_code == 200
    data = form_data(page.content.decode(), None)
    data = {k: v for k, v in data.items() if not k.startswith("_")}
    data.update({k: [v] for k, v in changes.items()})
    data["_save"] = ["Save"]
    response = admin_client.post(path, data)
    assert response.status_code == 302, response.content.decode()[:3000]


# Single behaviours ------------------------------------------------------------------------


def entries(after):
    return [(e.type, e.key, e.action) for e in FeedEntry.objects.filter(id__gt=after)]


def last():
    feed.process()
    return FeedEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_rename_is_a_deletion_of_the_old_key_and_a_creation_of_the_new(api, world, writer):
    start = last()
    response = writer.patch(detail("practice", "pdos"), {"slug": "pdos-2"}, format="json")
    assert response.status_code == 200
    api.get("/api/v1/changes/")
    assert ("practice", "pdos", "deleted") in entries(start)
    assert ("practice", "pdos-2", "created") in entries(start)


def test_an_institution_renamed_updates_the_practices_that_name_it(api, world, writer):
    start = last()
    writer.patch(detail("institution", "cfo"), {"name": "CFO"}, format="json")
    api.get("/api/v1/changes/")
    changed = entries(start)
    assert ("institution", "cfo", "updated") in changed
    assert {("practice", "three-per-one", "updated"), ("practice", "pdos", "updated")} <= set(
        changed
    )
    assert ("country", "PHL", "updated") in changed  # its country lists its institutions


def test_a_citation_edited_on_its_own_updates_its_record(api, world, admin_client):
    citation = Citation.objects.filter(practice__slug="pdos").first()
    start = last()
    admin_edit(admin_client, f"/admin/coherence/citation/{citation.pk}/change/", locator="p. 9")
    api.get("/api/v1/changes/")
    assert entries(start) == [("practice", "pdos", "updated")]


def test_a_finding_is_an_update_of_its_country(api, world):
    start = last()
    finding = CountryFindingFactory(country=world["countries"][0])
    CitationFactory(content_object=finding)
    api.get("/api/v1/changes/")
    assert ("country", "MEX", "updated") in entries(start)
    start = last()
    finding.delete()
    api.get("/api/v1/changes/")
    assert ("country", "MEX", "updated") in entries(start)


def test_drafts_and_writes_that_change_nothing_make_no_entries(api, world, writer):
    start = last()
    body = {
        "slug": "a-draft",
        "title": "A draft",
        "summary": "Not yet.",
        "scope": "national",
        "coherence_levels": ["multilateral"],
        "themes": ["remittances"],
        "countries": [{"iso3": "MEX"}],
        "editorial_state": "draft",
    }
    assert writer.post("/api/v1/practices/", body, format="json").status_code == 201
    history = Practice.history.count()
    same = writer.patch(
        detail("practice", "pdos"), {"title": world["practices"][1].title}, format="json"
    )
    assert same.status_code == 200
    api.get("/api/v1/changes/")
    assert entries(start) == []
    assert Practice.history.count() == history


def test_last_modified_and_etag_cover_citations(api, world):
    first = api.get(detail("practice", "pdos"))
    assert first.has_header("Last-Modified") and first.has_header("ETag")
    citation = Citation.objects.filter(practice__slug="pdos").first()
    citation.locator = "p. 99"
    citation.save()
    again = api.get(
        detail("practice", "pdos"),
        HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 200
    assert again.json()["citations"] != first.json()["citations"]
    unchanged = api.get(detail("practice", "pdos"), HTTP_IF_MODIFIED_SINCE=again["Last-Modified"])
    assert unchanged.status_code == 304


def test_a_write_answers_with_the_etag_of_what_it_wrote(world, writer):
    response = writer.patch(detail("practice", "pdos"), {"title": "PDOS"}, format="json")
    assert response.status_code == 200
    assert response["ETag"] == writer.get(detail("practice", "pdos"))["ETag"]


def test_the_export_is_what_the_details_say(api, world, unthrottled):
    copy, cursor = download(api)
    assert cursor == FeedEntry.objects.order_by("-id").first().id
    assert copy == fresh(api)
    assert ("practice", "draft-practice") not in copy


def test_the_changes_cursor_is_checked(api, db):
    response = api.get("/api/v1/changes/?after=-3")
    assert response.status_code == 400
    assert "after" in response.json()["errors"]


# The property ------------------------------------------------------------------------------


def edits(world, writer, admin_client, rng):
    """One random edit, through the API or the admin."""
    practices = list(Practice.objects.order_by("id"))
    practice = rng.choice(practices) if practices else None
    institution = rng.choice(list(Institution.objects.order_by("id")))
    choice = rng.randrange(11)
    if choice == 0 and practice:
        writer.patch(
            detail("practice", practice.slug), {"title": f"T{rng.random()}"}, format="json"
        )
    elif choice == 1 and practice:
        writer.patch(
            detail("practice", practice.slug), {"slug": f"p{rng.randrange(10**6)}"}, format="json"
        )
    elif choice == 2 and practice:
        chosen = rng.sample(["sedesol", "cfo", "diaspora-bureau"], rng.randrange(4))
        writer.patch(
            detail("practice", practice.slug),
            {"institutions": [{"slug": s} for s in chosen]},
            format="json",
        )
    elif choice == 3 and practice:
        chosen = rng.sample(["MEX", "PHL", "MDA"], rng.randrange(1, 4))
        writer.patch(
            detail("practice", practice.slug),
            {"countries": [{"iso3": c} for c in chosen]},
            format="json",
        )
    elif choice == 4 and practice:
        state = "draft" if practice.editorial_state == "published" else "published"
        writer.patch(detail("practice", practice.slug), {"editorial_state": state}, format="json")
    elif choice == 5:
        writer.post(
            "/api/v1/practices/",
            {
                "slug": f"new-{rng.randrange(10**6)}",
                "title": "New",
                "summary": "New.",
                "scope": "national",
                "coherence_levels": [rng.choice(["multilateral", "intra-governmental"])],
                "themes": ["remittances"],
                "countries": [{"iso3": rng.choice(["MEX", "PHL"])}],
                "institutions": [{"slug": "cfo"}],
                "editorial_state": rng.choice(["draft", "published"]),
            },
            format="json",
        )
    elif choice == 6 and practice and len(practices) > 1:
        writer.delete(detail("practice", practice.slug))
    elif choice == 7:
        writer.patch(
            detail("institution", institution.slug), {"name": f"I{rng.random()}"}, format="json"
        )
    elif choice == 8:
        citation = Citation.objects.order_by("?").first()
        if citation is not None:
            admin_edit(
                admin_client,
                f"/admin/coherence/citation/{citation.pk}/change/",
                locator=f"para. {rng.randrange(99)}",
            )
    elif choice == 9:
        country = rng.choice(world["countries"])
        finding = CountryFinding.objects.filter(country=country).first()
        if finding is None:
            CountryFindingFactory(country=country, element=world["elements"][0])
        else:
            finding.statement = f"S{rng.random()}"
            finding.save()
    elif choice == 10:
        writer.patch(detail("tool", "migof"), {"name": f"M{rng.random()}"}, format="json")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_copy_equals_a_fresh_download_after_any_edits(
    api, world, writer, admin_client, unthrottled, seed
):
    rng = random.Random(seed)
    copy, cursor = download(api)
    for _round in range(5):
        for _ in range(rng.randrange(1, 4)):
            edits(world, writer, admin_client, rng)
        cursor = sync(api, copy, cursor)
        assert copy == fresh(api)
        assert copy == download(api)[0]
