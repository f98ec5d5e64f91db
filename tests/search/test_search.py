"""What users of the search notice: what matches, in which order, with which snippet.
Runs on SQLite and on PostgreSQL alike."""

import pytest

from coherence.models import EditorialState
from coherence.passages import rebuild_passages
from practices.models import Practice
from search import SearchQueryError, filter_queryset, highlight, search
from search.snippets import START, STOP
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    RecommendationFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db

FILLER = (
    "The programme offers training, advice and small grants to local associations. "
    "A steering group meets every quarter to review progress and agree priorities. "
)


def practice(title, summary="Matches contributions with public funds.", description="", **kw):
    return PracticeFactory(title=title, summary=summary, description=description, **kw)


def found(text, **kwargs):
    return [hit.obj for hit in search(text, **kwargs).hits]


def test_a_title_hit_outranks_a_body_hit():
    in_body = practice(
        "Labour mobility partnership", description=FILLER + "It reaches the diaspora."
    )
    in_title = practice("Diaspora engagement office", description=FILLER * 2)
    assert found("diaspora") == [in_title, in_body]


def test_a_title_hit_outranks_a_body_hit_across_record_types():
    institution = InstitutionFactory(name="Diaspora Affairs Bureau", description=FILLER)
    body_hit = practice(
        "Labour mobility partnership", description=FILLER + "It reaches the diaspora."
    )
    assert found("diaspora") == [institution, body_hit]


def test_more_matched_words_rank_higher():
    one = practice("Hometown association grants", summary="Grants for hometown associations.")
    both = practice("Diaspora hometown associations", summary="Grants for diaspora associations.")
    assert found("diaspora OR hometown") == [both, one]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Lowering the cost of remittances", "remittance"),
        ("A remittance-linked savings scheme", "remittances"),
        ("Inter-ministerial committees on migration", "committee"),
        ("Engaging diaspora communities", "engage community"),
    ],
)
def test_words_are_stemmed(text, query):
    record = practice(text)
    assert found(query) == [record]


def test_a_phrase_matches_its_words_in_order_only():
    phrase = practice("Diaspora bonds for infrastructure")
    apart = practice("Bonds sold to the diaspora")
    assert found('"diaspora bonds"') == [phrase]
    assert set(found("diaspora bonds")) == {phrase, apart}


def test_a_phrase_across_a_hyphen():
    record = practice("An inter-ministerial committee on migration")
    practice("A committee of ministers")
    assert found('"inter-ministerial committee"') == [record]


def test_excluded_words_leave_records_out():
    mexico = practice("Remittances matched in Mexico")
    morocco = practice("Remittances invested in Morocco")
    assert found("remittances -Mexico") == [morocco]
    assert found('remittances -"matched in Mexico"') == [morocco]
    assert set(found("remittances")) == {mexico, morocco}


def test_or_matches_either():
    tontine = practice("Tontine savings groups")
    hawala = practice("Hawala transfers")
    practice("Diaspora bonds")
    assert set(found("tontine OR hawala")) == {tontine, hawala}


def test_or_binds_the_words_next_to_it():
    bonds = practice("Diaspora bonds")
    practice("Remittance bonds")
    transfers = practice("Diaspora transfers")
    assert set(found("diaspora bonds OR transfers")) == {bonds, transfers}


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Migrants from Côte d’Ivoire", "cote d'ivoire"),
        ("Migrants from Cote d'Ivoire", "Côte"),
        ("Returnees to São Tomé", "SAO TOME"),
        ("Zürich diaspora forum", "zurich"),
    ],
)
def test_accents_and_case_are_ignored(text, query):
    record = practice(text)
    assert found(query) == [record]


def test_practices_match_the_names_of_their_countries():
    morocco = CountryFactory(name="Morocco")
    record = practice("Diaspora remittances for local development", countries=[morocco])
    practice("Diaspora remittances for local development in Tunisia")
    assert found("diaspora remittances Morocco") == [record]


