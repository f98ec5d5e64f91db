"""The source reader in a real browser, on each of the five seeded papers (their real text,
from fixtures/sources/, with records citing their passages built by factories): it fits a
360 px phone and a desktop, shows no raw Markdown or HTML, meets WCAG 2.2 AA (axe: no
critical or serious violation), and its footnotes, contents and search work."""

import json
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from coherence.passages import rebuild_passages
from coherence.text import normalize
from tests.factories import (
    CitationFactory,
    CountryFindingFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SOURCES = json.loads((settings.FIXTURES_ROOT / "sources.json").read_text())["records"]
SLUGS = [record["slug"] for record in SOURCES]
RAW_MARKUP = ("##", "**", "<sup>", "</sup>", "](", "\\_", "<br", "&lt;", "&amp;")


def seeded_paper(slug):
    """The paper as the seed loads it, with its passages, and records of every type citing
    its first text passages and its first footnote (one passage cited by six records)."""
    record = next(r for r in SOURCES if r["slug"] == slug)
    fields = {k: v for k, v in record.items() if k != "text_file"}
    text = (settings.FIXTURES_ROOT / record["text_file"]).read_text()
    source = SourceDocumentFactory(**fields, text=text)
    rebuild_passages(source)
    passages = list(source.passages.all())
    texts = [p for p in passages if not p.anchor.startswith("s-")][:3]
    notes = [p for p in passages if p.locator.startswith("footnote")][:1]

    def cite(record, passage):
        CitationFactory(content_object=record, source=source, quote=normalize(passage.text)[:70])

    for i, passage in enumerate(texts + notes):
        cite(
            PracticeFactory(
                title=f"Mainstreaming migration and development in local governance {i}"
            ),
            passage,
        )
        cite(CountryFindingFactory(statement="Reported a national policy plan."), passage)
        cite(InstitutionFactory(name=f"Commission on Filipinos Overseas {i}"), passage)
        cite(
            PolicyToolFactory(name=f"Guidance note on integrating migration into UNDAFs {i}"),
            passage,
        )
    for _ in range(2):
        cite(PracticeFactory(), texts[0])
    return source


@pytest.mark.parametrize("slug", SLUGS)
def test_each_paper_fits_the_screen_shows_no_markup_and_meets_wcag(page, slug):
    from axe_playwright_python.sync_playwright import Axe

    source = seeded_paper(slug)
    axe = Axe()
    for width in (360, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        for query in ("", "?q=migration+development"):
            page.goto(f"{page.base}{source.get_absolute_url()}{query}")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{slug}{query} is {scroll_width}px wide at {width}px"
            text = page.locator("main").inner_text()
            shown = [markup for markup in RAW_MARKUP if markup in text]
            assert not shown, f"{slug}{query} at {width}px shows raw markup: {shown}"
            assert "Cited by" in text
            if query:
                expect(page.locator(".passage mark").first).to_be_visible()
            results = axe.run(page)
            serious = [
                f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:160]})"
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert not serious, f"{slug}{query} at {width}px: {serious}"


def test_a_footnote_marker_leads_to_its_note_and_back(page):
    source = seeded_paper("2017-rt-1-1-background-paper")
    page.goto(f"{page.base}{source.get_absolute_url()}")
    page.locator("#s-1 .fnref a").click()
    expect(page).to_have_url(re.compile(r"#fn-1$"))
    note = page.locator("#fn-1")
    expect(note).to_have_attribute("aria-current", "true")
    expect(note).to_contain_text("This paper was drafted by the RT 1.1 co-chairs")
    note.get_by_role("link", name=re.compile("back to the text")).click()
    expect(page).to_have_url(re.compile(r"#ref-fn-1$"))
    expect(page.locator("#ref-fn-1")).to_be_in_viewport()


def test_the_contents_lead_to_a_heading_and_fold_on_a_phone(page):
    source = seeded_paper("2008-rt-3-2-background-paper")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{page.base}{source.get_absolute_url()}")
    contents = page.get_by_role("navigation", name="Contents of the paper")
    contents.get_by_role("link", name="2.1 Political commitment").click()
    expect(page).to_have_url(re.compile(r"#s-\d+$"))
    expect(page.get_by_role("heading", name="2.1 Political commitment")).to_be_in_viewport()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base}{source.get_absolute_url()}")
    expect(contents.get_by_role("link", name="2.1 Political commitment")).to_be_hidden()
    contents.get_by_text("Contents").click()
    expect(contents.get_by_role("link", name="2.1 Political commitment")).to_be_visible()


def test_search_within_the_paper_without_javascript(browser, live_server):
    source = seeded_paper("2012-pcd-workshop-report")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    page.get_by_role("searchbox", name="Search this paper").fill("multilateral organisations")
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_url(re.compile(r"\?q=multilateral\+organisations"))
    results = page.locator(".reader-results")
    expect(results.get_by_role("heading")).to_contain_text("every word of")
    results.get_by_role("link").first.click()
    anchor = page.url.split("#")[1]
    expect(page.locator(f"#{anchor} mark").first).to_have_text(re.compile("multilateral", re.I))
    context.close()
