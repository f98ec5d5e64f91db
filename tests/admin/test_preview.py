"""Previews of drafts: a signed, expiring link to the public page as it will look."""

import time

import pytest
from django.urls import reverse

from coherence.workbench.preview import PREVIEW_MAX_AGE, preview_token, preview_url
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_draft_practice_is_shown_by_its_public_page_with_a_banner_and_noindex(client):
    practice = factories.PracticeFactory(title="Diaspora bonds", editorial_state="draft")
    assert client.get(practice.get_absolute_url()).status_code == 404  # not public
    response = client.get(preview_url(practice))
    assert response.status_code == 200
    assert "practices/practice_detail.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert "Diaspora bonds" in content
    assert "Preview — not published" in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "factory, template",
    [
        (factories.InstitutionFactory, "practices/institution_detail.html"),
        (factories.PolicyToolFactory, "practices/tool_detail.html"),
        (factories.RecommendationFactory, "practices/recommendation_detail.html"),
    ],
)
def test_drafts_of_every_record_with_a_public_page_can_be_previewed(client, factory, template):
    record = factory(editorial_state="draft")
    response = client.get(preview_url(record))
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert "Preview — not published" in response.content.decode()


def test_the_public_page_has_no_banner(client):
    practice = factories.PracticeFactory()
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Preview — not published" not in content
    assert "noindex" not in content


def test_a_tampered_link_is_refused_with_a_message(client):
    practice = factories.PracticeFactory(editorial_state="draft")
    other = factories.PracticeFactory(editorial_state="draft")
    token = preview_token(practice)
    forged = token.replace(f".{practice.pk}:", f".{other.pk}:", 1)
    for bad in (forged, token[:-2], "nonsense"):
        response = client.get(reverse("practices:preview", kwargs={"token": bad}))
        assert response.status_code == 404
        assert "This preview link is not valid." in response.content.decode()


def test_an_expired_link_is_refused_with_a_message(client, monkeypatch):
    practice = factories.PracticeFactory(editorial_state="draft")
    made = time.time() - PREVIEW_MAX_AGE.total_seconds() - 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: made)
    url = preview_url(practice)
    monkeypatch.undo()
    response = client.get(url)
    assert response.status_code == 403
    assert "This preview link has expired." in response.content.decode()


def test_a_link_to_a_record_published_since_leads_to_its_public_page(client):
    practice = factories.PracticeFactory(editorial_state="draft")
    url = preview_url(practice)
    practice.editorial_state = "published"
    practice.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()


def test_a_link_to_a_deleted_record_says_so(client):
    practice = factories.PracticeFactory(editorial_state="draft")
    url = preview_url(practice)
    practice.delete()
    response = client.get(url)
    assert response.status_code == 404
    assert "no longer exists" in response.content.decode()


def test_view_on_site_of_a_draft_is_its_preview_and_of_a_published_record_its_page(admin_client):
    draft = factories.PracticeFactory(editorial_state="draft")
    published = factories.PracticeFactory()
    response = admin_client.get(reverse("admin:practices_practice_change", args=[draft.pk]))
    assert response.context["absolute_url"].startswith("/preview/")
    assert admin_client.get(response.context["absolute_url"]).status_code == 200
    response = admin_client.get(reverse("admin:practices_practice_change", args=[published.pk]))
    assert response.context["absolute_url"] == published.get_absolute_url()


def test_a_draft_finding_has_no_page_to_view_on_site(admin_client):
    finding = factories.CountryFindingFactory(editorial_state="draft")
    response = admin_client.get(reverse("admin:practices_countryfinding_change", args=[finding.pk]))
    assert response.context["has_absolute_url"] is False
