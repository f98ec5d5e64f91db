"""Search in French and Spanish (issue 22): a query in the active language finds records
by their text in that language, with its stemming and without its accents, and by their
English text too. Runs on SQLite and on PostgreSQL alike."""

import re

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from practices.models import Practice
from search import filter_queryset, highlight, parse_query, search
from search.kinds import KINDS
from tests.factories import (
    CountryFactory,
    PracticeFactory,
    RecommendationFactory,
    SourcePassageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """A French-and-Spanish practice and one in English only."""
    translated = PracticeFactory(
        title="Monitoring the effects of migration policies",
        summary="The ministry reports every year on how remittances change.",
        title_fr="Suivi des effets des politiques migratoires",
        summary_fr="Le ministère rend compte chaque année du développement des envois de fonds.",
        title_es="Seguimiento de los efectos de las políticas migratorias",
        summary_es="El ministerio informa cada año sobre las remesas y la migración.",
    )
    english = PracticeFactory(
        title="Diaspora bonds", summary="Bonds sold to the diaspora for infrastructure."
    )
    return translated, english


def found(text, language, **kwargs):
    with translation.override(language):
        return [hit.obj for hit in search(text, types=["practice"], **kwargs).hits]


@pytest.mark.parametrize(
    "text",
    [
        "politique migratoire",  # another inflection: singular for the plural
        "politiques migratoires",
        "developpement",  # without its accents
        "développement",
        "envois de fond",
        '"politiques migratoires"',
    ],
)
def test_a_french_query_finds_the_french_text(records, text):
    translated, _english = records
    assert found(text, "fr") == [translated]


@pytest.mark.parametrize(
    "text", ["remesas", "remesa", "migración", "migracion", "politica migratoria"]
)
def test_a_spanish_query_finds_the_spanish_text(records, text):
    translated, _english = records
    assert found(text, "es") == [translated]


def test_french_text_is_not_searched_in_english_or_spanish(records):
    assert found("politiques migratoires", "en") == []
    assert found("developpement", "es") == []
    assert found("remesas", "fr") == []


@pytest.mark.parametrize("language", ["fr", "es"])
def test_an_english_query_still_works_in_french_and_spanish(records, language):
    translated, english = records
    assert found("remittances", language) == [translated]
    assert found("diaspora bonds", language) == [english]
    # A record without a translation is found by its English text, as it is shown.
    assert found('"bonds sold"', language) == [english]


def test_words_mix_the_languages_and_exclusions_apply_to_both(records):
    translated, _english = records
    assert found("politiques remittances", "fr") == [translated]
    assert found("politiques -remittances", "fr") == []
    assert found("remittances -politique", "fr") == []


def test_the_language_s_stop_words_are_dropped():
    with translation.override("fr"):
        assert parse_query("la de des").is_empty
        assert parse_query("politique de migration").language == "fr"
    with translation.override("es"):
        assert parse_query("de la los").is_empty
    with translation.override("en"):
        assert not parse_query("la").is_empty


def test_snippets_come_from_the_language_searched(records):
    translated, _english = records
    with translation.override("fr"):
        [hit] = search("developpement", types=["practice"]).hits
        snippets = highlight([translated], "envois")
    assert "<mark>développement</mark>" in hit.snippet
    assert "<mark>envois</mark>" in snippets[translated.pk]
    with translation.override("es"):
        [hit] = search("remesa", types=["practice"]).hits
    assert "<mark>remesas</mark>" in hit.snippet


def test_filter_queryset_searches_the_active_language(records):
    translated, _english = records
    with translation.override("fr"):
        matched = filter_queryset(Practice.objects.all(), "politique migratoire")
        assert list(matched) == [translated]
        assert matched[0].search_rank > 0


def test_translated_country_names_are_keywords():
    country = CountryFactory(name="Morocco", name_fr="Maroc", name_es="Marruecos")
    record = PracticeFactory(title="Diaspora bonds")
    record.countries.add(country)
    assert found("Maroc", "fr") == [record]
    assert found("Marruecos", "es") == [record]
    assert found("Morocco", "fr") == [record]


def test_renaming_a_translation_reindexes_the_record(records):
    translated, _english = records
    translated.title_fr = "Obligations de la diaspora"
    translated.save()
    assert found("obligation", "fr") == [translated]
    assert found("migratoires", "fr") == []


def test_other_record_types_are_searched_in_french():
    recommendation = RecommendationFactory(
        title="Align remittance policies",
        title_fr="Aligner les politiques de transferts",
        text_fr="Les gouvernements harmonisent leurs politiques.",
    )
    with translation.override("fr"):
        hits = search("gouvernement", types=["recommendation"]).hits
    assert [hit.obj for hit in hits] == [recommendation]


def test_untranslated_types_are_searched_in_english():
    assert not KINDS["passage"].translated
    assert KINDS["practice"].translated


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_pages_search_in_the_active_language(client, records, language):
    translated, _english = records
    words = {"fr": "politiques migratoires", "es": "remesas"}[language]
    response = client.get(f"/{language}/search/", {"q": words})
    assert response.status_code == 200
    assert translated.get_absolute_url() in response.content.decode()
    response = client.get(f"/{language}/practices/", {"search": words})
    assert response.status_code == 200
    assert translated.get_absolute_url() in response.content.decode()


# Which language each hit's snippet is in (issue: English snippets on French and Spanish
# pages were not marked lang="en"): the snippets of a page, each with its lang attribute.
SNIPPETS = re.compile(r'<p class="record__snippet"(?: lang="(\w+)")?>(.*?)</p>', re.S)


def snippets_of(html: str) -> dict[str, str]:
    """The page's snippets, by their text without tags and final stop (PostgreSQL's
    headlines leave it out), with the language they are marked in ("" where unmarked:
    the page's)."""
    return {
        re.sub(r"<[^>]+>", "", text).strip().rstrip("."): lang
        for lang, text in SNIPPETS.findall(html)
    }


def page_snippets(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return snippets_of(response.content.decode())


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_snippet_of_an_untranslated_record_is_marked_english(client, records, language):
    # The English summary, as the language's summary column holds it for want of a
    # translation: the snippet is English.
    assert page_snippets(client, f"/{language}/search/", q="diaspora") == {
        "Bonds sold to the diaspora for infrastructure": "en"
    }
    with translation.override(language):
        [hit] = search("diaspora").hits
    assert hit.snippet_language == "en"


def test_the_snippet_of_a_translated_record_is_in_the_page_s_language(client, records):
    snippets = page_snippets(client, "/fr/search/", q="développement")
    assert snippets == {
        "Le ministère rend compte chaque année du développement des envois de fonds": ""
    }
    assert page_snippets(client, "/es/search/", q="remesas") == {
        "El ministerio informa cada año sobre las remesas y la migración": ""
    }
    with translation.override("fr"):
        [hit] = search("developpement").hits
    assert hit.snippet_language == "fr"


def test_english_text_of_a_translated_record_is_marked_english(client, records):
    translated, _english = records
    # An English-only column (the body: the description) of a translated practice.
    translated.description = "Diaspora associations co-finance the schools."
    translated.save()
    snippets = page_snippets(client, "/fr/search/", q="associations")
    assert snippets == {"Diaspora associations co-finance the schools": "en"}
    # The English summary, where the French one has no match.
    assert set(page_snippets(client, "/fr/search/", q="remittances").values()) == {"en"}


def test_the_excerpt_of_a_record_matched_elsewhere_says_its_language(client, records):
    # Matched by the title only: the snippet is the start of the summary as the page
    # shows it, French where the record has it, English where it has not.
    snippets = page_snippets(client, "/fr/search/", q="suivi")
    assert snippets == {
        "Le ministère rend compte chaque année du développement des envois de fonds": ""
    }
    assert page_snippets(client, "/fr/search/", q="bonds") == {
        "Bonds sold to the diaspora for infrastructure": "en"
    }


@pytest.mark.parametrize("words", ["diaspora", "remittances", "bonds", "monitoring"])
def test_an_english_page_never_marks_a_snippet(client, records, words):
    snippets = page_snippets(client, "/search/", q=words)
    assert snippets
    assert set(snippets.values()) == {""}


def test_a_passage_of_a_paper_is_english_on_a_french_page(client):
    passage = SourcePassageFactory(text="Seasonal workers send their savings home.")
    html = client.get("/fr/search/", {"q": "seasonal"}).content.decode()
    assert f'<a href="{passage.get_absolute_url()}" lang="en">' in html
    assert snippets_of(html) == {"Seasonal workers send their savings home": "en"}
    html = client.get("/search/", {"q": "seasonal"}).content.decode()
    assert f'<a href="{passage.get_absolute_url()}">' in html
    assert snippets_of(html) == {"Seasonal workers send their savings home": ""}


def test_the_practices_list_marks_an_english_snippet(client, records):
    snippets = page_snippets(client, "/fr/practices/", search="diaspora")
    assert snippets == {"Bonds sold to the diaspora for infrastructure": "en"}
    snippets = page_snippets(client, "/fr/practices/", search="développement")
    assert snippets == {
        "Le ministère rend compte chaque année du développement des envois de fonds": ""
    }
    assert set(page_snippets(client, "/practices/", search="diaspora").values()) == {""}


def test_highlight_says_the_language_of_each_snippet(records):
    translated, english = records
    with translation.override("fr"):
        snippets = highlight([translated, english], "envois diaspora")
    assert snippets[translated.pk].language == "fr"
    assert snippets[english.pk].language == "en"


def test_the_api_says_the_language_of_each_snippet(client, records):
    def languages(**params):
        body = client.get("/api/v1/search/", params).json()
        return {hit["key"]: hit["snippet_language"] for hit in body["results"]}

    translated, english = records
    assert languages(q="diaspora", lang="fr") == {english.slug: "en"}
    assert languages(q="developpement", lang="fr") == {translated.slug: "fr"}
    assert languages(q="remesas", lang="es") == {translated.slug: "es"}
    assert languages(q="remittances") == {translated.slug: "en"}


def test_the_schema_documents_the_snippet_s_language():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    field = schema["components"]["schemas"]["SearchHit"]["properties"]["snippet_language"]
    assert field["type"] == "string"
    assert "(en, fr, es)" in field["description"]


def test_a_short_word_is_not_the_prefix_of_unrelated_words():
    """French "Togo" is not `tog*` ("together"), nor Spanish "redes" `red*`
    ("reduction"); their own inflections are still found ("aide" and "aides")."""
    togo = PracticeFactory(title="Diaspora forum", title_fr="Forum de la diaspora du Togo")
    together = PracticeFactory(title="Ministries working together", summary="A reduction.")
    aides = PracticeFactory(title="Grants", title_fr="Des aides aux associations")
    redes = PracticeFactory(title="Networks", title_es="Una red de asociaciones")
    assert found("Togo", "fr") == [togo]
    assert found("aide", "fr") == [aides]
    assert found("redes", "es") == [redes]
    assert together not in found("reduccion redes", "es")
