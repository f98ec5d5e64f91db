"""Each page runs a fixed number of queries whatever the number of records it shows:
pinned here with two or more related rows per record, and checked again after more
practices are added."""

import pytest
from django.db import connection

from tests.web.conftest import add_practices

pytestmark = pytest.mark.django_db

# The pages and their number of queries (the facet index and the content types are
# warmed up by a first request, as on a running site). The numbers of practices per level,
# theme or country come from the facet index (`practices.selectors`): one read of its
# token per page, where each count was a join of its own. A list of practices reads its
# page as flat rows (`practices.items.practice_items`): the page's rows, then their countries
# and coherence levels (one query), and the year of each one's latest status report (a
# status is shown with its date, issue 21).
PAGES = {
    # The practices over time read the index's token again.
    "/": 8,
    "/about/": 3,
    # Facet filters only: the facet index counts and pages them (practices.listing).
    "/practices/": 4,
    "/practices/?country=MEX&theme=remittances&scope=national": 6,
    # A search by relevance: its ranked window of matches, then the page's practices
    # (docs/decisions/0011-bounded-search.md); since issue 24, the thesaurus's version
    # and whether the search matches anything (else corrections or words left out).
    "/practices/?search=diaspora": 9,
    # The related practices: their shared themes and countries in one query; the status
    # each paper reported, with its year (issue 21). The classification (GCM objectives,
    # principles, SDG targets with their reasons): three prefetches.
    "/practices/practice-0/": 14,
    # The world map: the countries with practices (their M49 codes), in one query; and
    # the shared sidebar's facet counts.
    "/countries/": 4,
    # The practices, the coherence profile and the practices over time each read the
    # index's token. The practices that reach the country through its membership of a
    # body (its memberships, then those bodies' practices), and the challenges that name
    # it (issue 21).
    "/countries/MEX/": 14,
    # The coherence elements, for the profiles side by side.
    "/countries/compare/?c=MEX&c=PHL": 9,
    # The lists' facets (coherence.facets): one count per facet, plus the vocabulary of a
    # facet of records (levels, themes, papers) so that its zero counts show too. They
    # replace the form's selects, which read every country, level, theme or paper.
    "/institutions/": 4,
    "/institutions/sre/": 7,
    "/tools/": 10,
    "/tools/migof/": 8,
    "/levels/": 3,
    # The level's glossary entry, and the challenges at the level (issue 21).
    "/levels/intra-governmental/": 9,
    "/themes/": 3,
    "/themes/remittances/": 6,
    # The citations with their sources and passages in one prefetch (`with_citations()`).
    # Their addressees: one prefetch, and on the list one facet count more.
    "/recommendations/": 14,
    "/recommendations/recommendation-0/": 5,
    "/sources/": 3,
    # The paper, its passages, its public citations, and the records citing it: one query
    # per type of record (practices, recommendations, findings), however many there are;
    # and the questionnaire results the paper reports (issue 21).
    "/sources/paper/": 7,
    # The page searches each record type on its own, one query per type (eight since
    # issue 21 added challenges, glossary entries and events); SQLite reads the hits'
    # snippets apart from the records, one more query per type with hits; and, since
    # issue 24, the thesaurus's version, read once for the eight types.
    "/search/?q=diaspora": 15 if connection.vendor == "sqlite" else 12,
}


@pytest.mark.parametrize("url", PAGES)
def test_page_runs_a_fixed_number_of_queries(client, kb, url, django_assert_num_queries):
    expected = PAGES[url]
    client.get(url)  # warm the per-process caches (facet index, content types)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    add_practices(kb, 4, start=3)
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
