"""The practices list: facets with counts, search with highlighted snippets, sort,
pagination, removable chips, export links, and bad input shown as plain messages."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from practices.models import Practice
from tests.web.conftest import add_practices

pytestmark = pytest.mark.django_db

URL = reverse("practices:list")


def page(client, query="", status=200):
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def titles(html):
    return re.findall(r'class="record__title"><a href="[^"]+">([^<]+)</a>', html)


def test_lists_the_published_practices_with_their_count(client, kb):
    Practice.objects.filter(slug="practice-2").update(editorial_state="draft")
    html = page(client)
    assert titles(html) == ["Diaspora bond programme 0", "Diaspora bond programme 1"]
    assert "2 practices" in html


def test_filter_by_country_keeps_the_api_parameters(client, kb):
    html = page(client, "country=jam")
    assert titles(html) == ["Diaspora bond programme 1"]
    assert 'href="/api/v1/practices/?country=JAM&amp;format=csv"' in html
    assert 'href="/api/v1/practices/?country=JAM&amp;format=xlsx"' in html
    assert 'href="/api/v1/practices/?country=JAM&amp;format=json"' in html


def test_export_links_return_the_same_practices_from_the_api(client, kb):
    html = page(client, "country=jam")
    for fmt in ("csv", "xlsx", "json"):
        href = re.search(rf'href="(/api/v1/practices/\?[^"]*format={fmt})"', html).group(1)
        response = client.get(href.replace("&amp;", "&"))
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(body)).active
            body = "\n".join(str(row) for row in sheet.iter_rows(values_only=True)).encode()
        assert "Diaspora bond programme 1" in body.decode("utf-8-sig")
        assert "Diaspora bond programme 0" not in body.decode("utf-8-sig")
    assert response.json()["count"] == 1


def test_comma_separated_and_repeated_values_match_any(client, kb):
    assert titles(page(client, "country=JAM,MEX")) == titles(
        page(client, "country=JAM&country=MEX")
    )
    assert len(titles(page(client, "country=JAM,MEX"))) == 3


def test_facets_count_the_current_results(client, kb):
    html = page(client, "scope=bilateral")
    # Mexico is only in the national practices (0 and 2), Jamaica in the bilateral one.
    assert re.search(r'value="JAM">\s*<label[^>]*>Jamaica <span class="count">\(1\)', html)
    assert 'value="MEX"' not in html
    # Values of the chosen facet stay offered (adding one only widens the results).
    assert re.search(r'value="national">\s*<label[^>]*>National <span class="count">\(0\)', html)


def test_a_zero_count_value_is_not_a_dead_end(client, kb):
    html = page(client, "country=JAM")
    assert re.search(r'id="f-country-jam" name="country" value="JAM" checked>', html)
    # Jamaica's one practice is bilateral: "national" would lead nowhere, so it is shown
    # with its zero count but can be neither ticked nor followed.
    assert re.search(r'value="national" disabled>', html)
    assert "country=JAM&amp;scope=national" not in html


def test_a_facet_value_is_a_checkbox_and_a_plain_get_link(client, kb):
    html = page(client, "theme=remittances")
    assert re.search(r'name="theme" value="remittances" checked', html)
    assert 'href="?theme=remittances&amp;country=MEX#results"' in html
    # the chosen value's link removes it
    assert re.search(r'href="\?#results"[^>]*>−', html)


def test_active_filters_show_as_removable_chips(client, kb):
    html = page(client, "country=MEX&coherence_level=multilateral")
    assert "Country: Mexico" in html
    assert "Coherence level: Multilateral" in html
    assert (
        'href="?coherence_level=multilateral#results" aria-label="Remove filter Country: Mexico"'
        in html
    )
    assert (
        'href="?country=MEX#results" aria-label="Remove filter Coherence level: Multilateral"'
        in html
    )


def test_every_facet_of_the_issue_is_in_the_sidebar(client, kb):
    html = page(client)
    for name in (
        "country", "region", "coherence_level", "element", "theme", "scope", "status",
        "institution_kind", "tool", "source",
    ):  # fmt: skip
        assert f'id="facet-{name}"' in html


def test_search_highlights_the_matched_words(client, kb):
    practice = add_practices(kb, 1, start=3)[0]
    practice.title = "Labour mobility scheme"
    practice.summary = "Seasonal workers return with savings."
    practice.save()
    html = page(client, "search=seasonal")
    assert titles(html) == ["Labour mobility scheme"]
    assert "<mark>Seasonal</mark>" in html


def test_sort_by_start_year(client, kb):
    assert titles(page(client, "ordering=-start_year"))[0] == "Diaspora bond programme 2"
    assert titles(page(client, "ordering=start_year"))[0] == "Diaspora bond programme 0"


def test_pagination_keeps_the_filters(client, kb):
    add_practices(kb, 25, start=3)
    html = page(client, "theme=diaspora")
    assert "Page 1 of 2" in html
    # Links land on the results' heading, which can take the focus.
    assert 'href="?theme=diaspora&amp;page=2#results"' in html
    assert '<h2 id="results" class="results__count" tabindex="-1">' in html
    assert len(titles(page(client, "theme=diaspora&page=2"))) == 3


def test_unknown_filter_value_is_a_plain_message_and_the_rest_applies(client, kb):
    html = page(client, "country=XXX&scope=bilateral", status=400)
    assert "Unknown country code: XXX." in html
    assert titles(html) == ["Diaspora bond programme 1"]
    assert 'role="alert"' in html


def test_unknown_choice_is_a_plain_message(client, kb):
    html = page(client, "status=sleeping", status=400)
    assert "Unknown value: sleeping" in html


def test_page_past_the_end_shows_the_last_page_with_a_message(client, kb):
    html = page(client, "page=99", status=400)
    assert "There is no page 99" in html
    assert len(titles(html)) == 3


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1e9"])
def test_page_that_is_not_a_number_shows_the_first_page(client, kb, value):
    html = page(client, f"page={value}", status=400)
    assert len(titles(html)) == 3


def test_too_long_query_is_a_plain_message(client, kb):
    html = page(client, "search=" + "a" * 501, status=400)
    assert "500" in html
    assert len(titles(html)) == 3


@pytest.mark.parametrize(
    "query", ["search=%00x", "country=M%01X", "search=%22unclosed", "year_from=abc"]
)
def test_malformed_input_never_fails(client, kb, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'role="alert"' in response.content.decode()


def test_the_page_works_without_javascript(client, kb):
    html = page(client)
    assert '<form class="facets" id="list-filters" method="get" action="/practices/#results"' in (
        html
    )
    # The facets are behind a disclosure that opens without a script.
    assert '<details class="filters-disclosure"' in html
    assert '<button type="submit" class="apply">' in html
    assert "<script>" not in html  # no inline scripts
    assert 'src="/static/js/lists.js"' in html


def test_a_list_of_facet_filters_pages_as_the_database_does(client, kb):
    """Facet filters alone are counted and paged by the facet index; with
    `updated_after` (kept by every practice here) the database does it. Same pages."""
    add_practices(kb, 60, start=3)
    for query in ("country=MEX", "country=MEX&ordering=-start_year", "ordering=-title"):
        for number in (1, 2, 3):
            indexed = client.get(f"{URL}?{query}&page={number}")
            by_sql = client.get(f"{URL}?{query}&page={number}&updated_after=2000-01-01")
            assert indexed.status_code == by_sql.status_code, (query, number)
            mine, theirs = indexed.content.decode(), by_sql.content.decode()
            assert titles(mine) and titles(mine) == titles(theirs), (query, number)
            count = re.search(r"(\d+) practices", mine)
            assert count and count.group(0) in theirs


def test_export_links_leave_out_empty_fields(client, kb):
    # (national practices match: there are no export links when nothing matches)
    html = client.get("/practices/?search=&country=&scope=national").content.decode()
    href = re.search(r'href="(/api/v1/practices/\?[^"]*format=csv)"', html).group(1)
    assert href.replace("&amp;", "&") == "/api/v1/practices/?scope=national&format=csv"
    assert client.get(href.replace("&amp;", "&")).status_code == 200
