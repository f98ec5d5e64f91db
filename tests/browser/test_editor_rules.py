"""An editor in the admin, in Chromium: a quote that crosses a page break in the paper's
raw text is saved, as the source reader shows it in one passage; a refused quote shows
the nearest passage; a finding cannot be published without a citation."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coherence.passages import rebuild_passages
from practices.models import Practice
from tests.coherence.test_quotes import PDF_PAPER, THREE_PER_ONE
from tests.factories import (
    CitationFactory,
    CountryFactory,
    CountryFindingFactory,
    PracticeFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("SHOTS_DIR", "/work/shots/verify"))
CITATION = "coherence-citation-content_type-object_id-0"


@pytest.fixture
def editor(page, superuser):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{page.base}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-editor-123")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


@pytest.fixture
def practice():
    paper = SourceDocumentFactory(
        slug="2008-rt-3-2-background-paper", short_title="RT 3.2 paper", text=PDF_PAPER
    )
    rebuild_passages(paper)
    return PracticeFactory(title="Three per One", editorial_state="draft")


def cite(page, practice, quote):
    page.goto(f"{page.base}/admin/practices/practice/{practice.pk}/change/")
    page.get_by_role("button", name=re.compile("Add another Citation")).click()
    # The source is searched as the editor types (the admin's autocomplete).
    page.locator(f'[name="{CITATION}-source"] + .select2').click()
    page.locator(".select2-container--open .select2-search__field").fill("RT 3.2")
    page.locator(".select2-results__option", has_text="RT 3.2 paper (2008)").click()
    page.locator(f'[name="{CITATION}-locator"]').fill("Section 2.1.1")
    page.locator(f'[name="{CITATION}-quote"]').fill(quote)
    page.get_by_role("button", name="Save", exact=True).first.click()


def test_cite_across_a_page_break_and_save(editor, practice):
    cite(editor, practice, THREE_PER_ONE)
    expect(editor.locator(".messagelist .success")).to_contain_text("was changed successfully")
    citation = Practice.objects.get(pk=practice.pk).citations.get()
    assert citation.quote == THREE_PER_ONE
    assert citation.passage.locator == "2.1.1 Inclusion of migration issues, paragraph 1"


def test_a_refused_quote_shows_its_nearest_passage(editor, practice):
    cite(
        editor,
        practice,
        "For each dollar provided by the migrants, the Federal Government adds two.",
    )
    error = editor.locator(".inline-group .errorlist").first
    expect(error).to_contain_text("This quote does not occur in “RT 3.2 paper (2008)”")
    expect(error).to_contain_text(
        "Nearest passage (2.1.1 Inclusion of migration issues, paragraph 1): “"
        "… For each peso provided by the migrants, the Federal Government adds one, …”"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    error.scroll_into_view_if_needed()
    editor.screenshot(path=str(SHOTS / "refused-quote.png"))
    editor.locator(".inline-group").last.screenshot(path=str(SHOTS / "refused-quote-inline.png"))
    assert not Practice.objects.get(pk=practice.pk).citations.exists()


def test_a_finding_is_not_published_without_a_citation(editor):
    finding = CountryFindingFactory(
        country=CountryFactory(name="Argentina"), editorial_state="draft"
    )
    editor.goto(f"{editor.base}/admin/practices/countryfinding/{finding.pk}/change/")
    editor.get_by_label("Editorial state").select_option("published")
    editor.get_by_role("button", name="Save", exact=True).first.click()
    expect(editor.locator(".errornote")).to_be_visible()
    expect(editor.locator(".inline-group .errorlist.nonform")).to_contain_text(
        "A published country finding must cite at least one passage of a source: "
        "add a citation, or keep it as a draft."
    )
    finding.refresh_from_db()
    assert finding.editorial_state == "draft"
    CitationFactory(content_object=finding)  # with one, it publishes
    editor.reload()
    editor.goto(f"{editor.base}/admin/practices/countryfinding/{finding.pk}/change/")
    editor.get_by_label("Editorial state").select_option("published")
    editor.get_by_role("button", name="Save", exact=True).first.click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