def test_snippets_highlight_the_matched_words():
    practice("Matching grants", summary="Migrants’ contributions are matched by public funds.")
    [hit] = search("migrant contribution").hits
    assert hit.snippet.startswith(
        "<mark>Migrants</mark>’ <mark>contributions</mark> are matched by public funds"
    )


def test_snippets_show_markup_in_the_data_as_text():
    record = practice(
        'Grants <script>alert("x")</script>',
        summary='Diaspora grants <b onclick="steal()">now</b> & more <mark>fake</mark>.',
        description=f"Text with the markers themselves: {START}x{STOP}.",
    )
    [hit] = search("diaspora grants").hits
    assert hit.obj == record
    assert hit.title == 'Grants <script>alert("x")</script>'  # plain text: templates escape it
    assert "<b" not in hit.snippet and "<script" not in hit.snippet
    assert "&lt;b onclick=&quot;steal()&quot;&gt;now&lt;/b&gt; &amp; more" in hit.snippet
    assert "&lt;mark&gt;fake" in hit.snippet
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>") == 2
    [snippet] = highlight([record], "markers").values()
    assert "<mark>markers</mark> themselves: x" in snippet
    assert snippet.count("<mark>") == 1


def test_a_record_that_matched_only_by_its_links_shows_the_match_in_its_keywords():
    record = practice("Matching grants", countries=[CountryFactory(name="Morocco")])
    [hit] = search("morocco").hits
    assert hit.obj == record
    assert "<mark>Morocco</mark>" in hit.snippet


def test_passage_hits_carry_their_source_and_locator():
    source = SourceDocumentFactory(slug="rt-3-2", short_title="RT 3.2")
    rebuild_passages(source)
    [hit] = search("Jamaican diaspora").hits
    assert hit.type == "passage"
    assert hit.obj.locator == "para. 3"
    assert hit.key == "rt-3-2#para-3"
    assert hit.title == "RT 3.2, para. 3"
    assert "<mark>Jamaican</mark> <mark>Diaspora</mark>" in hit.snippet


def test_hits_carry_type_key_title_and_a_float_score():
    records = {
        "practice": practice("Diaspora bonds"),
        "institution": InstitutionFactory(name="Diaspora Bureau", acronym="DB"),
        "tool": PolicyToolFactory(name="Diaspora engagement handbook"),
        "recommendation": RecommendationFactory(title="Involve the diaspora"),
    }
    results = search("diaspora")
    assert results.counts == {
        "practice": 1,
        "institution": 1,
        "tool": 1,
        "recommendation": 1,
        "passage": 0,
        "challenge": 0,
        "definition": 0,
        "event": 0,
    }
    assert results.total == 4
    by_type = {hit.type: hit for hit in results.hits}
    assert {t: hit.obj for t, hit in by_type.items()} == records
    assert by_type["practice"].key == records["practice"].slug
    assert by_type["institution"].key == records["institution"].slug
    assert by_type["recommendation"].key == str(records["recommendation"].pk)
    assert by_type["institution"].title == "Diaspora Bureau (DB)"
    scores = [hit.score for hit in results.hits]
    assert all(isinstance(score, float) and score > 0 for score in scores)
    assert scores == sorted(scores, reverse=True)


def test_types_restrict_the_search():
    practice("Diaspora bonds")
    institution = InstitutionFactory(name="Diaspora Bureau")
    results = search("diaspora", types=["institution"])
    assert [hit.obj for hit in results.hits] == [institution]
    assert results.counts == {"institution": 1}


def test_an_unknown_type_is_refused_with_a_clear_message():
    with pytest.raises(SearchQueryError, match="Unknown record type “country”"):
        search("diaspora", types=["country"])


