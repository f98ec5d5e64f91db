"""The reader's rendering of the papers: Markdown and the papers' raw HTML shown as what
they mean, safely; footnotes linked both ways; contents; search within the paper."""

import pytest

from coherence.passages import split_passages
from coherence.reader import (
    QueryError,
    build_document,
    column_width,
    excerpt,
    mark_terms,
    render_inline,
    render_markdown,
    search_terms,
)
from coherence.text import normalize

# In the shape of the 2017 background paper (a Markdown conversion).
MARKDOWN_PAPER = """## Background paper<sup>1</sup>

### **Introduction**

1. Policy coherence is **essential** to achieving *SDG target 10.7*, across **all relevant sectors**.
2. Building on GFMD material (summarised in Annex A<sup>2</sup>), the outcomes will contribute.

---

<sup>1</sup> This paper was drafted by the RT 1.1 co-chairs.

<sup>2</sup> [http://ilo.org/asia/WCMS\\\\_146243/lang--en/index.htm](http://ilo.org/asia/WCMS_146243/lang--en/index.htm)

#### Tools

- The **White Paper**<sup>3</sup> – published by JMIDI;
  - a nested point
- My JMIDI Toolbox.

3. Coherence is also vertical.<br>It reaches the regions.
4. A fourth paragraph.
5. A fifth paragraph, so that the paper numbers its paragraphs throughout.

---

<sup>3</sup> <https://publications.iom.int/books/white-paper-mainstreaming-migration-local-development-planning-and-beyond>
"""

# In the shape of the 2008 background paper (a PDF conversion): the note's marker is a
# number glued to the word, the note starts with its bare number.
PDF_PAPER = (
    " 2.1 Political commitment \n"
    " \n"
    "Political commitment is almost always a precondition for policy action, and 77% of the\n"
    "States reported it for migration policy.2 It is evident that recognition has grown.\n"
    + " "
    * 49
    + "\n"
    "2 While it is not possible to identify a trend, six States now do. \n"
    " \n"
    " Approximately half (26 out of 53) of the States indicated they have a national plan.\n"
)


class Passage:
    """A stored passage as the reader reads it (SourcePassage's fields)."""

    def __init__(self, passage, pk):
        self.pk, self.anchor, self.locator, self.text = (
            pk,
            passage.anchor,
            passage.locator,
            passage.text,
        )


def document(text, **kwargs):
    passages = [Passage(p, pk) for pk, p in enumerate(split_passages(text), start=1)]
    return build_document(passages, **kwargs)


def by_anchor(doc):
    return {p.anchor: p for p in doc.passages}


def test_headings_emphasis_and_lists_are_rendered_not_printed():
    html = render_markdown("- The **White Paper** – *published*;\n  - nested\n- Toolbox")
    assert "<strong>White Paper</strong>" in html and "<em>published</em>" in html
    assert html.count("<ul>") == 2 and "<li>Toolbox</li>" in html
    assert "**" not in html and "- " not in html


def test_numbered_paragraphs_keep_their_number():
    assert '<ol start="21">' in render_markdown("21. An example is the Philippines.")


def test_tables_are_rendered_in_a_scrollable_region_without_inline_style():
    html = render_markdown("| Level | Tool |\n|---|:-:|\n| National | Plan |")
    assert '<div class="reader-table" role="region" tabindex="0"' in html
    assert "<th>Level</th>" in html and "<td>Plan</td>" in html
    assert "style=" not in html


def test_links_and_bare_urls_become_links_that_open_safely():
    html = render_markdown("See <https://example.org/a> and http://example.org/b_c.")
    assert '<a href="https://example.org/a" rel="noopener noreferrer">' in html
    assert '<a href="http://example.org/b_c" rel="noopener noreferrer">' in html


def test_a_doubly_escaped_underscore_shows_as_one_underscore():
    html = render_markdown("[http://ilo.org/WCMS\\\\_146243](http://ilo.org/WCMS_146243)")
    assert ">http://ilo.org/WCMS_146243</a>" in html and "\\" not in html


