"""The layout's addresses (`coherence.navigation`), reversed once per language, URLconf and
script prefix: each page must still link the addresses `{% url %}` gave, in its own
language, whichever language the process served before."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils.translation import override

from coherence import navigation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_each_address_is_what_reverse_gives_in_the_language(language):
    with override(language):
        urls = navigation.urls()
        for name, pattern in navigation.PAGES.items():
            assert urls[name] == reverse(pattern)
        for code in ("en", "fr", "es"):
            assert urls["switch"][code] == reverse("language-switch", args=[code])


def test_the_languages_do_not_share_their_addresses():
    with override("fr"):
        french = navigation.urls()
    with override("en"):
        english = navigation.urls()
    assert english["countries"] == "/countries/"
    assert french["countries"] == "/fr/countries/"


def test_a_script_prefix_has_addresses_of_its_own():
    set_script_prefix("/kb/")
    try:
        with override("en"):
            assert navigation.urls()["countries"] == "/kb/countries/"
    finally:
        set_script_prefix("/")
    with override("en"):
        assert navigation.urls()["countries"] == "/countries/"


def test_pages_in_turn_link_their_own_language(client):
    for _ in range(2):
        english = client.get("/countries/").content.decode()
        french = client.get("/fr/countries/").content.decode()
        assert '<a href="/practices/">' in english
        assert '<a href="/countries/" aria-current="page">' in english
        assert '<a href="/fr/practices/">' in french
        assert '<a href="/fr/countries/" aria-current="page">' in french
        assert '<a href="/practices/">' not in french
        # The switcher and the footer come from the same addresses.
        assert 'href="/i18n/fr/?next=' in english
        assert '<a href="/fr/about/">' in french


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("slug", ["a-practice", "Under_score-2", "__slug__x", "x__slug__"])
def test_a_slug_address_is_what_reverse_gives(language, slug):
    with override(language):
        assert navigation.slug_address("practices:detail", slug) == reverse(
            "practices:detail", kwargs={"slug": slug}
        )


@pytest.mark.parametrize("slug", ["é-accent", "a b", ""])
def test_what_is_not_a_slug_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        navigation.slug_address("practices:detail", slug)
