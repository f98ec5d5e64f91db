"""Sign-up, e-mail verification, sign-in and password reset (django-allauth)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import Profile
from accounts.roles import CONTRIBUTOR, REVIEWER, is_contributor, is_reviewer
from tests.factories import CountryFactory

from .factories import PASSWORD, UnverifiedUserFactory, UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def sign_up(client, *, email="ana@example.org", prefix="", **extra):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation": "Ministry of Foreign Affairs",
        **extra,
    }
    return client.post(f"{prefix}/accounts/signup/", data)


def test_the_role_groups_exist():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {CONTRIBUTOR, REVIEWER}


def test_sign_up_sends_a_verification_link_that_makes_a_contributor(client):
    country = CountryFactory(name="Mexico")
    response = sign_up(client, country=country.pk)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana@example.org")
    assert user.profile.organisation == "Ministry of Foreign Affairs"
    assert user.profile.country == country
    assert user.profile.language == "en"
    assert not is_contributor(user)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]

    confirm = link_in(mail.outbox[0])
    assert client.get(confirm).status_code == 200  # the page asking to confirm
    response = client.post(confirm)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.groups.filter(name=CONTRIBUTOR).exists()
    assert is_contributor(user)
    assert not is_reviewer(user)


def test_signing_up_in_french_writes_the_profile_in_french(client):
    sign_up(client, prefix="/fr")
    profile = Profile.objects.get(user__email="ana@example.org")
    assert profile.language == "fr"


def test_sign_up_asks_the_organisation_and_lists_countries_by_name(client):
    CountryFactory(name="Zambia")
    CountryFactory(name="Angola")
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="organisation"' in page
    assert page.index("Angola") < page.index("Zambia")
    assert 'href="/static/css/site.css"' in page  # the site's layout


def test_a_sign_up_without_organisation_is_refused_with_a_message(client):
    response = sign_up(client, organisation="")
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not get_user_model().objects.filter(email="ana@example.org").exists()


def test_the_french_sign_up_page_is_in_french(client):
    response = client.get("/fr/accounts/signup/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Inscription" in page  # allauth's own French


def test_an_unverified_user_cannot_sign_in_and_is_sent_the_link_again(client):
    UnverifiedUserFactory(username="ben")
    response = client.post("/accounts/login/", {"login": "ben@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_a_verified_user_signs_in_with_the_email_and_lands_on_the_account_page(client):
    VerifiedUserFactory(username="ana")
    response = client.post("/accounts/login/", {"login": "ANA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_repeated_wrong_passwords_are_refused_with_a_clear_message(client):
    VerifiedUserFactory(username="ana")
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": "ana@example.org", "password": "x"})
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_axes_counts_the_site_sign_in_failures_by_email(client, settings):
    from axes.models import AccessAttempt

    VerifiedUserFactory(username="ana")
    client.post("/accounts/login/", {"login": "Ana@example.org", "password": "x"})
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "ana@example.org"
    assert attempt.failures_since_start == 1


def test_axes_lockout_of_the_site_sign_in_answers_its_page(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    VerifiedUserFactory(username="ana")
    client.post("/accounts/login/", {"login": "ana@example.org", "password": "x"})
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": "x"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in refused" in page
    assert 'href="/static/css/site.css"' in page
    assert response["Retry-After"]
    assert "no-store" in response["Cache-Control"]
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_the_admin_sign_in_still_works(client):
    user = UserFactory(username="editor", is_staff=True, is_superuser=True)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    VerifiedUserFactory(username="ana")
    response = client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0])
    response = client.get(link)  # allauth moves the key into the session
    assert response.status_code == 302
    form_url = response["Location"]
    new = "another long passphrase 77"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    client.logout()
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": new})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_password_reset_of_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert all("nobody@example.org" not in m.to or "reset" not in m.body for m in mail.outbox)


def test_every_user_has_a_profile():
    user = get_user_model().objects.create_user("carl", "carl@example.org", PASSWORD)
    assert user.profile.language == "en"
    with translation.override("en"):
        assert str(user.profile) == "carl"


def test_the_reset_email_is_in_the_language_of_the_profile(client):
    user = VerifiedUserFactory(username="ana")
    Profile.objects.filter(user=user).update(language="fr")
    client.post("/accounts/password/reset/", {"email": "ana@example.org"})
    assert len(mail.outbox) == 1
    assert "mot de passe" in (mail.outbox[0].subject + mail.outbox[0].body).lower()


def test_a_reviewer_is_in_the_reviewer_group_or_a_superuser():
    from django.contrib.auth.models import Group

    user = VerifiedUserFactory(username="rita")
    assert not is_reviewer(user)
    user.groups.add(Group.objects.get(name=REVIEWER))
    assert is_reviewer(user)
    assert is_reviewer(UserFactory(username="root", is_superuser=True))
    assert is_contributor(UserFactory(username="root2", is_superuser=True))
    inactive = VerifiedUserFactory(username="gone", is_active=False)
    assert not is_contributor(inactive)