def test_a_link_without_target_is_shown_as_its_text():
    html = render_markdown("<sup>3</sup>[Addis Ababa Action Agenda](#) (United Nations)")
    assert "Addis Ababa Action Agenda (United Nations)" in html and "href" not in html


def test_the_papers_raw_html_is_rendered_not_escaped():
    html = render_markdown("Annex A<sup>2</sup> ends here.<br>A new line.")
    assert "<sup>2</sup>" in html and "<br>" in html and "&lt;" not in html


@pytest.mark.parametrize(
    "markup, forbidden",
    [
        ("<script>alert(1)</script>", ["<script", "alert(1)"]),
        ('<img src="x" onerror="alert(1)">', ["onerror", "<img"]),
        ('<a href="javascript:alert(1)">x</a>', ["javascript:"]),
        ('<p style="color:red" onclick="x()">hi</p>', ["style=", "onclick"]),
        ("<iframe src='https://evil.example'></iframe>", ["<iframe"]),
        ("[click](javascript:alert(1))", ['href="javascript']),
    ],
)
def test_markup_that_could_run_or_style_is_removed(markup, forbidden):
    html = render_markdown(markup) + render_inline(markup)
    for fragment in forbidden:
        assert fragment not in html


def test_a_heading_is_rendered_inline_without_its_hashes():
    assert render_inline("#### *Tools and Safeguards*") == "#### <em>Tools and Safeguards</em>"
    doc = document("### **Introduction**\n\nSome text follows here.\n")
    heading = doc.passages[0]
    assert heading.kind == "heading" and str(heading.html) == "<strong>Introduction</strong>"


def test_heading_levels_follow_the_markdown_levels_from_h3():
    passages = by_anchor(document(MARKDOWN_PAPER))
    levels = {p.locator: p.level for p in passages.values() if p.kind == "heading"}
    assert levels == {"Background paper": 3, "Introduction": 4, "Tools": 5}


def test_heading_levels_of_a_pdf_follow_the_section_numbers():
    doc = document(" 1. CONCEPTUAL FRAMEWORK \n \nText here.\n \n 2.1 Political commitment \n")
    assert [(p.locator, p.level) for p in doc.toc] == [
        ("1. CONCEPTUAL FRAMEWORK", 3),
        ("2.1 Political commitment", 4),
    ]


def test_the_contents_list_the_headings_in_order():
    doc = document(MARKDOWN_PAPER)
    assert [p.locator for p in doc.toc] == ["Background paper", "Introduction", "Tools"]
    assert all(p.anchor.startswith("s-") for p in doc.toc)


def test_footnote_markers_link_to_their_notes_and_notes_link_back():
    passages = by_anchor(document(MARKDOWN_PAPER))
    para2 = str(passages["para-2"].html)
    assert '<a id="ref-fn-2" href="#fn-2">' in para2
    note = passages["fn-2"]
    assert note.kind == "footnote" and note.footnote_number == "2"
    assert note.backlink == "ref-fn-2"
    # The heading's marker, and the marker inside a list item, find their notes too.
    assert 'href="#fn-1"' in str(passages["s-1"].html) and passages["fn-1"].backlink == "ref-fn-1"
    assert passages["fn-3"].backlink == "ref-fn-3"


def test_a_note_is_shown_without_its_number_which_the_reader_shows_apart():
    note = by_anchor(document(MARKDOWN_PAPER))["fn-1"]
    assert str(note.html).strip() == "<p>This paper was drafted by the RT 1.1 co-chairs.</p>"


def test_a_long_footnote_url_is_a_link():
    note = by_anchor(document(MARKDOWN_PAPER))["fn-3"]
    assert 'href="https://publications.iom.int/books/white-paper-mainstreaming' in note.html


def test_a_pdf_footnote_marker_glued_to_a_word_links_to_its_note():
    passages = by_anchor(document(PDF_PAPER))
    body = next(p for p in passages.values() if "migration policy." in p.plain)
    assert '<a id="ref-fn-2" href="#fn-2">' in body.html
    assert passages["fn-2"].backlink == "ref-fn-2"
    # A number that is not glued to a word (26 out of 53) is left alone.
    assert all("fnref" not in p.html for p in passages.values() if "26 out of 53" in p.plain)