def test_unpublished_records_are_not_found_by_default():
    practice("Diaspora bonds", editorial_state=EditorialState.DRAFT)
    InstitutionFactory(name="Diaspora Bureau", editorial_state=EditorialState.IN_REVIEW)
    assert search("diaspora").total == 0


def test_querysets_restrict_a_type():
    morocco = CountryFactory(iso3="MAR")
    in_morocco = practice("Diaspora bonds", countries=[morocco])
    practice("Diaspora bonds elsewhere")
    draft = practice("Diaspora draft", editorial_state=EditorialState.DRAFT)
    assert found("diaspora", querysets={"practice": Practice.objects.for_countries(["MAR"])}) == [
        in_morocco
    ]
    assert draft in found("diaspora", querysets={"practice": Practice.objects.all()})


def test_limit_and_offset_page_through_the_ranked_hits():
    for n in range(5):
        practice(f"Diaspora bonds {n}", summary="diaspora " * (5 - n))
    InstitutionFactory(name="Diaspora Bureau")
    everything = search("diaspora", limit=10)
    assert everything.total == 6
    pages = [search("diaspora", limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [hit.obj for page in pages for hit in page.hits] == [h.obj for h in everything.hits]
    assert all(page.total == 6 for page in pages)
    assert search("diaspora", limit=2, offset=6).hits == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "the of",
        '"',
        '""',
        "OR",
        "-",
        "- OR -",
        "-diaspora",
        "\x00",
        "diaspora\x00bonds",
        "\x1b[31m diaspora",
        "!!!",
        "*",
        "diaspora*",
        "NEAR(diaspora bonds)",
        "title:diaspora",
        "{title summary}: diaspora",
        "diaspora AND NOT bonds",
        "^diaspora",
        "diaspora + bonds",
        "(((diaspora",
        "diaspora'); DROP TABLE practices_practice; --",
        "'",
        "\\",
        "移民",
        "الهجرة",
        "😀 diaspora",
        "a" * 300,
    ],
)
def test_odd_input_is_answered_without_error(text):
    record = practice("Diaspora bonds", summary="Diaspora bonds fund infrastructure.")
    results = search(text)
    assert results.total == len(results.hits) <= 1
    assert {hit.obj for hit in results.hits} <= {record}
    matched = filter_queryset(Practice.objects.all(), text)
    assert set(matched) <= {record}
    assert set(highlight([record], text)) == {record.pk}


def test_injected_fts5_syntax_is_searched_as_words():
    record = practice("Diaspora bonds", summary="Bonds sold near diaspora hubs; title deeds.")
    assert found("NEAR(diaspora bonds)") == [record]
    assert found("title:deeds") == [record]
    assert found("diaspora AND NOT bonds") == [record]  # "and" and "not" are stop words


def test_other_scripts_are_found():
    record = practice("Миграция и развитие", summary="Programme 移民 for migrants.")
    assert found("миграция") == [record]
    assert found("移民") == [record]


def test_a_query_over_500_characters_is_refused():
    with pytest.raises(SearchQueryError, match="limited to 500 characters"):
        search("diaspora " * 60)
    with pytest.raises(SearchQueryError):
        filter_queryset(Practice.objects.all(), "x" * 501)


def test_an_empty_query_finds_nothing():
    practice("Diaspora bonds")
    results = search("the")
    assert results.query.is_empty
    assert results.hits == [] and results.total == 0
    assert list(filter_queryset(Practice.objects.all(), "the")) == []


def test_passages_are_indexed_without_their_markdown():
    source = SourceDocumentFactory(text="### Key drivers of **policy coherence**\n\nText.\n")
    rebuild_passages(source)
    # The paragraph under the heading matches too, by its locator.
    snippets = {hit.obj.locator: hit.snippet for hit in search("drivers").hits}
    assert snippets == {
        "Key drivers of policy coherence": "Key <mark>drivers</mark> of policy coherence",
        "Key drivers of policy coherence, paragraph 1": "Text.",
    }
