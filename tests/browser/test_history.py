"""An editor changes a practice's countries inline, reads the change in its history and
reverts it, in Chromium."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from coherence.services import CitationData, citations_set
from coherence.versions import version
from practices.models import Practice
from practices.services import Link, practice_create
from tests import factories

SHOTS = Path("/work/shots/history")
PASSWORD = "pw-editor-123"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["practices", "coherence"])
    )
    return user


@pytest.fixture
def practice():
    with version():
        practice = practice_create(
            fields={
                "title": "Three per One",
                "slug": "three-per-one",
                "summary": "Matches migrants' contributions with public funds.",
                "scope": "national",
                "editorial_state": "published",
            },
            countries=[
                Link(factories.CountryFactory(iso3="MEX", name="Mexico"), "implementing"),
                Link(factories.CountryFactory(iso3="PER", name="Peru"), "partner"),
            ],
            coherence_levels=[factories.CoherenceLevelFactory(name="Whole of government")],
            themes=[factories.ThemeFactory(name="Remittances")],
        )
        citations_set(
            record=practice,
            citations=[
                CitationData(
                    source=factories.SourceDocumentFactory(title="Background paper"),
                    locator="para. 2",
                    quote="one of which is called “Three per One” (3x1).",
                )
            ],
        )
    return practice


def sign_in(page, user):
    page.goto(page.base + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.username)


def test_an_inline_country_change_shows_in_history_and_reverts(page, editor, practice):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, editor)
    page.goto(page.base + f"/admin/practices/practice/{practice.pk}/change/")
    # The rows are ordered implementing first: Mexico, then Peru.
    page.select_option("select[name='country_links-0-role']", "partner")
    page.check("input[name='country_links-1-DELETE']")
    page.click("input[name='_continue']")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(page.base + f"/admin/practices/practice/{practice.pk}/history/")
    newest = page.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("Countries:")
    expect(newest.locator(".history-removed")).to_contain_text("Peru")
    expect(newest.locator(".history-edited")).to_contain_text("Mexico:")
    expect(newest.locator(".history-edited del")).to_have_text("Implementing")
    expect(newest.locator(".history-edited ins")).to_have_text("Partner")
    expect(newest).to_contain_text("editor")
    expect(page.locator("#change-history")).not_to_contain_text("None")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "history-1366.png"), full_page=True)

    page.locator("#change-history tbody tr").last.locator("th a").click()
    expect(page.locator("h2")).to_contain_text("Reverting to this version will change")
    expect(page.locator(".history-added")).to_contain_text("Peru (Partner)")
    page.screenshot(path=str(SHOTS / "revert-1366.png"), full_page=True)
    page.click("input[value='Revert to this version']")
    expect(page.locator(".messagelist")).to_contain_text("was reverted to the version of")

    newest = page.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("Reverted to the version of")
    expect(newest.locator(".history-added")).to_contain_text("Peru (Partner)")
    restored = Practice.objects.get(pk=practice.pk)
    assert {(link.country.name, link.role) for link in restored.country_links.all()} == {
        ("Mexico", "implementing"),
        ("Peru", "partner"),
    }
    assert restored.citations.count() == 1
