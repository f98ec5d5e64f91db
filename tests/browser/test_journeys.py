"""What users do in a real browser: find a practice by filtering and by searching, follow
a citation to its highlighted passage, compare two countries, use the list with the
keyboard alone, and meet no serious accessibility violation on any page type."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import Practice

pytestmark = pytest.mark.django_db(transaction=True)


def test_find_a_practice_by_filtering(page, kb):
    page.goto(f"{page.base}/practices/")
    expect(page.locator("#results-heading")).to_have_text("3 practices")
    page.get_by_label("Jamaica (1)").check()
    # The script updates the results in place and the address to the shared URL.
    expect(page).to_have_url(re.compile(r"/practices/\?country=JAM$"))
    expect(page.locator("#results-heading")).to_have_text("1 practice")
    expect(page.get_by_role("link", name="Diaspora bond programme 1")).to_be_visible()
    expect(page.get_by_role("link", name="Remove filter Country: Jamaica")).to_be_visible()
    page.get_by_role("link", name="Diaspora bond programme 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diaspora bond programme 1")


def test_find_a_practice_by_filtering_without_javascript(browser, live_server, kb):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/practices/")
    page.get_by_label("Jamaica (1)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"country=JAM"))
    expect(page.locator("#results-heading")).to_have_text("1 practice")
    context.close()


def test_find_a_practice_by_searching(page, kb):
    practice = Practice.objects.get(slug="practice-1")
    practice.summary = "Seasonal workers come home with savings."
    practice.save()
    page.goto(f"{page.base}/")
    page.get_by_label("Search everything").fill("seasonal")
    page.get_by_label("Search everything").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=seasonal"))
    hit = page.locator("#hits-practice + ol mark, section[aria-labelledby=hits-practice] mark")
    expect(hit.first).to_have_text(re.compile("Seasonal", re.I))
    page.get_by_role("link", name="Diaspora bond programme 1").click()
    expect(page).to_have_url(re.compile(r"/practices/practice-1/$"))


def test_follow_a_citation_to_its_highlighted_passage(page, kb):
    page.goto(f"{page.base}/practices/practice-0/")
    page.get_by_role("link", name=re.compile("Read in context")).first.click()
    expect(page).to_have_url(re.compile(r"/sources/paper/#para-2$"))
    passage = page.locator("#para-2")
    expect(passage).to_have_attribute("aria-current", "true")
    expect(passage).to_be_focused()
    expect(passage.locator(".passage__cue")).to_be_visible()
    background = passage.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 243, 196)"
    assert page.locator("#para-1").evaluate("el => getComputedStyle(el).backgroundColor") != (
        background
    )


def test_compare_two_countries(page, kb):
    page.goto(f"{page.base}/countries/compare/")
    page.get_by_label("Countries to compare").select_option(["MEX", "PHL"])
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"c=MEX&c=PHL"))
    table = page.locator("table").first
    expect(table.locator("thead th")).to_have_text(["Coherence level", "Mexico", "Philippines"])
    expect(table.locator("tbody tr").first).to_contain_text("Intra-governmental")


def test_use_the_list_with_the_keyboard_alone(page, kb):
    page.goto(f"{page.base}/practices/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    checkbox = page.locator("#f-country-jam")
    for _ in range(40):
        page.keyboard.press("Tab")
        if checkbox.evaluate("el => el === document.activeElement"):
            break
    expect(checkbox).to_be_focused()
    outline = checkbox.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # a visible focus indicator
    page.keyboard.press("Space")
    expect(page.locator("#results-heading")).to_have_text("1 practice")
    expect(page.locator("#f-country-jam")).to_be_focused()  # focus survives the update
    link = page.get_by_role("link", name="Diaspora bond programme 1")
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diaspora bond programme 1")


PAGE_TYPES = [
    "/",
    "/about/",
    "/practices/",
    "/practices/?country=MEX&search=diaspora",
    "/practices/?country=XXX",
    "/practices/practice-0/",
    "/countries/",
    "/countries/MEX/",
    "/countries/compare/?c=MEX&c=PHL",
    "/institutions/",
    "/institutions/sre/",
    "/tools/",
    "/tools/migof/",
    "/levels/",
    "/levels/intra-governmental/",
    "/themes/",
    "/themes/remittances/",
    "/recommendations/",
    "/recommendations/recommendation-0/",
    "/sources/",
    "/sources/paper/#para-2",
    "/search/?q=diaspora",
    "/no-such-page/",
]


def test_no_serious_accessibility_violation_on_any_page_type(page, kb):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for url in PAGE_TYPES:
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(f"{page.base}{url}")
            results = axe.run(page)
            serious = [
                f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[f"{url} @{width}px"] = serious
    assert not found, found


def test_pages_fit_a_360px_phone_without_horizontal_scrolling(page, kb):
    page.set_viewport_size({"width": 360, "height": 740})
    for url in ("/", "/practices/", "/practices/practice-0/", "/countries/MEX/", "/sources/paper/"):
        page.goto(f"{page.base}{url}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
