"""The source reader (`/sources/<slug>/`): a paper shown as a document, its contents, a
search within it, and on every cited passage the published records that cite it."""

import re

import pytest

from coherence.models import EditorialState
from coherence.passages import rebuild_passages
from tests.factories import (
    CitationFactory,
    CountryFindingFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db

PAPER = """## Background paper<sup>1</sup>

### Introduction

1. Policy coherence is **essential** to orderly, safe and regular migration.
2. Mexico has implemented several programs to promote the development effects of remittances.
3. The Philippines coordinates its agencies (see Annex A<sup>2</sup>).
4. A fourth paragraph.
5. A fifth paragraph.

---

<sup>1</sup> Drafted by the co-chairs.

<sup>2</sup> [http://ilo.org/asia/WCMS\\\\_146243/index.htm](http://ilo.org/asia/WCMS_146243/index.htm)
"""

QUOTE = "Mexico has implemented several programs to promote the development effects"


@pytest.fixture
def paper():
    source = SourceDocumentFactory(slug="markdown-paper", title="A paper", text=PAPER)
    rebuild_passages(source)
    return source


def cite(record, source):
    return CitationFactory(content_object=record, source=source, quote=QUOTE)


def reader(client, source, query="", status=200):
    url = source.get_absolute_url() + query
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:1500]
    return response.content.decode()


def section(html, anchor):
    match = re.search(rf'<section id="{anchor}".*?</section>', html, re.DOTALL)
    assert match, f"no passage #{anchor}"
    return match.group(0)


def test_the_paper_is_rendered_as_a_document(client, paper):
    html = reader(client, paper)
    assert re.search(
        r'<h3 class="passage__heading" lang="en">Background paper<sup class="fnref">', html
    )
    assert '<h4 class="passage__heading" lang="en">Introduction</h4>' in html
    assert "<strong>essential</strong>" in html and '<ol start="2">' in html
    for raw in ("## ", "**", "&lt;sup&gt;", "](", "\\_"):
        assert raw not in html


def test_footnote_markers_and_notes_link_to_each_other(client, paper):
    html = reader(client, paper)
    assert '<a id="ref-fn-2" href="#fn-2">' in section(html, "para-3")
    note = section(html, "fn-2")
    assert 'href="#ref-fn-2" aria-label="2: back to the text">2</a>' in note
    assert '<a href="http://ilo.org/asia/WCMS_146243/index.htm" rel="noopener noreferrer">' in note


def test_the_contents_link_to_every_heading(client, paper):
    html = reader(client, paper)
    contents = re.search(r'<nav class="reader-toc".*?</nav>', html, re.DOTALL).group(0)
    assert '<a href="#s-1">Background paper</a>' in contents
    assert '<a href="#s-2">Introduction</a>' in contents


def test_a_cited_passage_links_to_the_published_records_citing_it(client, paper):
    practice = PracticeFactory(title="Three per One")
    finding = CountryFindingFactory(statement="Mexico reported a national plan.")
    institution = InstitutionFactory(name="Institute of Mexicans Abroad")
    tool = PolicyToolFactory(name="Remittance matching fund")
    for record in (practice, practice, finding, institution, tool):
        cite(record, paper)
    html = section(reader(client, paper), "para-2")
    assert "Cited by 4 records" in html  # the practice's two citations: one link
    assert f'href="{practice.get_absolute_url()}">Three per One</a>' in html
    assert f'href="{finding.get_absolute_url()}">' in html
    assert f'href="{institution.get_absolute_url()}">Institute of Mexicans Abroad</a>' in html
    assert f'href="{tool.get_absolute_url()}">Remittance matching fund</a>' in html
    assert "Practice:" in html and "Country finding:" in html
    assert "Cited by" not in section(reader(client, paper), "para-1")


@pytest.mark.parametrize("state", [EditorialState.DRAFT, EditorialState.IN_REVIEW])
def test_an_unpublished_record_is_not_among_those_citing_a_passage(client, paper, state):
    cite(PracticeFactory(title="Published practice"), paper)
    cite(PracticeFactory(title="Secret draft", slug="secret", editorial_state=state), paper)
    cite(InstitutionFactory(name="Hidden ministry", editorial_state=state), paper)
    html = reader(client, paper)
    assert "Published practice" in html and "Cited by one record" in html
    assert "Secret draft" not in html and "/practices/secret/" not in html
    assert "Hidden ministry" not in html


def test_the_reader_runs_one_query_per_type_of_record_citing_it(
    client, paper, django_assert_num_queries
):
    for _ in range(2):
        cite(PracticeFactory(), paper)
        cite(CountryFindingFactory(), paper)
    client.get(paper.get_absolute_url())  # warm the content types' cache
    # The paper, its passages, its public citations, the practices, the findings, and
    # the questionnaire results the paper reports (issue 21).
    with django_assert_num_queries(6):
        reader(client, paper)
    for _ in range(3):
        cite(PracticeFactory(), paper)
        cite(CountryFindingFactory(), paper)  # each with a country of its own
    with django_assert_num_queries(6):
        html = reader(client, paper)
    assert "Cited by 10 records" in html


def test_search_within_the_paper_lists_and_marks_the_passages(client, paper):
    html = reader(client, paper, "?q=Mexico+remittances")
    assert "One passage contains every word of “mexico remittances”" in html
    results = re.search(r'<section class="reader-results".*?</section>', html, re.DOTALL)
    assert '<a href="#para-2">para. 2</a>' in results.group(0)
    assert "<mark>Mexico</mark>" in section(html, "para-2")
    assert "<mark>remittances</mark>" in section(html, "para-2")
    assert 'value="Mexico remittances"' in html


def test_search_without_a_match_says_so(client, paper):
    html = reader(client, paper, "?q=Mexico+Philippines")
    assert "0 passages contain every word" in html and "No passage contains all" in html


def test_search_works_on_the_seeded_markup_without_matching_it(client, paper):
    html = reader(client, paper, "?q=sup")
    assert "0 passages contain every word" in html and "<mark>" not in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("?q=!!", "Type a word of at least two letters or digits"),
        ("?q=" + "x" * 250, "Search for at most 200 characters"),
        ("?q=%00policy", "cannot contain control characters"),
    ],
)
def test_a_search_that_cannot_run_says_why_with_status_400(client, paper, query, message):
    html = reader(client, paper, query, status=400)
    assert message in html and 'role="alert"' in html
    assert 'aria-invalid="true"' in html and "Background paper" in html


def test_several_q_parameters_search_the_last(client, paper):
    html = reader(client, paper, "?q=nothing&q=Philippines")
    assert "<mark>Philippines</mark>" in html


def test_an_unknown_paper_is_not_found(client):
    assert client.get("/sources/no-such-paper/").status_code == 404
