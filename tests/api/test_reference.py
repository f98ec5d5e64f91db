import pytest

from tests.factories import CountryFindingFactory, SourcePassageFactory

pytestmark = pytest.mark.django_db

V1 = "/api/v1/"


def test_countries_list_counts_published_practices(api, world):
    body = api.get(f"{V1}countries/").json()
    rows = {row["iso3"]: row for row in body["results"]}
    assert rows["MEX"]["practice_count"] == 1  # the draft does not count
    assert rows["PHL"]["practice_count"] == 2
    assert rows["MEX"]["region"] == "americas"
    assert set(rows["MEX"]) >= {"iso3", "iso2", "m49", "name", "region", "subregion"}


def test_countries_filter_by_region(api, world):
    body = api.get(f"{V1}countries/?region=asia").json()
    assert [row["iso3"] for row in body["results"]] == ["PHL"]
    assert api.get(f"{V1}countries/?region=atlantis").status_code == 400


def test_country_detail(api, world):
    mex = world["countries"][0]
    CountryFindingFactory(country=mex, element=world["elements"][0])
    body = api.get(f"{V1}countries/mex/").json()
    assert body["iso3"] == "MEX"
    assert [i["slug"] for i in body["institutions"]] == ["sedesol"]
    assert [p["slug"] for p in body["practices"]] == ["three-per-one"]
    finding = body["findings"][0]
    assert set(finding) >= {"element", "statement", "value", "year", "citations"}
    levels = {
        entry["slug"]: entry["practice_count"] for entry in body["coherence_profile"]["levels"]
    }
    assert levels == {"intra-governmental": 1, "multilateral": 1}
    assert body["coherence_profile"]["elements"][0]["practice_count"] == 1


def test_institutions_filter_and_detail(api, world):
    body = api.get(f"{V1}institutions/?country=MDA").json()
    assert [row["slug"] for row in body["results"]] == ["diaspora-bureau"]
    row = body["results"][0]
    assert row["country"] == "MDA" and row["kind"] == "ministry"
    assert set(row) >= {"slug", "name", "acronym", "kind", "parent", "year_established"}
    detail = api.get(f"{V1}institutions/cfo/").json()
    assert sorted(p["slug"] for p in detail["practices"]) == ["pdos", "three-per-one"]
    assert "description" in detail and "citations" in detail and "tools" in detail
    assert api.get(f"{V1}institutions/?kind=spaceship").status_code == 400


def test_tools_filter_and_detail(api, world):
    world["tools"][0].coherence_levels.set([world["levels"][1]])
    body = api.get(f"{V1}tools/?coherence_level=multilateral").json()
    assert [row["slug"] for row in body["results"]] == ["migof"]
    row = body["results"][0]
    assert row["coherence_levels"] == ["multilateral"]
    assert set(row) >= {"slug", "name", "acronym", "kind", "category", "year", "publishers", "link"}
    detail = api.get(f"{V1}tools/migof/").json()
    assert len(detail["practices"]) == 2


def test_levels_themes_elements_regions(api, world):
    levels = api.get(f"{V1}coherence-levels/").json()["results"]
    assert {row["slug"]: row["practice_count"] for row in levels} == {
        "intra-governmental": 2,
        "multilateral": 2,
    }
    assert "definition" in levels[0]
    detail = api.get(f"{V1}coherence-levels/multilateral/").json()
    assert len(detail["practices"]) == 2
    themes = api.get(f"{V1}themes/").json()["results"]
    assert {row["slug"]: row["practice_count"] for row in themes} == {
        "diaspora": 2,
        "remittances": 2,
    }
    elements = api.get(f"{V1}elements/").json()["results"]
    assert all(row["practice_count"] == 2 for row in elements)
    regions = {
        row["slug"]: row["practice_count"] for row in api.get(f"{V1}regions/").json()["results"]
    }
    assert regions == {"americas": 1, "asia": 2}


def test_recommendations(api, world):
    from tests.factories import RecommendationFactory

    recommendation = RecommendationFactory()
    recommendation.coherence_levels.set(world["levels"])
    body = api.get(f"{V1}recommendations/").json()
    row = body["results"][0]
    assert row["id"] == recommendation.pk
    assert set(row) >= {"text", "addressed_to", "coherence_levels", "themes", "citations"}
    assert api.get(f"{V1}recommendations/{recommendation.pk}/").status_code == 200
    assert api.get(f"{V1}recommendations/abc/").status_code == 404
    filtered = api.get(f"{V1}recommendations/?coherence_level=multilateral").json()
    assert filtered["count"] == 1


def test_sources_and_passages(api, world):
    passage = SourcePassageFactory(locator="para. 2")
    body = api.get(f"{V1}sources/").json()
    assert set(body["results"][0]) >= {"slug", "title", "year", "event", "kind", "authors"}
    detail = api.get(f"{V1}sources/{passage.source.slug}/").json()
    assert detail["passages"][0]["locator"] == "para. 2"
    assert detail["passages"][0]["text"]


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # count, page, last-modified (one query: `practices.feed.latest()`), then one per
        # prefetch; the numbers of practices from the facet index (one read of its token)
        ("countries/", 4),
        ("institutions/", 3),
        ("tools/", 6),
        ("coherence-levels/", 4),
        ("themes/", 4),
        ("elements/", 4),
        ("regions/", 4),
        ("recommendations/", 7),  # its addressees, levels, themes, citations
        ("sources/", 3),
    ],
)
def test_list_query_counts(api, world, django_assert_num_queries, path, queries):
    from django.contrib.contenttypes.models import ContentType

    from practices.models import Recommendation
    from tests.factories import RecommendationFactory

    ContentType.objects.get_for_model(Recommendation)  # cached for the process after first use

    for _ in range(2):
        recommendation = RecommendationFactory()
        recommendation.coherence_levels.set(world["levels"])
        recommendation.themes.set(world["themes"])
    for tool in world["tools"]:
        tool.publishers.set(world["institutions"][:2])
        tool.countries.set(world["countries"][:2])
        tool.coherence_levels.set(world["levels"])
    api.get(f"{V1}{path}?page_size=200")  # warm the per-process caches (the facet index)
    with django_assert_num_queries(queries):
        assert api.get(f"{V1}{path}?page_size=200").status_code == 200


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The numbers of practices, the practices listed and the coherence profile each
        # read the facet index's token; Last-Modified asks the change feed (any pending
        # marks? then the representation's time): two more.
        ("countries/PHL/", 9),
        ("institutions/cfo/", 7),
        ("tools/migof/", 9),
        ("coherence-levels/multilateral/", 6),
        ("themes/diaspora/", 4),
    ],
)
def test_detail_query_counts(api, world, django_assert_num_queries, path, queries):
    from django.contrib.contenttypes.models import ContentType

    from coherence.models import Institution, PolicyTool

    # Content types are cached for the process after their first use.
    ContentType.objects.get_for_models(Institution, PolicyTool)
    api.get(f"{V1}{path}")  # warm the per-process caches (the facet index)
    with django_assert_num_queries(queries):
        assert api.get(f"{V1}{path}").status_code == 200
