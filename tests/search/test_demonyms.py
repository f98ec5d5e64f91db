"""Countries and their peoples in the thesaurus (issue 24): the seed thesaurus has an
entry per country of the seed's practices, with its names and its demonyms (the name of
its people, the adjective) in English, French and Spanish, so that "diaspora mexicaine"
finds the records that say "Mexique", "Mexico" or "Mexicans". Runs on SQLite and on
PostgreSQL alike."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from search import search
from search import thesaurus as thesaurus_module
from search.models import ThesaurusEntry, ThesaurusTerm
from search.seeding import load_thesaurus_file, read_thesaurus
from search.thesaurus import key_words
from tests.factories import CountryFactory, PracticeFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.FIXTURES_ROOT)
THESAURUS = FIXTURES / "thesaurus.json"
LANGUAGES = ("en", "fr", "es")


@pytest.fixture(autouse=True)
def forget_thesaurus():
    """The thesaurus is cached per thread and data version: none from another test."""
    thesaurus_module._cache.__dict__.clear()
    yield
    thesaurus_module._cache.__dict__.clear()


@pytest.fixture
def seeded(tmp_path):
    """The seed thesaurus's entries that these searches use, as the seed has them (the
    whole file takes seconds to load: `test_the_seed_thesaurus_loads_with_its_demonyms`
    loads it)."""
    used = {"diaspora", "Mexico", "Morocco", "Democratic Republic of the Congo"}
    document = json.loads(THESAURUS.read_text(encoding="utf-8"))
    document["entries"] = [entry for entry in document["entries"] if entry["label"] in used]
    assert len(document["entries"]) == len(used)
    subset = tmp_path / "thesaurus.json"
    subset.write_text(json.dumps(document), encoding="utf-8")
    load_thesaurus_file(subset)


def found(text, language="en"):
    with translation.override(language):
        return {hit.obj for hit in search(text, types=["practice"]).hits}


@pytest.fixture
def mexico():
    return CountryFactory(iso3="MEX", name="Mexico", name_fr="Mexique", name_es="México")


@pytest.fixture
def records(mexico):
    return {
        # The French text says "Mexique", the English one neither "Mexico" nor "Mexican".
        "french": PracticeFactory(
            title="Network of talents abroad",
            summary="Links the diaspora's skilled people with universities at home.",
            title_fr="Réseau des talents à l'étranger",
            summary_fr="Relie les membres qualifiés de la diaspora aux universités du Mexique.",
        ),
        # The English text says "Mexicans", there is no French.
        "english": PracticeFactory(
            title="Three per One",
            summary="Matches the projects of Mexicans in the diaspora with public funds.",
        ),
        # Neither says it: the country it is linked to does (the document's keywords).
        "country": PracticeFactory(
            title="Consular identity cards",
            summary="Identity documents for the diaspora, accepted by banks.",
            countries=[mexico],
        ),
        "morocco": PracticeFactory(
            title="Hassan II Foundation",
            summary="Informs the diaspora about investment opportunities in Morocco.",
            summary_fr="Informe la diaspora sur les possibilités d'investissement au Maroc.",
        ),
        "other": PracticeFactory(title="Diaspora bonds", summary="Bonds for infrastructure."),
    }


def test_without_the_country_entries_a_demonym_finds_only_itself(records):
    assert found("diaspora mexicaine", "fr") == set()


def test_a_french_demonym_finds_the_country_however_the_records_name_it(seeded, records):
    assert found("diaspora mexicaine", "fr") == {
        records["french"],
        records["english"],
        records["country"],
    }


def test_an_english_demonym_finds_the_country(seeded, records):
    assert found("Moroccan diaspora") == {records["morocco"]}
    # (An English query reads the English text: the French summary is not searched.)
    assert found("Mexican diaspora") == {records["english"], records["country"]}


def test_a_country_finds_its_demonyms_and_a_spanish_demonym_the_others(seeded, records):
    assert records["english"] in found("Mexico diaspora")
    assert found("diáspora marroquí", "es") == {records["morocco"]}


def test_the_results_say_which_country_a_demonym_was_read_as(seeded):
    with translation.override("fr"):
        results = search("diaspora mexicaine", types=["practice"])
    alternatives = {
        text for expansion in results.understood.expansions for text in expansion.alternatives
    }
    # ("México" is "Mexico" once accents are set aside: searched once.)
    assert {"Mexico", "Mexique", "Mexican", "mexicano"} <= alternatives


def test_an_ambiguous_demonym_does_not_expand(seeded):
    congo = PracticeFactory(title="Diaspora support", summary="Projects in Kinshasa, DR Congo.")
    PracticeFactory(title="Congolese diaspora", summary="Links with Brazzaville.")
    # "Congolese" may be the Republic of the Congo's people: it does not bring in the DRC.
    assert congo not in found("Congolese diaspora")
    # The Democratic Republic's own names do.
    assert congo in found("diaspora République démocratique du Congo", "fr")


# The seed --------------------------------------------------------------------------------


def test_the_seed_thesaurus_loads_with_its_demonyms():
    load_thesaurus_file(THESAURUS)
    mexico = ThesaurusEntry.objects.get(label="Mexico")
    demonyms = mexico.terms.filter(kind=ThesaurusTerm.Kind.DEMONYM)
    assert set(demonyms.values_list("text", "language")) >= {
        ("Mexican", "en"),
        ("mexicain", "fr"),
        ("mexicaine", "fr"),
        ("mexicano", "es"),
        ("mexicana", "es"),
    }
    assert set(
        mexico.terms.exclude(kind=ThesaurusTerm.Kind.DEMONYM).values_list("text", flat=True)
    ) == {
        "Mexico",
        "Mexique",
        "México",
    }
    assert ThesaurusTerm.objects.filter(kind="demonym").count() > 150
    assert str(ThesaurusTerm.Kind.DEMONYM.label) == "name of the people or adjective of a country"


def _records(pattern: str) -> list[dict]:
    return [
        record
        for path in sorted(FIXTURES.glob(pattern))
        for record in json.loads(path.read_text(encoding="utf-8"))["records"]
    ]


def _words(text: str) -> str:
    """The words of a name, folded, one space between ("Côte d’Ivoire": "cote d ivoire")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[^\W_]+", folded))


