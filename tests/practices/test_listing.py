"""Lists of practices served by the facet index give what their SQL gives: the same
practices, the same count, the same order, page after page, on either database."""

import random

import pytest
from django.http import QueryDict

from coherence.models import Country, EditorialState, Region
from practices import facet_index
from practices.filters.practices import PracticeFilterSet
from practices.listing import IndexedPractices, candidates, paged
from practices.models import Practice, PracticeCountry
from practices.selection import EVERYTHING, PUBLISHED
from tests.conftest import copy_of, shared_records
from tests.factories import (
    CitationFactory,
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    RegionFactory,
    SourceDocumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ORDERINGS = ["", "title", "-title", "start_year", "-start_year", "updated_at", "-updated_at"]
# Titles that sort differently by code point and by a language's collation, and ties.
TITLES = ["Émigré fund", "emigre desk", "Zebra plan", "apple scheme", "Ángel", "Same title"]


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    yield from shared_records(django_db_blocker, build_world)


@pytest.fixture
def world(shared_world, db):
    return copy_of(shared_world)


def build_world():
    """Forty practices with random links (a fixed seed), drafts among them, unpublished
    institutions and tools, missing start years and tied titles."""
    rng = random.Random(7)
    americas = RegionFactory(slug="americas", name="Americas", m49=19)
    caribbean = RegionFactory(
        slug="caribbean", name="Caribbean", m49=29, kind=Region.Kind.SUBREGION, parent=americas
    )
    countries = [
        CountryFactory(region=americas, subregion=caribbean if i % 2 else None) for i in range(5)
    ]
    levels = [CoherenceLevelFactory() for _ in range(3)]
    themes = [ThemeFactory() for _ in range(4)]
    elements = [CoherenceElementFactory() for _ in range(2)]
    institutions = [
        InstitutionFactory(
            kind=rng.choice(["ministry", "bank_or_fund", "foundation"]),
            editorial_state=EditorialState.DRAFT if i == 0 else EditorialState.PUBLISHED,
        )
        for i in range(4)
    ]
    tools = [
        PolicyToolFactory(editorial_state=EditorialState.DRAFT if i == 0 else "published")
        for i in range(3)
    ]
    papers = [SourceDocumentFactory() for _ in range(2)]
    for n in range(40):
        practice = PracticeFactory(
            title=TITLES[n % len(TITLES)] if n % 3 else f"Practice {n:02d}",
            countries=rng.sample(countries, rng.randint(0, 2)),
            coherence_levels=rng.sample(levels, rng.randint(1, 2)),
            themes=rng.sample(themes, rng.randint(1, 2)),
            scope=rng.choice(Practice.Scope.values),
            status=rng.choice(Practice.Status.values),
            start_year=rng.choice([None, 1998, 2004, 2004, 2012, 2020]),
            editorial_state=rng.choice([EditorialState.PUBLISHED] * 4 + [EditorialState.DRAFT]),
        )
        practice.elements.set(rng.sample(elements, rng.randint(0, 1)))
        practice.tools.set(rng.sample(tools, rng.randint(0, 2)))
        for institution in rng.sample(institutions, rng.randint(0, 2)):
            PracticeInstitutionFactory(practice=practice, institution=institution)
        for paper in rng.sample(papers, rng.randint(0, 1)):
            CitationFactory(content_object=practice, source=paper)
    return {
        "rng": rng,
        "country": [c.iso3 for c in countries],
        "region": ["americas", "caribbean"],
        "coherence_level": [level.slug for level in levels],
        "theme": [theme.slug for theme in themes],
        "element": [element.slug for element in elements],
        # The public may name the published institutions and tools only.
        "institution": [institution.slug for institution in institutions[1:]],
        "institution_kind": ["ministry", "bank_or_fund", "foundation"],
        "tool": [tool.slug for tool in tools[1:]],
        "scope": list(Practice.Scope.values),
        "status": list(Practice.Status.values),
        "source": [paper.slug for paper in papers],
        "year_from": ["2000", "2004"],
        "year_to": ["2004", "2012"],
        "drafts": {"institution": institutions[0].slug, "tool": tools[0].slug},
    }


def random_queries(world, n):
    rng = world["rng"]
    facets = [name for name in world if name not in ("rng", "drafts")]
    for _ in range(n):
        data = QueryDict(mutable=True)
        for facet in rng.sample(facets, rng.randint(0, 3)):
            several = 1 if facet.startswith("year") else rng.randint(1, 2)  # a year is one
            data.setlist(facet, rng.sample(world[facet], several))
        ordering = rng.choice(ORDERINGS)
        if ordering:
            data["ordering"] = ordering
        yield data


def filtered(data):
    """The practices list of these parameters: its queryset (ordered as the list is,
    the primary key last) and its FilterSet."""
    filterset = PracticeFilterSet(data)
    assert filterset.is_valid(), filterset.errors
    queryset = filterset.qs
    ordering = list(queryset.query.order_by or Practice._meta.ordering)
    return queryset.order_by(*ordering, "pk"), filterset


def listed(data):
    """The same list as the facet index serves it (the list's queryset, its selection and
    its order, as the pages and the API hand them to `paged()`)."""
    queryset, filterset = filtered(data)
    return paged(queryset, filterset.selection(), filterset.ordering_key())


def test_random_facet_filters_count_and_page_as_their_sql(world):
    for data in random_queries(world, 120):
        queryset, _ = filtered(data)
        listing = listed(data)
        assert isinstance(listing, IndexedPractices), data
        expected = [practice.pk for practice in queryset]
        assert listing.count() == len(expected), data
        for start in range(0, len(expected) + 3, 3):  # every page of three, and one past
            assert [p.pk for p in listing[start : start + 3]] == expected[start : start + 3], (
                data,
                start,
            )
        assert [p.pk for p in listing] == expected


def test_a_page_of_few_matches_and_a_page_of_many_come_in_the_same_order(world):
    everything, _ = filtered(QueryDict("ordering=-start_year"))
    expected = [practice.pk for practice in everything]
    listing = listed(QueryDict("ordering=-start_year"))
    assert [p.pk for p in listing[len(expected) - 2 :]] == expected[-2:]  # walks the order
    query = QueryDict(f"country={world['country'][0]}&ordering=-start_year")
    one, _ = filtered(query)
    mine = [practice.pk for practice in one]
    assert [p.pk for p in listed(query)[0:50]] == mine  # sorts the few matches


def test_drafts_are_listed_only_by_a_queryset_that_includes_them(world):
    everything = Practice.objects.order_by("title", "pk")
    listing = paged(everything, EVERYTHING, "title")
    assert [p.pk for p in listing[0:100]] == [p.pk for p in everything]
    drafts = Practice.objects.filter(editorial_state="draft")
    assert paged(drafts, None, "title") is drafts  # no selection to serve it: SQL


def test_unpublished_institutions_and_tools_select_nothing_as_their_sql_does(world):
    published = Practice.objects.published().order_by("title", "pk")
    for facet, slug in world["drafts"].items():
        selection = PUBLISHED.narrowed(facet, [slug])
        queryset = Practice.objects.selected(selection).order_by("title", "pk")
        listing = paged(queryset, selection, "title")
        assert isinstance(listing, IndexedPractices)
        assert list(listing[0:100]) == list(queryset) == []
    assert published.exists()
    for facet, slug in world["drafts"].items():
        assert not PracticeFilterSet(QueryDict(f"{facet}={slug}")).is_valid()


@pytest.mark.parametrize(
    "query",
    [
        "search=diaspora",
        "updated_after=2020-01-01",
        "search=diaspora&country={country}",
        "updated_after=2020-01-01&scope=national&ordering=title",
    ],
)
def test_a_list_narrowed_by_more_than_facets_is_left_to_sql(world, query):
    data = QueryDict(query.format(country=world["country"][0]))
    queryset, filterset = filtered(data)
    assert filterset.selection() is None
    assert paged(queryset, filterset.selection(), filterset.ordering_key()) is queryset


def test_the_selection_is_the_facets_whatever_the_order(world):
    base = f"country={world['country'][0]}&scope=national"
    selections = {
        filtered(QueryDict(f"{base}&ordering={ordering}" if ordering else base))[1].selection()
        for ordering in ORDERINGS
    }
    assert len(selections) == 1
    (selection,) = selections
    assert selection == PUBLISHED.narrowed("country", [world["country"][0]]).narrowed(
        "scope", ["national"]
    )


def test_a_relevance_order_is_left_to_sql(world):
    data = QueryDict(f"search=diaspora&country={world['country'][0]}")
    queryset, filterset = filtered(data)
    assert filterset.ordering_key() is None  # ranked by relevance
    assert not isinstance(paged(queryset, PUBLISHED, filterset.ordering_key()), IndexedPractices)


def test_the_list_follows_writes(world):
    iso3 = world["country"][0]
    before = [p.pk for p in listed(QueryDict(f"country={iso3}"))[0:100]]
    assert before
    PracticeCountry.objects.filter(practice_id=before[0], country__iso3=iso3).delete()
    added = PracticeFactory(title="Aaa first", countries=[Country.objects.get(iso3=iso3)])
    queryset, _ = filtered(QueryDict(f"country={iso3}"))
    after = [p.pk for p in listed(QueryDict(f"country={iso3}"))[0:100]]
    assert after == [p.pk for p in queryset]
    assert before[0] not in after and after[0] == added.pk


def test_bulk_writes_are_listed_after_invalidate(world):
    iso3 = world["country"][0]
    outside = Practice.objects.published().exclude(countries__iso3=iso3).first()
    PracticeCountry.objects.bulk_create(
        [PracticeCountry(practice=outside, country=Country.objects.get(iso3=iso3))]
    )
    facet_index.invalidate("default")  # bulk writes send no signals
    assert outside.pk in [p.pk for p in listed(QueryDict(f"country={iso3}"))[0:100]]


def test_a_stale_page_is_checked_by_the_database(world):
    """A practice the index still lists but the database no longer matches is left out of
    its page rather than shown (a write racing the request)."""
    iso3 = world["country"][0]
    listing = listed(QueryDict(f"country={iso3}"))
    first = listing[0:5]
    PracticeCountry.objects.filter(practice=first[0], country__iso3=iso3).delete()
    assert [p.pk for p in listing[0:5]] == [p.pk for p in first[1:]]


def test_candidates_are_the_newest_practices_of_a_narrow_selection(world):
    selection = PUBLISHED.narrowed("country", world["country"][:1])
    queryset = Practice.objects.selected(selection)
    found = candidates(selection, "default")
    assert found is not None
    expected = list(queryset.order_by("-pk").values_list("pk", flat=True))
    assert list(found.newest()) == expected and found.count == len(expected)
    assert candidates(PUBLISHED, "default") is None  # nothing narrowed
    assert candidates(None, "default") is None  # SQL decides
