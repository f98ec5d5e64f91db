"""The practices list's JSON pages are written from flat rows (`practices.rows`), not
through `PracticeSerializer`: they must stay byte for byte what the serializer wrote,
for every filter, ordering and page, on both databases. The serializer's path is kept
callable here (`SerializedPracticeViewSet`, the list as it was built before issue 20) and
both answer each request."""

import json

import pytest
from rest_framework.test import APIRequestFactory

from coherence.models import EditorialState
from coherence.rest.viewsets import ListMixin
from practices import feed
from practices.api.practices import PracticeViewSet
from practices.models import PracticeCountry, PracticeInstitution
from tests.factories import (
    CoherenceLevelFactory,
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


class SerializedPracticeViewSet(PracticeViewSet):
    """The list as before: model instances with their prefetches (`with_list_fields()`)
    through `PracticeSerializer`."""

    def page_queryset(self, queryset):
        return queryset.with_list_fields()

    def page_data(self, page):
        return ListMixin.page_data(self, page)


serialized_list = SerializedPracticeViewSet.as_view({"get": "list"})


@pytest.fixture
def many(world):
    """The API's world and more: practices without countries, with several of each link
    in several roles, links to draft institutions and tools (never shown), names that tie,
    text that needs escaping, missing years, and the same title twice."""
    mex, phl, mda = world["countries"]
    civ = CountryFactory(iso3="CIV", iso2="CI", name="Côte d'Ivoire", m49=384)
    levels = [*world["levels"], CoherenceLevelFactory(slug="local", name="Local", order=0)]
    themes = [*world["themes"], ThemeFactory(slug="return", name="Return & reintegration")]
    tied = [InstitutionFactory(slug=f"same-{n}", name="Same name", country=mex) for n in range(2)]
    hidden = InstitutionFactory(slug="hidden", editorial_state=EditorialState.DRAFT, country=mex)
    tools = [PolicyToolFactory(slug=f"tool-{n}", name=f"Tool {n % 2}") for n in range(3)]
    draft_tool = PolicyToolFactory(slug="draft-tool", editorial_state=EditorialState.DRAFT)
    for n in range(23):
        practice = PracticeFactory(
            title=f'Practice {n % 5} <b>&"é"</b>' if n % 7 else "Three per One",
            summary="" if n % 4 == 0 else f"=Summary {n}\nwith a line break ✓",
            scope=["national", "bilateral", "regional"][n % 3],
            status=["ongoing", "completed", "planned"][n % 3],
            start_year=None if n % 6 == 0 else 1990 + n,
            end_year=2020 + n if n % 5 == 0 else None,
            coherence_levels=levels[: 1 + n % 3],
            themes=themes[n % 3 :],
        )
        countries = [mex, phl, mda, civ][: n % 5]
        for i, country in enumerate(countries):
            PracticeCountry.objects.create(
                practice=practice, country=country, role="partner" if i % 2 else "implementing"
            )
        for i, institution in enumerate([*tied, hidden][: n % 4]):
            PracticeInstitution.objects.create(
                practice=practice, institution=institution, role="partner" if i else "lead"
            )
        practice.tools.set([*tools[: n % 4], draft_tool])
    feed.process()
    return world


QUERIES = [
    "",
    "page_size=200",
    "page_size=7&page=2",
    "page_size=7&page=4",
    "country=MEX",
    "country=MEX,CIV&ordering=-start_year",
    "coherence_level=local&theme=return",
    "scope=bilateral&status=completed&ordering=start_year",
    "institution=same-0&page_size=3",
    "tool=tool-1&ordering=-title",
    "year_from=1995&year_to=2005&ordering=-updated_at",
    "ordering=updated_at",
    "ordering=title,-start_year",
    "region=americas",
    "search=practice",
    "search=remittances&country=MEX",
    "search=practice&ordering=start_year&page_size=5&page=2",
    "updated_after=2000-01-01&page_size=4",
    "format=json&country=PHL",
    "element=political-commitment",
    "country=ZZZ",
]


def test_flat_rows_write_what_the_serializer_wrote(api, many):
    # One world for every query (building it is most of the time).
    for query in QUERIES:
        path = f"{LIST}?{query}"
        flat = api.get(path)
        serialized = serialized_list(APIRequestFactory().get(path))
        serialized.render()
        assert flat.status_code == serialized.status_code, query
        assert flat.content == serialized.content, query
        assert flat.get("ETag") == serialized.get("ETag"), query
        if query != "country=ZZZ":
            assert flat.status_code == 200, query
            assert json.loads(flat.content)["results"], f"{query} should list practices"
    assert api.get(f"{LIST}?country=ZZZ").status_code == 400


def test_the_flat_page_hides_draft_links_and_keeps_empty_ones(api, many):
    rows = api.get(f"{LIST}?page_size=200").json()["results"]
    shown = {i["slug"] for row in rows for i in row["institutions"]}
    assert "hidden" not in shown and {"same-0", "same-1"} <= shown
    assert "draft-tool" not in {t["slug"] for row in rows for t in row["tools"]}
    assert any(row["countries"] == [] for row in rows)
    assert any(row["start_year"] is None for row in rows)


@pytest.mark.parametrize(
    ("query", "queries"),
    [("", 4), ("search=practice", 6), ("country=MEX&ordering=-start_year", 4)],
)
def test_the_page_query_count_is_constant_in_page_size(
    api, many, query, queries, django_assert_num_queries
):
    api.get(f"{LIST}?{query}")  # the process's facet index, as the first request builds it
    # A page served by the facet index: its token, the page's rows, last-modified (1: the
    # change feed's latest entry and whether marks wait, `feed.latest()`) and
    # one query for every link type (the classification's included); a search is counted
    # by the database instead of the token, and since issue 24 also reads the thesaurus's
    # version and whether the search matches anything (else corrections or words left
    # out) (2); a country filter's codes are checked by the facet index, whose token the
    # page reads anyway.
    for size in (1, 5, 25, 200):
        with django_assert_num_queries(queries):
            response = api.get(f"{LIST}?{query}&page_size={size}")
        assert len(response.json()["results"]) == min(size, response.json()["count"])
