"""The query language, parsed without a database."""

import pytest

from search import MAX_QUERY_LENGTH, SearchQueryError, Term, parse_query


def terms(*words):
    return tuple(Term(w.strip('"'), phrase=w.startswith('"')) for w in words)


def test_words_must_all_match():
    query = parse_query("diaspora remittances Morocco")
    assert query.groups == (terms("diaspora"), terms("remittances"), terms("Morocco"))
    assert query.excluded == ()


def test_quoted_words_are_a_phrase():
    query = parse_query('"inter-ministerial committee" -Europe')
    assert query.groups == (terms('"inter-ministerial committee"'),)
    assert query.excluded == terms("Europe")


def test_or_binds_the_words_next_to_it():
    query = parse_query("bonds remittances OR transfers")
    assert query.groups == (terms("bonds"), terms("remittances", "transfers"))
    assert str(query) == "bonds (remittances OR transfers)"


def test_or_in_lower_case_is_an_operator_as_in_websearch_to_tsquery():
    assert parse_query("trade or aid").groups == (terms("trade", "aid"),)


def test_or_chains_phrases_and_words():
    query = parse_query('diaspora "hometown association" OR bonds OR tontine')
    assert query.groups == (terms("diaspora"), terms('"hometown association"', "bonds", "tontine"))


def test_a_minus_inside_an_or_group_is_ignored():
    assert parse_query("bonds OR -remittances").groups == (terms("bonds", "remittances"),)


def test_hyphenated_words_are_words_not_exclusions():
    assert parse_query("co-development").groups == (terms("co-development"),)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "the",
        "The of AND",
        '"the of"',
        "OR",
        "OR OR",
        "-",
        "- -",
        '"',
        '""',
        '" "',
        "!!! ??? ***",
        "\x00\x01\x1f",
        "-Europe",
        "-Europe -Asia",
        "don't",
    ],
)
def test_nothing_searchable_gives_an_empty_query(text):
    assert parse_query(text).is_empty


def test_stop_words_are_dropped_case_and_accents_aside():
    assert parse_query("Thé diaspora OF").groups == (terms("diaspora"),)


def test_lone_operators_are_dropped():
    assert str(parse_query("OR diaspora - OR")) == "diaspora"
    assert str(parse_query("diaspora OR OR bonds")) == "(diaspora OR bonds)"


def test_an_unclosed_quote_runs_to_the_end():
    assert parse_query('remittances "hometown associ').groups == (
        terms("remittances"),
        terms('"hometown associ"'),
    )


def test_control_characters_and_nul_bytes_become_spaces():
    query = parse_query("diaspora\x00bonds\tremit\x07tances\u200b")
    assert query.groups == (terms("diaspora"), terms("bonds"), terms("remit"), terms("tances"))


def test_other_scripts_are_searchable_words():
    assert parse_query("移民 الهجرة миграция").groups == (
        terms("移民"),
        terms("الهجرة"),
        terms("миграция"),
    )


def test_repeated_terms_are_kept_once():
    assert str(parse_query("bonds bonds -x -x")) == "bonds -x"


def test_a_query_of_the_maximum_length_is_accepted():
    text = "x" * (MAX_QUERY_LENGTH - 9) + " diaspora"
    assert len(text) == MAX_QUERY_LENGTH
    assert not parse_query(text).is_empty


def test_a_query_over_the_maximum_length_is_refused_with_a_clear_message():
    with pytest.raises(SearchQueryError) as error:
        parse_query("diaspora " * 60)
    assert str(error.value) == (
        "Your search is 539 characters long; searches are limited to 500 characters. "
        "Please shorten it."
    )
    assert isinstance(error.value, ValueError)


def test_none_is_an_empty_query():
    assert parse_query(None).is_empty