def test_a_pdf_footnote_marker_after_a_closing_bracket_links_to_its_note():
    doc = document(
        "Several countries have poverty reduction strategies (PRSPs).4 Many do.\n"
        + " " * 49
        + "\n4 The main background paper reviews the PRSPs.\n"
    )
    assert '<a id="ref-fn-4" href="#fn-4">' in doc.passages[0].html


def test_a_number_with_no_note_is_not_taken_for_a_marker():
    doc = document("Approximately half of the States.2 It is evident.\n")
    assert "fnref" not in doc.passages[0].html


def test_a_pdf_keeps_the_line_breaks_of_lines_shorter_than_its_column():
    wrapped = ("word " * 19 + "end\n") * 3  # lines of 98 characters, as the PDF wraps them
    header = "Proceedings of Session 3.2\nChairperson: Gemma Adaba\nSpeakers: Susan Martin"
    column = column_width([wrapped] * 14)
    assert column == 98
    assert render_markdown(header, column).count("<br>") == 2
    assert "<br>" not in render_markdown(wrapped, column)
    # A Markdown conversion (a paragraph a line) has no column: its breaks are Markdown's.
    assert column_width(["A paragraph on one line. " * 9, header] * 5) == 0
    assert "<br>" not in render_markdown(header)


def test_no_break_spaces_do_not_keep_a_line_from_wrapping():
    html = render_markdown("o Strengthening\xa0the\xa0financial\xa0institutions")
    assert "&nbsp;" not in html and "\xa0" not in html


def test_rendering_never_changes_the_passages_text():
    """Quotes are checked against the stored text: the reader renders a copy."""
    passages = [Passage(p, pk) for pk, p in enumerate(split_passages(MARKDOWN_PAPER))]
    before = [p.text for p in passages]
    build_document(passages, terms=["coherence"])
    assert [p.text for p in passages] == before


def test_what_a_reader_sees_has_the_words_of_the_passage_without_markup():
    for p in document(MARKDOWN_PAPER).passages:
        for markup in ("**", "##", "<sup>", "](", "\\_", "&lt;"):
            assert markup not in p.plain
    para1 = by_anchor(document(MARKDOWN_PAPER))["para-1"]
    assert normalize("Policy coherence is **essential** to achieving") in para1.plain


def test_search_terms_are_the_words_of_two_characters_or_more():
    assert search_terms("  Policy, policy COHERENCE a 3x1 ") == ["policy", "coherence", "3x1"]
    assert search_terms("") == [] and search_terms("   ") == []
    assert len(search_terms(" ".join(f"word{i}" for i in range(20)))) == 8


@pytest.mark.parametrize("query", ["!!", "a", "- * -", "x" * 201])
def test_a_search_that_cannot_run_says_why(query):
    with pytest.raises(QueryError):
        search_terms(query)


def test_search_lists_the_passages_with_every_word_and_marks_them():
    doc = document(MARKDOWN_PAPER, terms=["coherence", "vertical"])
    assert [hit.anchor for hit in doc.hits] == ["para-3"]
    assert "<mark>vertical</mark>" in doc.hits[0].excerpt
    para1 = by_anchor(doc)["para-1"]
    assert "<mark>coherence</mark>" in para1.html and para1.matches == 1
    # coherence in para. 1 and 3, vertical in para. 3
    assert sum(p.matches for p in doc.passages) == 3


def test_marks_never_go_inside_tags_or_entities():
    marked, count = mark_terms('<a href="http://amp.org/policy">policy &amp; amp</a>', ["amp"])
    assert marked == '<a href="http://amp.org/policy">policy &amp; <mark>amp</mark></a>'
    assert count == 1


def test_an_excerpt_is_escaped_and_cut_around_the_first_word():
    text = "Words before. " * 20 + "The <b>policy</b> matters. " + "After. " * 30
    cut = excerpt(text, ["policy"])
    assert cut.startswith("… ") and cut.endswith(" …")
    assert "&lt;b&gt;<mark>policy</mark>&lt;/b&gt;" in cut and len(cut) < 260
