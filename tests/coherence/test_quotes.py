"""Quote verification reads a paper as its source reader shows it: a quote that crosses
a page break, a footnote or a hyphenated line break in the raw text is accepted; one with
words the paper lacks, or stitched from two places, is refused, naming the nearest passage."""

from coherence.quotes import locate, nearest, reading_forms, refusal
from coherence.splitting import split_passages

# In the shape of the 2008 background paper (a PDF conversion): a paragraph cut by a page
# break, with the page's footnote and number in between, and a word hyphenated across a
# line break.
PDF_PAPER = (
    " 2.1.1 Inclusion of migration issues \n"
    " \n"
    "Mexico has implemented several programs to promote the development effects of remittances,\n"
    "one of which is called “Three per One”(3x1). The program adds up the financial\n"
    "contributions of Home Town Associations. For each peso provided by the migrants, the Federal\n"
    "Government adds one, the State Government another peso and the Local Government another one\n"
    "\n" + " " * 49 + "\n"
    "4 The main background paper prepared by the organizers of Roundtable 3.2 provides an review of\n"
    "PRSPs that were submitted or revised since the Brussels GFMD. \n"
    "7\n"
    " to create a 3x1 structure. It also requires political will to address migration in development-\n"
    "relevant policy areas, which the paper explains at some length.\n"
    " \n"
    " Approximately half (26 out of 53) of the States indicated they have a national plan.\n"
)

# In the shape of the 2017 paper (a Markdown conversion): footnote markers, emphasis, a
# lead-in and its list.
MARKDOWN_PAPER = """## Examples

The **Colombo Process**<sup>14</sup> (CP) is another case of regional progress.

Such examples include:

- the **White Paper** – published by JMIDI;
- My JMIDI Toolbox.

<sup>14</sup> [http://www.colomboprocess.org](http://www.colomboprocess.org)
"""

THREE_PER_ONE = (
    "For each peso provided by the migrants, the Federal Government adds one, the State "
    "Government another peso and the Local Government another one to create a 3x1 structure."
)


def passages(text=PDF_PAPER):
    return split_passages(text)


def test_a_quote_across_a_page_break_and_its_footnote_is_accepted():
    found = locate(passages(), THREE_PER_ONE)
    assert found is not None
    assert passages()[found].text.startswith("Mexico has implemented")


def test_the_raw_text_across_the_footnote_is_refused():
    # Contiguous in the converted file, never in one passage the reader shows.
    assert locate(passages(), "the Local Government another one 4 The main background") is None


def test_a_word_hyphenated_across_a_line_break_is_read_joined():
    assert locate(passages(), "political will to address migration in development-relevant policy")
    forms = reading_forms("in development-\nrelevant policy areas")
    assert all("development-relevant" in form for form in forms)


def test_a_footnote_marker_may_be_kept_as_the_reader_shows_it_or_left_out():
    shown = split_passages(MARKDOWN_PAPER)
    assert locate(shown, "The Colombo Process14 (CP) is another case")
    assert locate(shown, "The Colombo Process (CP) is another case")
    assert locate(shown, "The **Colombo Process**<sup>14</sup> (CP)")


def test_a_list_reads_without_its_bullets_and_runs_on_from_its_lead_in():
    shown = split_passages(MARKDOWN_PAPER)
    lead_in = locate(shown, "Such examples include: the White Paper – published by JMIDI;")
    assert shown[lead_in].text == "Such examples include:"
    assert locate(shown, "- the **White Paper** – published by JMIDI;") is not None


def test_a_quote_runs_into_no_footnote():
    shown = split_passages(MARKDOWN_PAPER)
    assert locate(shown, "My JMIDI Toolbox. http://www.colomboprocess.org") is None


def test_a_quote_stitched_from_two_places_is_refused():
    stitched = "to create a 3x1 structure. Approximately half (26 out of 53) of the States"
    assert locate(passages(), stitched) is None
    assert locate(passages(), "Approximately half (26 out of 53) of the States") is not None


def test_words_the_paper_does_not_have_are_refused_and_typography_counts():
    assert locate(passages(), "For each dollar provided by the migrants") is None
    assert locate(passages(), 'one of which is called "Three per One"(3x1).') is None
    assert locate(passages(), "   ") is None


def test_a_refusal_names_the_nearest_passage_and_what_it_says():
    message, nearest_passage = refusal(
        passages(),
        "For each dollar provided by the migrants, the Federal Government adds two.",
        source="RT 3.2 background paper",
    )
    assert message.startswith("This quote does not occur in “RT 3.2 background paper”")
    assert nearest_passage == (
        "Nearest passage (2.1.1 Inclusion of migration issues, paragraph 1): “… For each peso "
        "provided by the migrants, the Federal Government adds one, …”"
    )


def test_nearest_is_the_passage_sharing_most_words_with_an_excerpt_of_its_length():
    found = nearest(passages(), "half of the States indicated a national plan")
    assert found.passage.text.strip().startswith("Approximately half")
    assert "national plan" in found.excerpt
    assert nearest(passages(), "zebra xylophone") is None


def test_an_accepted_quote_has_no_refusal():
    assert refusal(passages(), THREE_PER_ONE, source="paper") == []
    assert refusal(passages(), "zebra xylophone", source="paper") == [
        "This quote does not occur in “paper” as its source reader shows it: copy it exactly "
        "as the paper gives it (line breaks and spacing may differ)."
    ]
