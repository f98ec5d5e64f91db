"""`manage.py contributor`: an operator makes a verified contributor (or reviewer) and
its token from the shell, as the README shows."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from knox.models import AuthToken

from accounts.roles import is_contributor, is_reviewer
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("contributor", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_creates_a_verified_contributor_with_a_token(client, django_user_model):
    CountryFactory(iso3="MDA")
    token, said = run(
        "focal@example.org",
        "--organisation",
        "State Chancellery",
        "--country",
        "mda",
        "--token",
        "partner-system",
    )
    user = django_user_model.objects.get(email="focal@example.org")
    assert is_contributor(user) and not is_reviewer(user)
    assert user.profile.organisation == "State Chancellery"
    assert user.profile.country.iso3 == "MDA"
    assert AuthToken.objects.get(user=user).name.name == "partner-system"
    assert "shown only now" in said
    response = client.get("/api/v1/submissions/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_run_again_it_updates_the_account_and_can_make_a_reviewer(django_user_model):
    run("editor@example.org")
    out, _said = run("EDITOR@example.org", "--reviewer", "--language", "fr")
    assert out == ""  # no token asked for, none printed
    user = django_user_model.objects.get()
    assert is_reviewer(user) and user.profile.language == "fr"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-address"], "is not an e-mail address"),
        (["a@example.org", "--country", "XXX"], "No country has the ISO3 code"),
        (["a@example.org", "--token", "t", "--expiry-days", "0"], "--expiry-days"),
    ],
)
def test_bad_input_is_refused_with_the_reason(args, message, django_user_model):
    with pytest.raises(CommandError, match=message):
        run(*args)