def test_every_country_of_the_seeds_practices_has_its_names_and_demonyms():
    entries = read_thesaurus(THESAURUS)
    countries = {record["iso3"]: record for record in _records("reference/countries.json")}
    with_practices = {
        link["iso3"] if isinstance(link, dict) else link
        for practice in _records("knowledge/*/practices.json")
        for link in practice.get("countries", [])
    }
    assert len(with_practices) >= 50
    for iso3 in sorted(with_practices):
        country = countries[iso3]
        name = country["name"]
        [entry] = [e for e in entries if name == e["label"] or name.startswith(e["label"] + " ")]
        terms = entry["terms"]
        for language in LANGUAGES:
            demonyms = [
                t for t in terms if t["kind"] == "demonym" and t["language"] in (language, "any")
            ]
            assert demonyms, f"{name}: no demonym in {language}"
        # The record's name in each language holds one of the entry's names, so that the
        # entry reaches the country's records through their keywords.
        names = [_words(t["text"]) for t in terms if t["kind"] != "demonym"]
        for field in ("name", "name_fr", "name_es"):
            if country.get(field):
                record_name = f" {_words(country[field])} "
                assert any(f" {n} " in record_name for n in names), f"{name}: {field}"


def test_an_expanding_expression_belongs_to_one_entry_only():
    """Were an expression in two entries, searching it would bring in both: none is,
    in any of the languages a query is read in (ambiguous ones do not expand)."""
    owners: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for entry in read_thesaurus(THESAURUS):
        for term in entry["terms"]:
            if not term.get("expands", True):
                continue
            for language in LANGUAGES:
                if key := key_words(term["text"], language):
                    owners.setdefault((language, key), set()).add(entry["label"])
    shared = {key: labels for key, labels in owners.items() if len(labels) > 1}
    assert shared == {}


def test_no_country_entry_is_cut_short_and_no_common_word_expands():
    entries = {entry["label"]: entry for entry in read_thesaurus(THESAURUS)}
    for entry in entries.values():
        if any(term["kind"] == "demonym" for term in entry["terms"]):
            # A search adds at most MAX_ALTERNATIVES of an entry's other expressions.
            assert len(entry["terms"]) <= thesaurus_module.MAX_ALTERNATIVES + 1
    expanding = {
        term["text"]
        for entry in entries.values()
        if any(term["kind"] == "demonym" for term in entry["terms"])
        for term in entry["terms"]
        if term.get("expands", True)
    }
    for ambiguous in ("Congo", "Congolese", "Korea", "Korean", "Swede", "Dane", "DRC"):
        assert ambiguous not in expanding
