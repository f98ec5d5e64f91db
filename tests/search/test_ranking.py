"""How results are ordered (issue 24): the words standing together, titles and summaries
before bodies, records before short passages on the same words. Runs on SQLite and on
PostgreSQL alike."""

import pytest
from django.utils import translation

from practices.models import Practice
from search import filter_queryset, ranked, search
from search.query import parse_query
from search.ranking import near_distance, proximity_terms
from tests.factories import (
    InstitutionFactory,
    PracticeFactory,
    SourcePassageFactory,
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


def listed(text):
    """The list searched by relevance, as the practices' page and API read it."""
    published = Practice.objects.published()
    return list(ranked(filter_queryset(published, text), text, records=published))


# The words standing together ---------------------------------------------------------


def test_the_words_as_a_phrase_rank_above_the_words_scattered():
    # The same words, as many times, in texts of the same length: only their places
    # differ. The scattered record is the older, which wins a tie.
    scattered = practice(
        "Development fund",
        summary="A fund for local projects.",
        description="Policy: " + FILLER + "coherence for " + FILLER + "development.",
    )
    together = practice(
        "Development fund",
        summary="A fund for local projects.",
        description="Policy coherence for development. " + FILLER + FILLER,
    )
    text = "policy coherence development"
    assert found(text) == [together, scattered]
    assert listed(text) == [together, scattered]


def test_the_phrase_ranks_first_whatever_the_order_the_records_were_added():
    together = practice("Labour office", description="Diaspora bonds for housing. " + FILLER)
    scattered = practice(
        "Labour office", description="Diaspora groups meet. " + FILLER + "Bonds are sold."
    )
    assert found("diaspora bonds") == [together, scattered]


def test_the_phrase_ranks_first_in_french_too():
    scattered = practice(
        "Fonds",
        summary="Le développement local. " + FILLER + "Une politique publique.",
    )
    together = practice("Fonds", summary="Une politique de développement. " + FILLER)
    with translation.override("fr"):
        assert found("politique développement") == [together, scattered]


def test_nearness_does_not_change_what_matches():
    practice("Policy coherence", description="Nothing about the third word.")
    both = practice("Policy coherence", description="Development, with " + FILLER)
    excluded = practice("Policy coherence for development", description="In Europe.")
    assert found("policy coherence development") == [excluded, both]
    assert found("policy coherence development -europe") == [both]


def test_the_words_whose_nearness_counts():
    assert proximity_terms(parse_query("remittances")) == ()
    assert proximity_terms(parse_query('"policy coherence"')) == ()
    terms = proximity_terms(parse_query("policy coherence for development -europe"))
    assert [term.text for term in terms] == ["policy", "coherence", "development"]
    assert [term.text for term in proximity_terms(parse_query("diaspora bonds OR loans"))] == [
        "diaspora",
        "bonds",
    ]
    assert near_distance(terms) >= 2  # "policy coherence FOR development"


# Titles and summaries --------------------------------------------------------------------


def test_a_title_match_ranks_above_a_body_match():
    in_body = practice(
        "Labour mobility partnership",
        description=FILLER + "It works with hometown associations of the diaspora.",
    )
    in_title = practice("Hometown associations of the diaspora", description=FILLER * 2)
    text = "diaspora hometown associations"
    assert found(text) == [in_title, in_body]
    assert listed(text) == [in_title, in_body]


def test_a_summary_match_ranks_above_a_body_match():
    in_body = practice("Labour office", description=FILLER + "Tontine savings groups.")
    in_summary = practice("Labour office", summary="Tontine savings groups.")
    assert found("tontine savings") == [in_summary, in_body]


# Short passages ----------------------------------------------------------------------------


def test_a_short_passage_does_not_outrank_a_record_with_the_words_in_its_title():
    # As in the papers: most passages are paragraphs, a few are a line of a list, and
    # a record's text is longer than most.
    for _ in range(5):
        SourcePassageFactory(text=FILLER * 2)
        practice("Labour office", summary="Advice.")
    record = practice(
        "Circular migration scheme for seasonal workers",
        summary="Seasonal workers come back every year under a bilateral agreement.",
        description=FILLER * 4,
    )
    passage = SourcePassageFactory(text="- circular migration")
    assert found("circular migration") == [record, passage]


def test_a_short_passage_does_not_outrank_an_institution_named_by_the_words():
    institution = InstitutionFactory(name="Diaspora Affairs Bureau", description=FILLER)
    passage = SourcePassageFactory(text="- diaspora affairs")
    assert found("diaspora affairs") == [institution, passage]


def test_a_passage_with_the_exact_phrase_still_outranks_records_with_the_words_scattered():
    scattered = practice(
        "Training fund",
        summary=FILLER,
        description="Return is planned. "
        + FILLER
        + "Skilled staff are hired. Workers are trained.",
    )
    passage = SourcePassageFactory(
        text="The return of skilled workers to their countries of origin, and the "
        "circulation of their skills, are part of policy coherence."
    )
    assert found("return skilled workers") == [passage, scattered]
