"""Every page type in French and in Spanish, in Chromium: no English interface string
(checked against the English of the interface catalogues), English content marked
lang="en", no serious accessibility violation; and the switcher keeps the page and its
filters."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.pages import PAGE_TYPES as JOURNEY_PAGE_TYPES
from tests.factories import (
    ChallengeFactory,
    CitationFactory,
    DefinitionFactory,
    EventFactory,
    GcmObjectiveFactory,
    SessionFactory,
    classify,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Every page type of the journeys, and those of the records only the papers' own words
# give (the fixture below makes them).
PAGE_TYPES = [
    *JOURNEY_PAGE_TYPES,
    "/challenges/",
    "/challenges/challenge-language/",
    "/glossary/",
    "/events/",
    "/events/event-language/",
    "/gcm/",
    "/gcm/objectives/19/",
]

# The page's words a reader meets, but not what is marked as English content: its text,
# its title and the attributes read aloud or shown (labels, placeholders, tooltips).
PAGE_WORDS = """() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('[lang="en"], script, style, template').forEach((n) => n.remove());
  const attributes = [...clone.querySelectorAll("[aria-label], [placeholder], [title], [alt]")]
    .flatMap((n) => ["aria-label", "placeholder", "title", "alt"].map((a) => n.getAttribute(a)))
    .filter(Boolean);
  return [document.title, clone.textContent, ...attributes].join("\\n");
}"""

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|&\w+;")


def interface_strings(language: str) -> list[str]:
    """The English strings of the interface, in pieces between placeholders, that a page
    in `language` must not show: those of two words or more that its translation does not
    also use (a name such as "MiGOF", or "Institutions" in French, is the same in both)."""
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    pieces = set()
    for entry in polib.pofile(str(path)).translated_entries():
        translations = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            for piece in PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;·()“”\"'—-\n")
                if len(piece.split()) >= 2 and piece not in translations:
                    pieces.add(piece)
    return sorted(pieces, key=len, reverse=True)


@pytest.fixture
def more_types(kb):
    # The paper's title is English content, shown in the pages' <title> (which cannot be
    # marked as English): one that no interface string shares.
    type(kb["source"]).objects.filter(pk=kb["source"].pk).update(title="Coherence study")
    challenge = ChallengeFactory(slug="challenge-language")
    challenge.coherence_levels.set(kb["levels"])
    CitationFactory(content_object=challenge, source=kb["source"])
    definition = DefinitionFactory(slug="term-language")
    CitationFactory(content_object=definition, source=kb["source"])
    event = EventFactory(slug="event-language")
    SessionFactory(event=event, papers=[kb["source"]])
    objective = GcmObjectiveFactory(number=19, title="Create conditions", short_title="Diaspora")
    classify(kb["practices"][0], objectives=[objective])
    return kb


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_page_type_speaks_the_language_and_is_accessible(page, more_types, language):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    english = [
        (piece, re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)"))
        for piece in interface_strings(language)
    ]
    assert len(english) > 300  # the catalogue was read
    untranslated, inaccessible = {}, {}
    for url in PAGE_TYPES:
        page.goto(f"{page.base}/{language}{url}")
        assert page.locator("html").get_attribute("lang") == language, url
        words = page.evaluate(PAGE_WORDS)
        found = [piece for piece, pattern in english if pattern.search(words)]
        if found:
            untranslated[url] = found[:5]
        serious = [
            f"{v['id']}: {v['help']} (e.g. {v['nodes'][0]['html'][:100]})"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            inaccessible[url] = serious
    assert not untranslated, untranslated
    assert not inaccessible, inaccessible


def test_the_switcher_keeps_the_page_and_its_filters(page, kb):
    page.goto(f"{page.base}/fr/practices/?theme=remittances&scope=national")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pratiques")
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"/es/practices/\?theme=remittances&scope=national$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Prácticas")
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/practices/\?theme=remittances&scope=national$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Practices")


def test_a_french_browser_lands_on_french_pages(browser, live_server, kb):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(f"{live_server.url}/practices/")
    expect(page).to_have_url(f"{live_server.url}/fr/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pratiques")
    context.close()
