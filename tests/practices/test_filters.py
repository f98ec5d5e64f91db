"""The shared practice FilterSet: what pages and API both accept."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from coherence.models import Region
from practices.facets import practice_facets
from practices.filters.forms import given
from practices.filters.practices import PracticeFilterSet
from practices.filters.recommendations import RecommendationFilterSet
from practices.models import Practice
from practices.selection import PUBLISHED
from tests.factories import (
    CitationFactory,
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    RecommendationFactory,
    RegionFactory,
    SourceDocumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def run(query: str, queryset=None):
    filterset = PracticeFilterSet(
        QueryDict(query), queryset=queryset or Practice.objects.published()
    )
    valid = filterset.is_valid()
    return filterset, (list(filterset.qs) if valid else None)


def slugs(practices):
    return sorted(p.slug for p in practices)


@pytest.fixture
def world():
    americas = RegionFactory(slug="americas", name="Americas", m49=19)
    asia = RegionFactory(slug="asia", name="Asia", m49=142)
    central = RegionFactory(
        slug="central-america",
        name="Central America",
        m49=13,
        kind=Region.Kind.INTERMEDIATE,
        parent=americas,
    )
    mex = CountryFactory(
        iso3="MEX", iso2="MX", m49=484, name="Mexico", region=americas, intermediate_region=central
    )
    phl = CountryFactory(iso3="PHL", iso2="PH", m49=608, name="Philippines", region=asia)
    jam = CountryFactory(iso3="JAM", iso2="JM", m49=388, name="Jamaica", region=americas)
    intra = CoherenceLevelFactory(slug="intra-governmental")
    multi = CoherenceLevelFactory(slug="multilateral")
    remittances = ThemeFactory(slug="remittances", name="Remittances")
    diaspora = ThemeFactory(slug="diaspora-engagement", name="Diaspora engagement")
    resources = CoherenceElementFactory(slug="resources")
    tool = PolicyToolFactory(slug="migof")
    paper = SourceDocumentFactory(slug="paper-2008")
    ministry = InstitutionFactory(slug="sre-mex", country=mex)
    bank = InstitutionFactory(slug="al-amal", kind="bank_or_fund", country=None)

    three = PracticeFactory(
        slug="three-per-one",
        title="Three per One",
        countries=[mex],
        coherence_levels=[intra],
        themes=[remittances],
        start_year=2002,
        scope="national",
    )
    three.elements.add(resources)
    PracticeInstitutionFactory(practice=three, institution=ministry)
    CitationFactory(content_object=three, source=paper)
    labour = PracticeFactory(
        slug="labour-export",
        title="Labour export",
        countries=[phl, mex],
        coherence_levels=[multi],
        themes=[diaspora],
        start_year=1978,
        scope="bilateral",
        status="completed",
    )
    labour.tools.add(tool)
    PracticeInstitutionFactory(practice=labour, institution=bank)
    PracticeFactory(
        slug="overseas-department",
        title="Overseas Department",
        countries=[jam],
        coherence_levels=[intra, multi],
        themes=[diaspora, remittances],
        scope="subnational",
    )
    PracticeFactory(slug="draft-one", title="Draft", countries=[mex], editorial_state="draft")
    return locals()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["labour-export", "overseas-department", "three-per-one"]),
        ("country=mex", ["labour-export", "three-per-one"]),
        ("country=JAM&country=PHL", ["labour-export", "overseas-department"]),
        ("country=JAM,PHL", ["labour-export", "overseas-department"]),
        ("country=MEX&coherence_level=multilateral", ["labour-export"]),
        ("region=americas", ["labour-export", "overseas-department", "three-per-one"]),
        ("region=central-america", ["labour-export", "three-per-one"]),
        ("region=asia", ["labour-export"]),
        ("coherence_level=intra-governmental", ["overseas-department", "three-per-one"]),
        (
            "theme=remittances,diaspora-engagement&coherence_level=multilateral",
            ["labour-export", "overseas-department"],
        ),
        ("element=resources", ["three-per-one"]),
        ("institution=al-amal", ["labour-export"]),
        ("institution_kind=ministry", ["three-per-one"]),
        ("tool=migof", ["labour-export"]),
        ("scope=bilateral,national", ["labour-export", "three-per-one"]),
        ("status=completed", ["labour-export"]),
        ("source=paper-2008", ["three-per-one"]),
        ("year_from=2000", ["three-per-one"]),
        ("year_to=1990", ["labour-export"]),
        ("year_from=1970&year_to=2010", ["labour-export", "three-per-one"]),
        ("ordering=-start_year&year_from=1900", ["three-per-one", "labour-export"]),
    ],
)
def test_filters_select_the_expected_practices(world, query, expected):
    filterset, practices = run(query)
    assert filterset.errors == {}
    if "ordering" in query:
        assert [p.slug for p in practices] == expected
    else:
        assert slugs(practices) == expected


def test_a_practice_matching_several_values_appears_once(world):
    _, practices = run("country=MEX,PHL&region=americas,asia")
    assert slugs(practices) == ["labour-export", "three-per-one"]


def test_updated_after_keeps_recent_changes(world):
    Practice.objects.filter(slug="three-per-one").update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    _, practices = run(f"updated_after={since}")
    assert "three-per-one" not in slugs(practices)
    _, practices = run("updated_after=2000-01-01")
    assert len(practices) == 3


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("country=ZZZ", "country", "Unknown country code: ZZZ."),
        ("country=MEX,QQQ", "country", "Unknown country code: QQQ."),
        ("coherence_level=nope", "coherence_level", "Unknown coherence level: nope."),
        ("scope=galactic", "scope", "Unknown value: galactic."),
        ("year_from=abc", "year_from", "Enter a year as a whole number"),
        ("year_to=99999", "year_to", "less than or equal to 2100"),
        ("updated_after=yesterday", "updated_after", "Enter an ISO 8601 date"),
        ("ordering=colour", "ordering", "Select a valid choice"),
        ("country=ME%00X", "country", "Values cannot contain control characters."),
        ("theme=remit%00tances", "theme", "Values cannot contain control characters."),
    ],
)
def test_bad_values_are_errors_naming_the_parameter(world, query, field, message):
    filterset, practices = run(query)
    assert practices is None
    assert message in " ".join(filterset.errors[field])


def test_recommendations_filter_by_level_and_theme(world):
    rec = RecommendationFactory(slug="home")
    rec.coherence_levels.add(world["intra"])
    RecommendationFactory(slug="other")
    filterset = RecommendationFilterSet(
        QueryDict("coherence_level=intra-governmental"), queryset=type(rec).objects.published()
    )
    assert [r.slug for r in filterset.qs] == ["home"]


def test_facets_count_matching_practices(world, django_assert_num_queries):
    mexico = PUBLISHED.narrowed("country", ["MEX"])
    practice_facets(selection=PUBLISHED)  # builds the facet index
    with django_assert_num_queries(1):  # the index's token (the index finds the practices)
        facets = practice_facets(selection=mexico)
    assert {v["value"]: v["count"] for v in facets["country"]} == {"MEX": 2, "PHL": 1}
    assert {v["value"]: v["count"] for v in facets["region"]} == {
        "americas": 2,
        "asia": 1,
        "central-america": 2,
    }
    levels = {v["value"]: v["count"] for v in facets["coherence_level"]}
    assert levels["intra-governmental"] == 1 and levels["multilateral"] == 1
    assert {v["value"]: v["count"] for v in facets["scope"]}["global"] == 0
    assert {v["value"]: v["count"] for v in facets["institution_kind"]}["bank_or_fund"] == 1
    assert facets["tool"] == [{"value": "migof", "label": world["tool"].name, "count": 1}]
    assert {v["value"]: v["count"] for v in facets["source"]}["paper-2008"] == 1


def test_facet_query_count_does_not_grow_with_the_number_of_practices(
    world, django_assert_num_queries
):
    for _ in range(5):
        PracticeFactory(
            countries=[world["jam"]],
            coherence_levels=[world["intra"]],
            themes=[world["remittances"]],
        )
    practice_facets(selection=PUBLISHED)
    with django_assert_num_queries(1):  # the index's token
        practice_facets(selection=PUBLISHED)
    recent = Practice.objects.published().filter(updated_at__year__gte=2000)
    with django_assert_num_queries(2):  # and the ids of the practices the SQL finds
        practice_facets(recent)


def test_a_facet_left_empty_chooses_nothing_without_a_query(world, django_assert_num_queries):
    # The page's form cleans `?country=` (no value) to an empty queryset: no criterion,
    # and telling so runs no query; a facet given a value is a criterion.
    filterset = PracticeFilterSet(QueryDict("country=&theme="), queryset=Practice.objects.all())
    assert filterset.is_valid()
    with django_assert_num_queries(0):
        assert filterset.chosen().criteria == ()
    assert not given(Practice.objects.none())
    assert given(Practice.objects.all())
    assert slugs(run("country=&theme=")[1]) == slugs(run("")[1])
    filterset = PracticeFilterSet(QueryDict("country=MEX&theme="), queryset=Practice.objects.all())
    assert filterset.is_valid()
    assert len(filterset.chosen().criteria) == 1
