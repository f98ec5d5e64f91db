"""The other pages: what each shows, its own filters, and bad input."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from coherence.errors import server_error

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_kb")]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:1500]
    return response.content.decode()


def test_every_page_has_landmarks_a_skip_link_and_the_header_search(client, kb):
    html = get(client, "/")
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'role="search"' in html and 'action="/search/"' in html
    assert '<label for="header-q" class="visually-hidden">Search everything</label>' in html
    assert '<a href="/practices/" aria-current="page">' not in html  # only on that page
    assert '<a href="/practices/" aria-current="page">' in get(client, "/practices/")


def test_home_shows_levels_with_counts_entry_points_and_newest(client, kb):
    html = get(client, "/")
    assert "Intra-governmental" in html and "3 practices" in html
    assert 'href="/countries/MEX/"' in html and 'href="/themes/remittances/"' in html
    assert "Diaspora bond programme 2" in html


def test_about_explains_the_framework_and_lists_the_papers(client, kb):
    html = get(client, "/about/")
    assert "Background paper on coherence" in html and "Intra-governmental" in html


def test_practice_detail_links_citations_to_their_passage(client, kb):
    html = get(client, "/practices/practice-0/")
    assert 'href="/sources/paper/#para-2"' in html
    assert "Mexico has implemented several programs" in html
    assert "Foreign Ministry" in html and "Policy plan" in html


def test_practice_detail_lists_related_practices(client, kb):
    html = get(client, "/practices/practice-0/")
    assert 'href="/practices/practice-1/"' in html and "Related practices" in html


def test_source_reader_anchors_every_passage_with_a_cue_for_the_target(client, kb):
    html = get(client, "/sources/paper/")
    assert re.search(r'<section id="para-2" class="passage passage--text', html)
    assert 'class="passage__cue"' in html
    # para. 2 holds the quote of every citation: 3 practices, 2 recommendations, 4 findings.
    assert "Cited by 9 records" in html


def country_index(html):
    """The countries page after its world map: the list by region."""
    return html.split('<h2 id="map-heading">', 1)[1].split("</figure>", 1)[1]


def test_countries_are_grouped_by_region_with_counts(client, kb):
    html = country_index(get(client, "/countries/"))
    americas = html.index('id="region-americas"')
    asia = html.index('id="region-asia"')
    assert americas < html.index("Mexico") < asia < html.index("Philippines")
    assert 'Jamaica</a> <span class="count">(1 practice)' in html


def test_countries_filter_by_region(client, kb):
    html = country_index(get(client, "/countries/?region=asia"))
    assert "Philippines" in html and 'href="/countries/MEX/"' not in html


def test_country_profile_has_practices_findings_and_an_accessible_chart(client, kb):
    html = get(client, "/countries/MEX/")
    assert "2 practices" in html
    assert "Findings by coherence element" in html
    assert "<h3>Policy plan</h3>" in html
    # A finding reads as its value, year, question, statement and a list of its sources.
    assert re.search(
        r'<span class="badge badge--yes">Yes</span> <span class="finding__year">\d{4}</span> '
        r'<span class="finding__question">Question on Policy plan</span>',
        html,
    )
    assert re.search(
        r'<ul class="finding__sources" aria-label="Sources"><li><a href="/sources/paper/#para-\d+">',
        html,
    )
    # The profile opens the comparison with this country already chosen.
    assert 'href="/countries/compare/?c=MEX"' in html
    assert 'role="img"' in html and '<title id="levels-chart-title">' in html
    assert re.search(r'<th scope="row">Intra-governmental</th><td>2</td>', html)
    assert "Foreign Ministry" in html and "Migration Governance Framework" in html


def test_unknown_country_is_the_404_page(client, kb):
    html = get(client, "/countries/XYZ/", status=404)
    assert "Page not found" in html


def columns(html):
    """The compare page's columns, one per country, in order."""
    return re.findall(r'<article class="card" aria-labelledby="column-.*?</article>', html, re.S)


def test_compare_two_countries_side_by_side(client, kb):
    html = get(client, "/countries/compare/?c=MEX&c=PHL")
    mexico, philippines = columns(html)
    assert "<span>Intra-governmental</span> <strong>2</strong>" in mexico
    assert "<span>Intra-governmental</span> <strong>3</strong>" in philippines
    assert "Question on Policy plan" in mexico and "Question on Policy plan" in philippines
    assert "Diaspora bond programme 0" in mexico and "Diaspora bond programme 0" in philippines
    # The chosen countries are ticked, first in the list.
    assert re.search(
        r'<ul class="compare-choices" id="compare-choices">\s*<li><input type="checkbox" id="compare-mex" name="c" value="MEX" checked',
        html,
    )
    assert 'value="PHL" checked' in html and 'value="JAM" checked' not in html


def test_compare_accepts_comma_separated_lower_case_codes(client, kb):
    html = get(client, "/countries/compare/?c=mex,jam")
    mexico, jamaica = columns(html)
    assert 'id="column-mex"' in mexico and 'id="column-jam"' in jamaica
    assert "<span>Intra-governmental</span> <strong>1</strong>" in jamaica


