"""Pages in English, French and Spanish: addresses, the first visit, the switcher,
hreflang alternates, records' text in the page's language and English marked as such."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import CountryFactory, PracticeFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_english_pages_keep_their_addresses_and_french_and_spanish_have_theirs(client, kb):
    for path, lang, heading in (
        ("/practices/", "en", "Practices"),
        ("/fr/practices/", "fr", "Pratiques"),
        ("/es/practices/", "es", "Prácticas"),
    ):
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert f'<html lang="{lang}">' in html
        assert f"<h1>{heading}</h1>" in html


def test_a_first_visit_goes_to_the_browsers_language(client, kb):
    response = client.get("/practices/?level=multilateral", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/es/practices/?level=multilateral"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"},
        {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"},
        {},
    ],
)
def test_no_redirect_for_english_or_a_language_the_site_does_not_have(client, kb, headers):
    assert client.get("/practices/", **headers).status_code == 200


def test_a_chosen_language_wins_over_the_browsers(client, kb):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/practices/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_the_api_and_the_health_check_are_never_redirected(client, kb):
    assert client.get("/api/v1/practices/", HTTP_ACCEPT_LANGUAGE="fr").status_code == 200
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="fr").status_code in (200, 503)


def test_the_switcher_keeps_the_page_and_its_filters(client, kb):
    response = client.get("/i18n/fr/", {"next": "/practices/?theme=remittances&search=remit"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/practices/?theme=remittances&search=remit"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    back = client.get("/i18n/en/", {"next": response["Location"]})
    assert back["Location"] == "/practices/?theme=remittances&search=remit"
    # Back in English, the cookie keeps a French browser on the English page.
    assert client.get(back["Location"], HTTP_ACCEPT_LANGUAGE="fr").status_code == 200


def test_the_switcher_refuses_an_unknown_language_and_a_foreign_address(client, kb):
    response = client.get("/i18n/de/", {"next": "/practices/"})
    assert response.status_code == 400 and "de" in response.content.decode()
    assert client.get("/i18n/es/", {"next": "https://evil.example/"})["Location"] == "/es/"


def test_switcher_links_and_hreflang_alternates_name_the_page_in_each_language(client, kb):
    html = client.get("/fr/practices/?level=multilateral").content.decode()
    for code, path in (("en", "/practices/"), ("fr", "/fr/practices/"), ("es", "/es/practices/")):
        assert (
            f'<link rel="alternate" hreflang="{code}" '
            f'href="http://testserver{path}?level=multilateral">' in html
        )
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/practices/' in html
    switcher = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    assert 'href="/i18n/es/?next=/fr/practices/%3Flevel%3Dmultilateral"' in switcher
    assert 'lang="fr" aria-current="true"' in switcher


def test_a_translated_record_shows_its_translation(client, kb):
    practice = kb["practices"][0]
    practice.title_fr = "Programme 3x1 pour les migrants"
    practice.summary_fr = "Chaque peso envoyé par les migrants est triplé."
    practice.save()
    html = client.get(f"/fr/practices/{practice.slug}/").content.decode()
    assert "<h1>Programme 3x1 pour les migrants</h1>" in html
    assert "Chaque peso envoyé par les migrants est triplé." in html
    assert 'class="translation-note"' not in html


def test_an_untranslated_record_shows_its_english_marked_with_a_note(client, kb):
    practice = kb["practices"][1]
    html = client.get(f"/es/practices/{practice.slug}/").content.decode()
    assert f'<h1><span lang="en">{practice.title_en}</span></h1>' in html
    assert 'class="translation-note"' in html
    # Quotes stay verbatim in the paper's language.
    assert '<blockquote lang="en">' in html


def test_reference_names_follow_the_page_language(client, kb):
    country = CountryFactory(iso3="MAR", iso2="MA", m49=504, name="Morocco")
    country.name_fr, country.name_es = "Maroc", "Marruecos"
    country.save()
    PracticeFactory(countries=[country])
    assert "<h1>Maroc</h1>" in client.get("/fr/countries/MAR/").content.decode()
    assert "<h1>Marruecos</h1>" in client.get("/es/countries/MAR/").content.decode()


def test_an_events_date_as_the_paper_gives_it_is_marked_as_english(client, kb):
    """Events' dates are the papers' own words ("26 June 2012"), not dates the site
    formats: on a French page they are marked as English text."""
    from tests.factories import EventFactory

    event = EventFactory(slug="brussels", name="Workshop", date="26 June 2012", year=2012)
    html = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert '<span lang="en">26 June 2012</span>' in html
