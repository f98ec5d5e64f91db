"""The world map and the charts in a real browser, on a 360 px phone and a 1366 px screen:
each is drawn (a box of some size), has an accessible name, keeps its text readable and
the page from scrolling sideways, and meets no serious accessibility violation; a map
country is a link that opens its profile, with the keyboard too."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/countries/", "/countries/MEX/", "/countries/compare/?c=MEX&c=PHL"]
GRAPHICS = "svg.world-map__svg, svg.bar-chart__svg"


@pytest.mark.parametrize("width", [360, 1366])
def test_every_map_and_chart_is_drawn_named_and_readable(page, kb, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size({"width": width, "height": 900})
    problems = {}
    for url in PAGES:
        page.goto(f"{page.base}{url}")
        graphics = page.locator(GRAPHICS)
        found = []
        assert graphics.count() >= (1 if url.startswith("/countries/") else 2), url
        for i in range(graphics.count()):
            svg = graphics.nth(i)
            box = svg.bounding_box()
            name = svg.evaluate(
                "el => document.getElementById(el.getAttribute('aria-labelledby')).textContent"
            )
            if not (box and box["width"] > 0 and box["height"] > 0):
                found.append(f"graphic {i} is not drawn: {box}")
            if not name.strip():
                found.append(f"graphic {i} has no accessible name")
        # Chart text at 12 px or more, whatever the width.
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('svg.bar-chart__svg text')]
                 .map(t => t.getBoundingClientRect().height).filter(h => h > 0), 99)"""
        )
        if smallest < 12:
            found.append(f"chart text only {smallest:.1f}px high")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            found.append(f"scrolls sideways by {overflow}px")
        serious = [
            f"{v['id']}: {v['help']} ({v['nodes'][0]['html'][:120]})"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        found += serious
        if found:
            problems[url] = found
    assert not problems, problems
    # Every chart is an image with a name; the map is a group of links.
    page.goto(f"{page.base}/countries/MEX/")
    expect(
        page.get_by_role("img", name=re.compile("Mexico: practices per coherence"))
    ).to_have_count(2)


def test_a_country_on_the_map_opens_its_profile(page, kb):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{page.base}/")
    world = page.get_by_role("group", name=re.compile("World map"))
    expect(world).to_be_visible()
    mexico = world.get_by_role("link", name="Mexico: 2 practices")
    expect(mexico).to_have_count(1)
    mexico.click()
    expect(page).to_have_url(re.compile(r"/countries/MEX/$"))


def test_map_countries_are_reached_and_followed_with_the_keyboard(page, kb):
    page.goto(f"{page.base}/countries/")
    link = page.get_by_role("group", name=re.compile("World map")).get_by_role(
        "link", name="Philippines: 3 practices"
    )
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    expect(link).to_be_focused()
    stroke = link.locator("path").evaluate("el => getComputedStyle(el).strokeWidth")
    assert stroke == "3px"  # a visible focus indicator
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Philippines")


def test_the_map_figures_open_as_a_table(page, kb):
    page.goto(f"{page.base}/")
    table = page.locator(".world-map table")
    expect(table).to_be_hidden()
    page.locator(".world-map summary").click()
    expect(table.locator("tbody tr").first).to_contain_text("Philippines")
    expect(table.locator("tbody tr").first).to_contain_text("3")
