from coherence.text import contains_quote, normalize


def test_normalize_joins_words_hyphenated_across_lines_and_collapses_space():
    assert (
        normalize("development-\n relevant   policy\nareas") == "development-relevant policy areas"
    )


def test_normalize_drops_markdown_and_footnote_markers_but_keeps_typography():
    text = "the **EU mobility partnerships**<sup>13</sup> – “exemplary” in [this](http://x) sense"
    assert normalize(text) == "the EU mobility partnerships – “exemplary” in this sense"


def test_normalize_treats_no_break_spaces_as_spaces():
    assert normalize("The\xa0three\xa0sessions") == "The three sessions"


def test_contains_quote_refuses_an_empty_quote():
    assert not contains_quote("anything", "   ")
