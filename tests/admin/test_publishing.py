"""Publishing from the change page: the state, who published and when, the buttons."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from practices.models import Practice
from tests import factories
from tests.admin.conftest import practice_form

pytestmark = pytest.mark.django_db


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def test_publish_saves_the_form_publishes_and_says_who_and_when(admin_client, superuser):
    practice = factories.PracticeFactory(title="Diaspora bonds", editorial_state="draft")
    factories.CitationFactory(content_object=practice)  # published records cite
    response = admin_client.post(
        change_url(practice),
        practice_form(practice, title_en="Diaspora bonds (Mexico)", _publish="1"),
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(practice)  # stays on the page
    practice.refresh_from_db()
    assert practice.editorial_state == "published"
    assert practice.title == "Diaspora bonds (Mexico)"
    page = admin_client.get(change_url(practice))
    state = page.context["publishing"]
    assert state.published.user == superuser.get_username()
    assert state.last_changed.user == superuser.get_username()
    content = page.content.decode()
    assert f"Published by {superuser.get_username()} on" in content
    assert 'name="_unpublish"' in content and 'name="_publish"' not in content


def test_return_to_draft_says_who_and_when(admin_client, superuser):
    practice = factories.PracticeFactory(editorial_state="published")
    admin_client.post(change_url(practice), practice_form(practice, _unpublish="1"))
    practice.refresh_from_db()
    assert practice.editorial_state == "draft"
    page = admin_client.get(change_url(practice))
    assert f"Returned to draft by {superuser.get_username()} on" in page.content.decode()
    assert page.context["preview_url"].startswith("/preview/")


def test_publishing_goes_through_the_forms_validation(admin_client):
    practice = factories.PracticeFactory(editorial_state="draft")
    response = admin_client.post(
        change_url(practice),
        practice_form(practice, start_year="2005", end_year="2001", _publish="1"),
    )
    assert response.status_code == 200
    assert "End year 2001 is before start year 2005." in response.content.decode()
    practice.refresh_from_db()
    assert practice.editorial_state == "draft"


def test_an_editor_who_may_only_view_sees_no_buttons_and_cannot_publish(client):
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_practice"))
    client.force_login(viewer)
    practice = factories.PracticeFactory(editorial_state="draft")
    page = client.get(change_url(practice))
    assert page.status_code == 200
    assert 'name="_publish"' not in page.content.decode()
    response = client.post(change_url(practice), practice_form(practice, _publish="1"))
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.editorial_state == "draft"


def test_the_list_actions_still_publish_and_unpublish(admin_client):
    practices = [factories.PracticeFactory(editorial_state="draft") for _ in range(2)]
    for practice in practices:
        factories.CitationFactory(content_object=practice)  # published records cite
    response = admin_client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "publish", "_selected_action": [p.pk for p in practices]},
    )
    assert response.status_code == 302
    assert set(Practice.objects.values_list("editorial_state", flat=True)) == {"published"}
