"""The thesaurus (issue 24): a word or phrase of a query that is an expression of a
thesaurus entry finds the entry's other expressions too, in every language and on both
databases, with the words' AND kept; editors curate it in the admin; the seed fixture
loads it. Runs on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from practices.models import Practice
from search import filter_queryset, parse_query, search
from search import thesaurus as thesaurus_module
from search.models import ThesaurusEntry, ThesaurusTerm
from search.seeding import load_thesaurus_file, read_thesaurus
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_thesaurus():
    """The thesaurus is cached per thread and data version: none from another test."""
    thesaurus_module._cache.__dict__.clear()
    yield
    thesaurus_module._cache.__dict__.clear()


def entry(label, *terms, **kwargs):
    """A thesaurus entry of (text, language, kind[, expands]) terms, or plain texts."""
    group = ThesaurusEntry.objects.create(label=label, **kwargs)
    for term in terms:
        text, language, kind, *expands = (term, "any", "synonym") if isinstance(term, str) else term
        ThesaurusTerm.objects.create(
            entry=group,
            text=text,
            language=language,
            kind=kind,
            expands=expands[0] if expands else True,
        )
    return group


@pytest.fixture
def thesaurus():
    return [
        entry(
            "remittances",
            ("remittances", "en", "synonym"),
            ("money sent home", "en", "synonym"),
            ("envois de fonds", "fr", "translation"),
            ("remesas", "es", "translation"),
        ),
        entry("labour", ("labour", "en", "variant"), ("labor", "en", "variant")),
        entry(
            "policy coherence for development",
            ("PCD", "any", "acronym"),
            ("policy coherence for development", "en", "expansion"),
        ),
        entry(
            "inter-ministerial committee",
            ("inter-ministerial committee", "en", "synonym"),
            ("interministerial committee", "en", "variant"),
            ("task force", "en", "narrower", False),
        ),
        entry(
            "co-development",
            ("co-development", "en", "variant"),
            ("codevelopment", "en", "variant"),
            ("codéveloppement", "fr", "translation"),
        ),
    ]


@pytest.fixture
def records():
    return {
        "remittances": PracticeFactory(
            title="Lower remittance costs", summary="Cheaper remittances to Mexico."
        ),
        "labour": PracticeFactory(title="Labour migration office", summary="Placement abroad."),
        "pcd": PracticeFactory(
            title="A policy coherence for development report", summary="Every two years."
        ),
        "committee": PracticeFactory(
            title="Migration and development committee",
            summary="An inter-ministerial committee meets monthly.",
        ),
        "task force": PracticeFactory(
            title="A task force on migration", summary="Ministries meet every month."
        ),
        "codev": PracticeFactory(
            title="Codéveloppement",
            summary="Support to migrants' projects at home.",
            title_fr="Le codéveloppement",
        ),
        "other": PracticeFactory(title="Diaspora bonds", summary="Bonds for infrastructure."),
    }


def found(text, language="en", **kwargs):
    with translation.override(language):
        return {hit.obj for hit in search(text, types=["practice"], **kwargs).hits}


def test_a_synonym_phrase_finds_the_records_of_its_equivalents(thesaurus, records):
    assert found("money sent home") == {records["remittances"]}


def test_the_other_words_must_still_be_found(thesaurus, records):
    assert found("money sent home Mexico") == {records["remittances"]}
    assert found("money sent home Morocco") == set()


def test_an_acronym_finds_its_expansion_and_back(thesaurus, records):
    assert found("PCD") == {records["pcd"]}
    assert found("pcd") == {records["pcd"]}
    PracticeFactory(title="PCD in practice", summary="Acronym only.")
    assert len(found("policy coherence for development")) == 2


def test_a_spelling_variant_finds_the_other(thesaurus, records):
    assert found("labor") == {records["labour"]}
    assert found("codevelopment") == {records["codev"]}
    assert found("co-development") == {records["codev"]}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_translation_finds_the_records_in_every_language(thesaurus, records, language):
    assert records["remittances"] in found("remesas", language)
    assert records["remittances"] in found("envois de fonds", language)


def test_an_english_word_on_the_spanish_site_finds_the_spanish_text(thesaurus):
    spanish = PracticeFactory(
        title="Financial education", summary="Courses.", summary_es="Cursos sobre las remesas."
    )
    assert found("remittances", "es") == {spanish}


def test_a_broader_expression_is_found_but_does_not_expand(thesaurus, records):
    assert found("inter-ministerial committee") == {records["committee"], records["task force"]}
    assert found("interministerial committee") == {records["committee"], records["task force"]}
    assert found("task force") == {records["task force"]}


def test_a_quoted_phrase_and_an_excluded_word_are_searched_as_typed(thesaurus, records):
    assert found('"money sent home"') == set()
    assert found("remittances -remesas") == {records["remittances"]}


def test_the_results_say_what_was_expanded(thesaurus, records):
    results = search("remesas", types=["practice"])
    [expansion] = results.understood.expansions
    assert expansion.typed == "remesas"
    assert "remittances" in expansion.alternatives


def test_filter_queryset_expands_too(thesaurus, records):
    matched = filter_queryset(Practice.objects.published(), "remesas")
    assert set(matched) == {records["remittances"]}


def test_the_expanded_query_keeps_and_between_groups(thesaurus):
    with translation.override("en"):
        query, _expansions = thesaurus_module.current().expand(
            parse_query("money sent home migrants")
        )
    assert len(query.groups) == 4
    assert all(any(t.text == "remittances" for t in group) for group in query.groups[:3])
    assert [t.text for t in query.groups[3]] == ["migrants"]


def test_an_inactive_entry_is_not_used(thesaurus, records):
    ThesaurusEntry.objects.filter(label="labour").update(active=False)
    # `update()` sends no signal: a save does, which is what the admin does.
    ThesaurusEntry.objects.get(label="labour").save()
    # (Forgiving, as the pages are, "labor" would be corrected to "labour".)
    assert found("labor") == set()


def test_the_thesaurus_edited_in_the_admin_takes_effect_on_the_next_search(admin_client, records):
    assert found("migrant money") == set()
    response = admin_client.post(
        reverse("admin:search_thesaurusentry_add"),
        {
            "label": "remittances",
            "active": "on",
            "source": "IOM Glossary on Migration",
            "source_url": "",
            "note": "",
            "terms-TOTAL_FORMS": "2",
            "terms-INITIAL_FORMS": "0",
            "terms-MIN_NUM_FORMS": "0",
            "terms-MAX_NUM_FORMS": "1000",
            "terms-0-text": "migrant money",
            "terms-0-language": "en",
            "terms-0-kind": "synonym",
            "terms-0-expands": "on",
            "terms-1-text": "remittances",
            "terms-1-language": "en",
            "terms-1-kind": "synonym",
            "terms-1-expands": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found("migrant money") == {records["remittances"]}


def test_the_admin_lists_and_shows_the_entries(admin_client, thesaurus):
    changelist = admin_client.get(reverse("admin:search_thesaurusentry_changelist"), {"q": "rem"})
    assert changelist.status_code == 200
    assert "money sent home" in changelist.content.decode()
    change = admin_client.get(reverse("admin:search_thesaurusentry_change", args=[thesaurus[0].pk]))
    assert change.status_code == 200


def test_the_constraints_are_named_and_enforced(thesaurus):
    with pytest.raises(IntegrityError), transaction.atomic():
        ThesaurusTerm.objects.create(entry=thesaurus[0], text="remesas", language="es")
    with pytest.raises(IntegrityError), transaction.atomic():
        ThesaurusTerm.objects.create(entry=thesaurus[0], text="x", language="de")
    with pytest.raises(IntegrityError), transaction.atomic():
        ThesaurusEntry.objects.create(label="remittances")


def test_the_api_reports_the_expansion(thesaurus, records):
    body = APIClient().get("/api/v1/search/", {"q": "remesas"}).json()
    assert body["count"] >= 1
    assert body["expanded"][0]["typed"] == "remesas"
    expanded = body["expanded"][0]
    assert "remittances" in expanded["alternatives"]
    languages = dict(zip(expanded["alternatives"], expanded["languages"], strict=True))
    assert languages["remittances"] == "en"
    assert body["corrected_query"] is None and body["dropped"] == []


def test_the_search_page_says_what_was_also_searched(client, thesaurus, records):
    page = client.get(reverse("coherence:search"), {"q": "remesas"}).content.decode()
    assert "Also searched for:" in page
    assert "Lower remittance costs" in page


FIXTURE = Path(settings.FIXTURES_ROOT) / "thesaurus.json"


def test_the_seed_thesaurus_is_valid_and_cites_its_sources():
    entries = read_thesaurus(FIXTURE)
    assert len(entries) >= 60
    with_sources = [e for e in entries if e.get("source")]
    assert len(with_sources) >= 0.8 * len(entries)
    labels = {e["label"] for e in entries}
    for needed in (
        "remittances",
        "brain drain",
        "co-development",
        "Commission on Filipinos Overseas",
    ):
        assert needed in labels


def test_the_seed_thesaurus_loads_once_and_serves_the_issues_examples():
    line = load_thesaurus_file(FIXTURE)
    assert "created" in line
    again = load_thesaurus_file(FIXTURE)
    assert again.endswith(
        f"(0 created, {len(json.loads(FIXTURE.read_text())['entries'])} kept as they are)"
    )
    remittances = PracticeFactory(title="Remittances to Mexico", summary="Cheaper transfers.")
    cfo = PracticeFactory(title="Commission on Filipinos Overseas", summary="Diaspora links.")
    drain = PracticeFactory(title="Fighting the fuite des cerveaux", summary="Skilled emigration.")
    # No record has "migrants": the pages leave it out.
    assert remittances in found("money sent home by migrants", forgiving=True)
    assert remittances in found("remesas")
    assert cfo in found("CFO")
    assert drain in found("brain drain")


def test_expressions_that_differ_by_a_small_word_are_both_searched():
    entry(
        "Commission on Filipinos Overseas",
        ("CFO", "any", "acronym"),
        ("Commission on Filipinos Overseas", "en", "expansion"),
        ("Commission for Filipinos Overseas", "en", "variant"),
    )
    record = PracticeFactory(
        title="Naga City", summary="Works through the Commission for Filipinos Overseas."
    )
    assert found("CFO") == {record}


def test_the_alternatives_in_another_language_than_the_page_say_theirs(client, thesaurus, records):
    page = client.get("/fr/search/", {"q": "remesas"}).content.decode()
    box = page[page.index("search-understood__expanded") :]
    box = box[: box.index("</p>")]
    assert '<span lang="en">remittances</span>' in box
    assert '<span lang="en">money sent home</span>' in box
    # French on a French page, and the typed word, are not marked.
    assert "envois de fonds" in box and '<span lang="fr">' not in box


def test_an_expansion_knows_the_language_of_each_alternative(thesaurus):
    with translation.override("es"):
        _query, (expansion,) = thesaurus_module.current().expand(parse_query("remesas"))
    assert dict(expansion.labelled())["envois de fonds"] == "fr"
    assert dict(expansion.labelled())["remittances"] == "en"
