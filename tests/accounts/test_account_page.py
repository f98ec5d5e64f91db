"""The account page: the profile, and API tokens created, shown once, used and revoked."""

import re

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import TokenName
from accounts.services import token_create
from tests.factories import CountryFactory

from .factories import UnverifiedUserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"
TOKENS = "/accounts/tokens/"


@pytest.fixture
def ana(client):
    user = VerifiedUserFactory(username="ana")
    client.force_login(user)
    return user


def new_token(client, name="Data portal", expiry_days=90):
    response = client.post(TOKENS, {"name": name, "expiry_days": expiry_days})
    assert response.status_code == 201, response.content.decode()
    return response, re.search(
        r'<output id="new-token">([^<]+)</output>', response.content.decode()
    )[1]


def test_the_account_page_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_header_links_to_the_account_page(client):
    page = client.get("/about/").content.decode()
    assert f'href="{PROFILE}"' in page


def test_the_account_page_is_never_cached(client, ana):
    response = client.get(PROFILE)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert reverse("accounts:profile") == PROFILE


def test_the_profile_is_edited(client, ana):
    country = CountryFactory(name="Philippines")
    response = client.post(
        PROFILE, {"organisation": "CFO", "country": country.pk, "language": "es"}
    )
    assert response.status_code == 302
    ana.profile.refresh_from_db()
    assert (ana.profile.organisation, ana.profile.country, ana.profile.language) == (
        "CFO",
        country,
        "es",
    )
    assert "Your profile is saved" in client.get(PROFILE).content.decode()


def test_an_unknown_language_is_refused_with_a_message(client, ana):
    response = client.post(PROFILE, {"organisation": "CFO", "language": "de"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    ana.profile.refresh_from_db()
    assert ana.profile.language == "en"


def test_a_token_is_shown_once_stored_hashed_and_reads_the_api(client, ana):
    response, token = new_token(client)
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies.get("messages")
    stored = AuthToken.objects.get(user=ana)
    assert stored.name.name == "Data portal"
    assert token not in stored.digest
    assert 89 <= (stored.expiry - stored.created).days <= 90
    page = client.get(PROFILE).content.decode()
    assert "Data portal" in page
    assert token not in page  # never again

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/practices/").status_code == 200
    # A contributor's token writes nothing without the model permissions an editor gives.
    assert api.post("/api/v1/practices/", {}, format="json").status_code == 403


def test_a_revoked_token_no_longer_works(client, ana):
    _, token = new_token(client)
    key = AuthToken.objects.get(user=ana).token_key
    response = client.post(reverse("accounts:token-revoke", args=[key]))
    assert response.status_code == 302
    assert not AuthToken.objects.filter(user=ana).exists()
    assert not TokenName.objects.exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/practices/").status_code == 401


def test_revoking_another_users_token_is_a_404(client, ana):
    other = VerifiedUserFactory(username="ben")
    instance, _token = token_create(user=other, name="Ben's", expiry_days=30)
    response = client.post(reverse("accounts:token-revoke", args=[instance.token_key]))
    assert response.status_code == 404
    assert AuthToken.objects.filter(user=other).exists()


def test_revoking_is_a_post(client, ana):
    instance, _token = token_create(user=ana, name="Mine", expiry_days=30)
    response = client.get(reverse("accounts:token-revoke", args=[instance.token_key]))
    assert response.status_code == 405
    assert AuthToken.objects.filter(user=ana).exists()


def test_an_unverified_user_cannot_create_tokens_and_is_told_why(client):
    user = UnverifiedUserFactory(username="carl")
    client.force_login(user)
    assert (
        "Only a contributor whose e-mail address is verified"
        in client.get(PROFILE).content.decode()
    )
    response = client.post(TOKENS, {"name": "x", "expiry_days": 30})
    assert response.status_code == 403
    assert "Only a contributor whose e-mail address is verified" in response.content.decode()
    assert not AuthToken.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "data", [{"name": "", "expiry_days": 30}, {"name": "x", "expiry_days": 7}, {}]
)
def test_a_bad_token_request_is_a_400_with_the_form(client, ana, data):
    response = client.post(TOKENS, data)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not AuthToken.objects.filter(user=ana).exists()


def test_the_forms_are_csrf_protected(ana):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert strict.post(TOKENS, {"name": "x", "expiry_days": 30}).status_code == 403
    assert not AuthToken.objects.filter(user=ana).exists()
    page = strict.get(PROFILE).content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 2


def test_the_admin_user_page_shows_the_profile_and_the_groups(client):
    from tests.accounts.factories import UserFactory

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    user = VerifiedUserFactory(username="dora")
    page = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert 'name="profile-0-organisation"' in page
    assert 'name="groups"' in page
    assert client.get(reverse("admin:auth_user_add")).status_code == 200