@pytest.mark.parametrize(
    "query,message",
    [
        ("c=MEX,PHL,JAM,MEX,AAA", "Unknown country code(s): AAA."),
        ("c=MEX&c=ZZZ", "Unknown country code(s): ZZZ."),
        ("c=M%00X", "control characters"),
    ],
)
def test_compare_explains_what_is_wrong(client, kb, query, message):
    assert message in get(client, f"/countries/compare/?{query}", status=400)


def test_compare_more_than_four_countries_is_refused(client, kb):
    from tests.factories import CountryFactory

    CountryFactory(iso3="AAA", iso2="AA")
    CountryFactory(iso3="BBB", iso2="BB")
    html = get(client, "/countries/compare/?c=MEX,PHL,JAM,AAA,BBB", status=400)
    assert "you chose 5" in html


def test_compare_without_countries_shows_the_form(client, kb):
    html = get(client, "/countries/compare/")
    assert 'role="alert"' not in html and 'id="comparison"' not in html
    # A plain checkbox list in a GET form (a script adds a type-ahead filter to it).
    assert '<form method="get" action="/countries/compare/#comparison"' in html
    assert '<input type="checkbox" id="compare-jam" name="c" value="JAM"' in html
    assert "<select" not in html


def test_compare_starts_from_one_country_chosen(client, kb):
    html = get(client, "/countries/compare/?c=MEX")
    assert 'role="alert"' not in html and 'id="comparison"' not in html
    assert "Mexico is chosen: tick one to three more countries to compare it with." in html
    assert 'value="MEX" checked' in html


def test_search_groups_results_by_type(client, kb):
    html = get(client, "/search/?q=diaspora")
    assert 'id="hits-practice"' in html and 'id="hits-passage"' in html
    assert "<mark>" in html


def test_search_too_long_is_a_plain_message(client, kb):
    html = get(client, "/search/?q=" + "x" * 501, status=400)
    assert 'role="alert"' in html and "500" in html


def test_search_with_control_characters_is_a_plain_message(client, kb):
    assert "control characters" in get(client, "/search/?q=a%00b", status=400)


@pytest.mark.parametrize(
    "url,shown,hidden",
    [
        ("/institutions/?country=MEX", "Foreign Ministry", "Overseas Employment"),
        ("/institutions/?search=overseas", "Overseas Employment", "Foreign Ministry"),
        ("/tools/?kind=framework", "Migration Governance Framework", "No tools"),
        ("/levels/?search=multi", "Multilateral", 'href="/levels/intra-governmental/"'),
        ("/themes/?search=remit", "Remittances", 'href="/themes/diaspora/"'),
        (
            "/recommendations/?kind=proposed_outcome",
            "Remove Kind: Proposed outcome",
            "Coherence starts",
        ),
        ("/sources/?kind=background_paper", "Background paper on coherence", "No sources"),
    ],
)
def test_lists_filter_with_their_shared_filtersets(client, kb, url, shown, hidden):
    html = get(client, url)
    assert shown in html and hidden not in html


@pytest.mark.parametrize(
    "url",
    [
        "/institutions/?kind=bogus",
        "/institutions/?country=QQQ",
        "/tools/?coherence_level=nowhere",
        "/recommendations/?theme=nothing",
        "/countries/?region=atlantis",
        "/sources/?year=abc",
        "/institutions/?page=40",
        "/levels/?updated_after=yesterday",
    ],
)
def test_lists_explain_bad_input(client, kb, url):
    html = get(client, url, status=400)
    assert 'role="alert"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/institutions/sre/",
        "/tools/migof/",
        "/levels/intra-governmental/",
        "/themes/remittances/",
    ],
)
def test_detail_pages_list_their_practices(client, kb, url):
    assert "Diaspora bond programme 0" in get(client, url)


def test_recommendation_detail_quotes_its_sources(client, kb):
    html = get(client, "/recommendations/recommendation-0/")
    assert "Coherence starts at home" in html and 'href="/sources/paper/#para-2"' in html
    assert 'href="/recommendations/recommendation-0/"' in get(client, "/recommendations/")


def test_country_findings_carry_their_anchor(client, kb):
    finding = kb["findings"][0]
    assert f'<li class="finding" id="{finding.slug}">' in get(
        client, finding.country.get_absolute_url()
    )


@pytest.mark.parametrize(
    "url",
    [
        "/practices/none/",
        "/institutions/none/",
        "/tools/none/",
        "/levels/none/",
        "/themes/none/",
        "/sources/none/",
    ],
)
def test_unknown_slugs_give_the_404_page(client, kb, url):
    assert "Page not found" in get(client, url, status=404)


def test_the_500_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_urls_of_the_issue_resolve(kb):
    assert reverse("coherence:country-compare") == "/countries/compare/"
    for name in ("about", "search", "level-list", "theme-list", "source-list"):
        assert reverse(f"coherence:{name}")


def test_pages_render_in_french_when_asked(client, kb):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert response.redirect_chain == [("/fr/", 302)]
    assert response.status_code == 200 and '<html lang="fr">' in response.content.decode()
