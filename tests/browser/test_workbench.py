"""The editors' workbench in Chromium at 1366 px: "used by" on an institution, a draft's
preview, a country chosen in the practice list's filter, and change pages that never
scroll sideways. With WORKBENCH_SHOTS=<dir>, the pages are also saved as screenshots."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from coherence.workbench.preview import preview_url
from practices.models import Practice

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("WORKBENCH_SHOTS")
WIDTH = 1366


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def editor(page):
    User.objects.create_superuser("editor", "editor@example.org", "pw-editor-123")
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{page.base}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-editor-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Curate the knowledge base")).to_be_visible()
    return page


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_an_institution_shows_the_records_that_use_it(editor, kb):
    page = editor
    institution = kb["institutions"][0]
    page.goto(f"{page.base}/admin/coherence/institution/{institution.pk}/change/")
    panel = page.locator(".workbench-used-by")
    expect(panel).to_contain_text("Practices (institutions)")
    expect(panel).to_contain_text("Tools and frameworks (publishers)")
    shot(page, "institution-change-used-by")
    panel.get_by_role("link", name="Diaspora bond programme 0").click()
    expect(page.get_by_role("heading", level=2, name="Diaspora bond programme 0")).to_be_visible()


def test_a_draft_is_previewed_from_its_change_page(editor, kb):
    page = editor
    practice = kb["practices"][0]
    Practice.objects.filter(pk=practice.pk).update(editorial_state="draft")
    page.goto(f"{page.base}/admin/practices/practice/{practice.pk}/change/")
    expect(page.locator(".workbench-state")).to_contain_text("Draft")
    with page.context.expect_page() as opened:
        page.locator(".workbench-state").get_by_role("link", name="Preview").click()
    preview = opened.value
    preview.set_viewport_size({"width": WIDTH, "height": 900})
    expect(preview.locator(".preview-banner")).to_contain_text("Preview — not published")
    expect(preview.get_by_role("heading", level=1)).to_have_text(practice.title)
    expect(preview.locator('meta[name="robots"]')).to_have_attribute(
        "content", re.compile("noindex")
    )
    shot(preview, "practice-preview")
    # The public address stays closed to the draft.
    response = preview.goto(f"{page.base}{practice.get_absolute_url()}")
    assert response.status == 404
    # A link cut short is refused with a message.
    preview.goto(f"{page.base}{preview_url(practice)[:-3]}/")
    expect(preview.locator(".preview-refused")).to_contain_text("not valid")


def test_the_practice_list_filters_by_a_country_found_by_typing(editor, kb):
    page = editor
    page.goto(f"{page.base}/admin/practices/practice/")
    page.locator("select[data-filter-lookup='countries__id__exact'] + .select2").click()
    page.keyboard.type("jama")
    page.get_by_role("option", name="Jamaica").click()
    expect(page).to_have_url(re.compile(r"countries__id__exact=\d+"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("Jamaica")
    assert scroll_width(page) <= WIDTH
    shot(page, "practice-list")


def test_change_pages_fit_1366_pixels(editor, kb):
    page = editor
    practice = kb["practices"][0]
    records = {
        "practice": f"practices/practice/{practice.pk}",
        "institution": f"coherence/institution/{kb['institutions'][0].pk}",
        "tool": f"coherence/policytool/{kb['tools'][0].pk}",
        "recommendation": f"practices/recommendation/{kb['recommendations'][0].pk}",
        "finding": f"practices/countryfinding/{kb['findings'][0].pk}",
        "source": f"coherence/sourcedocument/{kb['source'].pk}",
        "citation": f"coherence/citation/{practice.citations.first().pk}",
        "country": f"coherence/country/{kb['countries'][0].pk}",
    }
    wide = {}
    for name, path in records.items():
        page.goto(f"{page.base}/admin/{path}/change/")
        expect(page.locator("#content-main")).to_be_visible()
        if scroll_width(page) > WIDTH:
            wide[name] = scroll_width(page)
        shot(page, f"{name}-change")
    assert not wide, f"wider than {WIDTH} px: {wide}"
