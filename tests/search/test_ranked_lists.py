"""Lists searched by relevance (`/api/v1/practices/?search=`, `/practices/?search=`):
bounded work (`search.ranked`), the same first page as ranking every match, counts exact
up to `SEARCH_RANK_WINDOW` and estimated beyond it, shown as estimates, and pages that
page correctly either way (docs/decisions/0011-bounded-search.md)."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from practices.models import Practice
from search import filter_queryset, ranked
from search.engine.window import rounded_estimate
from tests.conftest import on_postgres
from tests.factories import CountryFactory, PracticeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


def practice(title, summary="Matches contributions with public funds.", **kwargs):
    return PracticeFactory(title=title, summary=summary, **kwargs)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def diaspora():
    """Practices that match "diaspora remittances" more or less strongly (titles, then
    summaries only, ties of rank broken by title), among others that do not."""
    records = [
        practice("Diaspora remittances: diaspora bonds for remittances"),
        practice("Remittances of the diaspora"),
        practice("Diaspora remittances fund"),
        practice("Zebra fund", summary="Diaspora remittances matched by the state."),
        practice("Aardvark fund", summary="Diaspora remittances matched by the state."),
        practice("Savings", summary="The diaspora sends remittances, and diaspora savings."),
        practice("Hawala transfers", summary="Remittances by the diaspora, informally."),
    ]
    practice("Diaspora bonds")  # one word of two: no match
    practice("Draft diaspora remittances", editorial_state="draft")
    return records


def best_first(text="diaspora remittances"):
    """The list as it was ordered before bounded ranking: every match ranked, then by
    title (the model's ordering)."""
    matched = filter_queryset(Practice.objects.published(), text)
    return list(matched.order_by("-search_rank", "title").values_list("slug", flat=True))


def slugs(body):
    return [row["slug"] for row in body["results"]]


def every_page(api, url):
    """The slugs of every page, following `next`, and the pages' bodies."""
    seen, bodies = [], []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        bodies.append(body)
        seen += slugs(body)
        url = body["next"]
    return seen, bodies


def test_the_first_page_is_the_one_every_match_ranked_gives(api, diaspora):
    expected = best_first()
    assert len(expected) == 7
    body = api.get(LIST, {"search": "diaspora remittances", "page_size": 4}).json()
    assert slugs(body) == expected[:4]
    assert body["count"] == 7 and body["count_is_exact"] is True
    everything, _ = every_page(api, f"{LIST}?search=diaspora+remittances&page_size=3")
    assert everything == expected


def test_ranked_orders_as_ranking_every_match_and_counts_exactly(diaspora):
    matched = filter_queryset(Practice.objects.published(), "diaspora remittances")
    listing = ranked(matched, "diaspora remittances", records=Practice.objects.all())
    assert listing.count() == 7 and listing.count_is_exact
    assert [p.slug for p in listing[0:7]] == best_first()
    assert [p.slug for p in listing[2:5]] == best_first()[2:5]
    assert listing[1].slug == best_first()[1]
    empty = ranked(filter_queryset(Practice.objects.all(), "the"), "the", records=Practice.objects)
    assert empty.count() == 0 and empty.count_is_exact and list(empty[0:10]) == []


def test_a_list_of_a_country_is_searched_the_same_way(api):
    mexico = CountryFactory(iso3="MEX")
    mine = [practice(f"Diaspora remittances {n}", countries=[mexico]) for n in range(3)]
    practice("Diaspora remittances elsewhere")
    body = api.get(LIST, {"search": "diaspora remittances", "country": "MEX"}).json()
    assert body["count"] == 3 and body["count_is_exact"] is True
    assert set(slugs(body)) == {p.slug for p in mine}


def test_beyond_the_window_the_count_is_an_estimate_and_pages_reach_every_match(
    api, diaspora, settings
):
    settings.SEARCH_RANK_WINDOW = 3
    newest_three = {p.slug for p in diaspora[-3:]}
    first = api.get(LIST, {"search": "diaspora remittances", "page_size": 2}).json()
    assert first["count_is_exact"] is False
    assert 4 <= first["count"] <= 14  # scaled from the newest practices read
    # The first page: the best of the three newest matches, in the order ranking gives.
    ranked_newest = [slug for slug in best_first() if slug in newest_three]
    assert slugs(first) == ranked_newest[:2]
    seen, bodies = every_page(api, f"{LIST}?search=diaspora+remittances&page_size=2")
    # Every match once: the window ranked, then the older ones newest first.
    older = [p.slug for p in reversed(diaspora[:-3])]
    assert seen == ranked_newest + older
    assert [len(body["results"]) for body in bodies] == [2, 2, 2, 1]
    assert bodies[-1]["next"] is None
    assert "page=" not in bodies[1]["previous"].replace("page_size", "")  # page 1
    assert "page=2" in bodies[2]["previous"]
    assert all(body["count_is_exact"] is False for body in bodies)
    past = api.get(LIST, {"search": "diaspora remittances", "page_size": 2, "page": 5})
    assert past.status_code == 404
    assert "end before it" in past.json()["detail"]


def test_the_page_after_the_last_is_refused_when_the_count_is_exact(api, diaspora):
    response = api.get(LIST, {"search": "diaspora remittances", "page": 2})
    assert response.status_code == 404 and "there are 1 pages" in response.json()["detail"]


def test_lists_say_their_counts_are_exact(api, diaspora):
    body = api.get(LIST).json()
    assert body["count_is_exact"] is True and body["count"] == 8
    ordered = api.get(LIST, {"search": "diaspora remittances", "ordering": "title"}).json()
    assert ordered["count_is_exact"] is True and ordered["count"] == 7


def test_a_page_of_a_search_takes_as_many_queries_whatever_its_size(
    api, diaspora, settings, django_assert_num_queries
):
    api.get(LIST)  # the facet index and the clock, read once
    # The window, the page's practices and their links (every link type in one
    # statement), and the one read of the change feed's clock and pending writes
    # (Last-Modified); since issue 24, the version of the thesaurus (its entries when it
    # changed) and whether the search matches anything (else corrections or words left
    # out). On SQLite, the positions of the two words in the window's best matches too
    # (proximity, `search.backends.sqlite.proximity()`).
    words = 0 if on_postgres() else 1
    with django_assert_num_queries(6 + words):
        api.get(LIST, {"search": "diaspora remittances", "page_size": 2})
    with django_assert_num_queries(6 + words):
        api.get(LIST, {"search": "diaspora remittances", "page_size": 50})
    settings.SEARCH_RANK_WINDOW = 3
    # Broad: the estimate's statistics too, and the older matches past the window.
    with django_assert_num_queries(7 + words):
        api.get(LIST, {"search": "diaspora remittances", "page_size": 2})
    with django_assert_num_queries(8 + words):
        api.get(LIST, {"search": "diaspora remittances", "page_size": 50})


def test_the_schema_documents_whether_a_count_is_exact():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    page = schema["components"]["schemas"]["PaginatedPracticeList"]
    assert page["properties"]["count_is_exact"]["type"] == "boolean"
    assert "estimate" in page["properties"]["count"]["description"]
    assert "count_is_exact" in page["required"]
    search = schema["components"]["schemas"]["SearchResults"]["properties"]
    assert search["count_is_exact"]["type"] == "boolean"
    assert search["estimated"]["type"] == "array"


def test_the_practices_page_pages_a_search_by_relevance(client, diaspora, settings):
    expected = best_first()
    page = client.get("/practices/", {"search": "diaspora remittances"})
    assert page.status_code == 200
    assert [p.slug for p in page.context["practices"]] == expected
    assert "7 practices" in page.content.decode()
    settings.SEARCH_RANK_WINDOW = 3
    page = client.get("/practices/", {"search": "diaspora remittances"})
    # The count comes from the facet counts, exact; the order is the window's, then older.
    assert "7 practices" in page.content.decode()
    newest_three = {p.slug for p in diaspora[-3:]}
    shown = [p.slug for p in page.context["practices"]]
    assert shown[:3] == [slug for slug in expected if slug in newest_three]
    assert sorted(shown) == sorted(expected)


def test_the_search_page_shows_an_estimate_as_one(client, diaspora, settings):
    exact = client.get("/search/", {"q": "diaspora remittances"}).content.decode()
    assert "7 results" in exact and "About 7" not in exact and "(7)" in exact
    settings.SEARCH_RANK_WINDOW = 3
    page = client.get("/search/", {"q": "diaspora remittances"})
    html = page.content.decode()
    group = next(g for g in page.context["groups"] if g["name"] == "practice")
    assert group["estimated"] and group["count"] >= 4
    assert f"About {group['count']} result" in html
    assert f"(about {group['count']})" in html
    assert f"See all of about {group['count']} practices" in html


def test_the_search_api_says_which_counts_are_estimates_and_pages_to_the_last_hit(
    api, diaspora, settings
):
    exact = api.get("/api/v1/search/", {"q": "diaspora remittances", "type": "practice"}).json()
    assert exact["count_is_exact"] is True and exact["estimated"] == []
    assert exact["count"] == 7
    settings.SEARCH_RANK_WINDOW = 3
    url = "/api/v1/search/?q=diaspora+remittances&type=practice&page_size=2"
    seen = []
    while url:
        body = api.get(url).json()
        assert body["count_is_exact"] is False and body["estimated"] == ["practice"]
        seen += [hit["key"] for hit in body["results"]]
        url = body["next"]
    # search() ranks the window and its pages end there: no `next` to an empty page.
    assert len(seen) == 3 and set(seen) == {p.slug for p in diaspora[-3:]}


@pytest.mark.parametrize(
    ("estimate", "at_least", "shown"),
    [(6, 0, 6), (999, 0, 999), (1234, 0, 1230), (41837, 0, 41800), (1001, 1001, 1001)],
)
def test_estimates_keep_three_significant_digits(estimate, at_least, shown):
    assert rounded_estimate(estimate, at_least=at_least) == shown


def test_the_search_pages_total_with_an_estimate_in_it_is_rounded_as_one(
    client, diaspora, settings, monkeypatch
):
    from search.engine import window

    settings.SEARCH_RANK_WINDOW = 3
    monkeypatch.setattr(window, "ESTIMATE_DIGITS", 0)  # so that a small total rounds
    page = client.get("/search/", {"q": "diaspora remittances"})
    total = page.context["total"]
    shown = window.rounded_estimate(total)
    assert f"About {shown} result" in page.content.decode()
    assert shown != total and shown % 10 == 0
