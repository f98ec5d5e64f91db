import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from knox.models import AuthToken

from practices.models import Practice, Recommendation
from tests.factories import RecommendationFactory

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("partner", password="pw-partner-123")


def token_for(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return AuthToken.objects.create(user=user)[1]


def authed(api, token):
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


PRACTICE = {
    "slug": "new-practice",
    "title": "A new practice",
    "summary": "Something that works.",
    "scope": "national",
    "coherence_levels": ["multilateral"],
    "themes": ["remittances"],
    "countries": [{"iso3": "MEX", "role": "implementing"}, {"iso3": "PHL", "role": "partner"}],
    "institutions": [{"slug": "sedesol"}],
    "tools": ["migof"],
    "editorial_state": "published",
    # A published practice cites at least one passage (the world's paper).
    "citations": [
        {
            "source": "background-paper",
            "locator": "para. 2",
            "quote": "one of which is called “Three per One” (3x1).",
        }
    ],
}


def cases(world):
    recommendation = RecommendationFactory()
    return {
        "practice": (
            "/api/v1/practices/",
            "three-per-one",
            PRACTICE,
            {"title": "Tres por Uno"},
        ),
        "institution": (
            "/api/v1/institutions/",
            "diaspora-bureau",
            {"slug": "new-body", "name": "A new body", "kind": "agency", "country": "MEX"},
            {"name": "Renamed bureau"},
        ),
        "policytool": (
            "/api/v1/tools/",
            "dashboard",
            {"slug": "new-tool", "name": "A new tool", "kind": "guidance"},
            {"name": "Renamed dashboard"},
        ),
        "recommendation": (
            "/api/v1/recommendations/",
            str(recommendation.pk),
            {
                "slug": "new-rec",
                "title": "Act",
                "text": "Do it.",
                "coherence_levels": ["multilateral"],
            },
            {"title": "Act now"},
        ),
    }


MODELS = ["practice", "institution", "policytool", "recommendation"]


@pytest.mark.parametrize("model", MODELS)
def test_anonymous_writes_get_401(api, world, model):
    base, key, new, change = cases(world)[model]
    assert api.post(base, new, format="json").status_code == 401
    assert api.patch(f"{base}{key}/", change, format="json").status_code == 401
    assert api.put(f"{base}{key}/", new, format="json").status_code == 401
    assert api.delete(f"{base}{key}/").status_code == 401


@pytest.mark.parametrize("model", MODELS)
def test_token_without_permission_gets_403(api, world, user, model):
    base, key, new, change = cases(world)[model]
    authed(api, token_for(user))
    assert api.post(base, new, format="json").status_code == 403
    assert api.patch(f"{base}{key}/", change, format="json").status_code == 403
    assert api.put(f"{base}{key}/", new, format="json").status_code == 403
    assert api.delete(f"{base}{key}/").status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_token_with_permission_can_write(api, world, user, model):
    base, key, new, change = cases(world)[model]
    authed(api, token_for(user, f"add_{model}", f"change_{model}", f"delete_{model}"))
    created = api.post(base, new, format="json")
    assert created.status_code == 201, created.json()
    assert api.patch(f"{base}{key}/", change, format="json").status_code == 200
    field, value = next(iter(change.items()))
    assert api.get(f"{base}{key}/").json()[field] == value
    assert (
        api.put(f"{base}{key}/", {**new, "slug": f"{new['slug']}-2"}, format="json").status_code
        == 200
    )
    target = created.json().get("slug") if model != "recommendation" else created.json()["id"]
    assert api.delete(f"{base}{target}/").status_code == 204


def test_created_practice_has_its_links_and_its_history_names_the_user(api, world, user):
    authed(api, token_for(user, "add_practice"))
    body = api.post("/api/v1/practices/", PRACTICE, format="json").json()
    assert body["countries"] == [
        {"iso3": "MEX", "name": "Mexico", "role": "implementing"},
        {"iso3": "PHL", "name": "Philippines", "role": "partner"},
    ]
    assert body["tools"] == [{"slug": "migof", "name": "Migration Governance Framework"}]
    practice = Practice.objects.get(slug="new-practice")
    assert practice.history.first().history_user == user


def test_write_validates_like_the_admin(api, world, user):
    authed(api, token_for(user, "add_practice", "change_practice"))
    duplicate = api.post("/api/v1/practices/", {**PRACTICE, "slug": "pdos"}, format="json")
    assert duplicate.status_code == 400
    assert "slug" in duplicate.json()["errors"]
    years = api.patch(
        "/api/v1/practices/pdos/", {"start_year": 2010, "end_year": 2000}, format="json"
    )
    assert years.status_code == 400
    assert years.json()["errors"]["end_year"] == ["End year 2000 is before start year 2010."]
    unknown = api.post("/api/v1/practices/", {**PRACTICE, "themes": ["nope"]}, format="json")
    assert unknown.status_code == 400 and "themes" in unknown.json()["errors"]


def test_deleting_a_referenced_institution_is_a_409(api, world, user):
    authed(api, token_for(user, "delete_institution"))
    response = api.delete("/api/v1/institutions/cfo/")
    assert response.status_code == 409


def test_expired_or_wrong_token_is_401(api, world, user):
    from datetime import timedelta

    _, token = AuthToken.objects.create(user=user, expiry=timedelta(seconds=-1))
    authed(api, token)
    assert api.post("/api/v1/practices/", PRACTICE, format="json").status_code == 401
    authed(api, "nonsense")
    assert api.get("/api/v1/practices/").status_code == 401


def test_issue_api_token_prints_a_token_stored_hashed(user, world):
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_api_token", "partner", "--expiry-days", "30", stdout=out, stderr=err)
    token = out.getvalue().strip()
    stored = AuthToken.objects.get(user=user)
    assert token and token not in stored.digest and stored.expiry is not None
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/practices/").status_code == 200


def test_issue_api_token_for_unknown_user_fails(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("issue_api_token", "nobody")


def test_recommendation_model_is_written(api, world, user):
    authed(api, token_for(user, "add_recommendation"))
    api.post("/api/v1/recommendations/", cases(world)["recommendation"][2], format="json")
    assert Recommendation.objects.filter(slug="new-rec").exists()


def test_institution_and_tool_writes_validate_like_the_admin(api, world, user):
    authed(api, token_for(user, "add_institution", "change_institution", "add_policytool"))
    duplicate = api.post(
        "/api/v1/institutions/",
        {"slug": "cfo", "name": "Another", "kind": "agency"},
        format="json",
    )
    assert duplicate.status_code == 400 and "slug" in duplicate.json()["errors"]
    loop = api.patch("/api/v1/institutions/cfo/", {"parent": "cfo"}, format="json")
    assert loop.json()["errors"]["parent"] == [
        "An institution cannot be part of itself or of its own parts."
    ]
    bad_link = api.post(
        "/api/v1/tools/",
        {"slug": "t", "name": "T", "kind": "guidance", "link": "not a url"},
        format="json",
    )
    assert bad_link.status_code == 400 and "url" in bad_link.json()["errors"]


def test_issue_api_token_creates_a_partner_with_the_permissions_granted(world, api):
    out = io.StringIO()
    call_command(
        "issue_api_token",
        "new-partner",
        "--create",
        "--grant",
        "practices.change_practice",
        stdout=out,
        stderr=io.StringIO(),
    )
    authed(api, out.getvalue().strip())
    response = api.patch("/api/v1/practices/three-per-one/", {"status": "completed"}, format="json")
    assert response.status_code == 200
    # A partner account has no password: it cannot log in to the admin.
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.get(username="new-partner").has_usable_password()


def test_issue_api_token_refuses_an_unknown_permission(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No permission 'practices.fly'"):
        call_command("issue_api_token", "x", "--create", "--grant", "practices.fly")
