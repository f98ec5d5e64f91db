"""How close the words typed stand, read from the words a database marked in a record's
text (issue 24: SQLite's proximity, `search.ranking.Closeness`). No database needed."""

from search.query import parse_query
from search.ranking import PROXIMITY, Closeness, occurrences, shortest_cover, with_proximity

START, STOP = "[", "]"


def closeness(text, *texts, query="policy coherence development"):
    return Closeness(parse_query(query), START, STOP)([text, *texts])


def test_the_words_as_a_phrase_are_closest_whatever_their_order_and_small_words():
    assert closeness("[Policy] [coherence] for [development].") == 1.0
    assert closeness("[Development] [policy] [coherence] is the aim.") == 1.0


def test_each_other_word_among_them_lowers_their_closeness():
    assert closeness("[Policy] [coherence] and local [development].") == 1 / 2
    assert closeness("[Policy] [coherence] and local rural [development].") == 1 / 3


def test_scattered_or_missing_words_are_not_close():
    assert (
        closeness(
            "[Policy] is set by a steering group. Its [coherence] is reviewed yearly, "
            "with a report on [development]."
        )
        == 0
    )
    assert closeness("[Policy] [coherence] only.") == 0
    assert closeness("Nothing marked here.") == 0


def test_the_shortest_stretch_counts_and_the_best_text_of_the_record():
    text = "[Policy] then some other words, [coherence] and [policy] [development] again."
    assert closeness(text) == 1  # "coherence and policy development"
    assert (
        closeness("[Policy] is set, far from [coherence].", "[policy] [coherence] [development]")
        == 1
    )


def test_marked_tokens_are_matched_to_the_words_typed_by_their_stem():
    # The database marks "policies" for "policy" (Porter stems): a repeated word is not
    # the missing one.
    assert closeness("[Policies] and [policy] [development].") == 0
    assert closeness("[Policies] [cohere] with [developing] plans.") == 1


def test_an_exact_phrase_counts_as_one_term_of_its_length():
    query = parse_query('"diaspora bonds" remittances')
    marked = Closeness(query, START, STOP)
    assert marked(["[Remittances] and [diaspora bonds] for housing."]) == 1
    assert marked(["[Diaspora bonds], sold abroad, and [remittances]."]) == 1 / 3


def test_alternatives_typed_with_or_are_not_counted_as_the_words():
    query = parse_query("diaspora bonds OR loans")
    marked = Closeness(query, START, STOP)
    assert marked(["[Diaspora] [loans] are small."]) == 0
    assert marked(["[Diaspora] [bonds] are small."]) == 1


def test_positions_and_shortest_cover():
    query = parse_query("remittances cost")
    marked = Closeness(query, START, STOP)
    text = "[Remittances] have a high [cost]; the [cost] of [remittances]."
    # Small words ("have", "a", "the", "of") are not counted.
    found = occurrences(text, marked.words, START, STOP, marked.small)
    assert [(first, term) for first, _, term in found] == [(0, 0), (2, 1), (3, 1), (4, 0)]
    assert shortest_cover(found, 2) == 2
    assert shortest_cover(found[:1], 2) is None


def test_only_the_rows_tested_are_sorted_again_and_none_goes_down():
    rows = [(1, 3.0), (2, 2.0), (3, 1.5), (4, 1.0)]
    assert with_proximity(rows, {2: 1.0}, 3) == [
        (2, 2.0 * (1 + PROXIMITY)),
        (1, 3.0),
        (3, 1.5),
        (4, 1.0),
    ]
    # The fourth row is not tested: it stays below the tested ones.
    assert with_proximity(rows, {4: 1.0}, 3) == rows
