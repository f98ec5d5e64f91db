"""The in-memory facet index follows every write, and only the writes that committed."""

import pytest
from django.db import transaction

from coherence.models import EditorialState
from practices import facet_index
from practices.facets import practice_facets
from practices.models import FacetIndexState, Practice, PracticeCountry
from practices.selection import EVERYTHING
from tests.factories import (
    CitationFactory,
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


def counts(facet, queryset=None):
    facets = practice_facets(queryset if queryset is not None else Practice.objects.published())
    return {v["value"]: v["count"] for v in facets[facet]}


@pytest.fixture
def mex():
    return CountryFactory(iso3="MEX", iso2="MX", m49=484, name="Mexico")


def test_counts_follow_creations_links_and_deletions(mex):
    practice = PracticeFactory(countries=[mex])
    assert counts("country") == {"MEX": 1}
    other = PracticeFactory()
    PracticeCountry.objects.create(practice=other, country=mex)
    assert counts("country") == {"MEX": 2}
    theme = ThemeFactory(slug="diaspora", name="Diaspora")
    other.themes.add(theme)
    assert counts("theme")["diaspora"] == 1
    other.themes.remove(theme)
    assert counts("theme")["diaspora"] == 0
    practice.delete()
    assert counts("country") == {"MEX": 1}


def test_unpublishing_removes_a_practice_from_the_counts(mex):
    practice = PracticeFactory(countries=[mex])
    assert counts("country") == {"MEX": 1}
    practice.editorial_state = EditorialState.DRAFT
    practice.save()
    assert counts("country") == {}


def test_renaming_a_value_changes_its_label(mex):
    PracticeFactory(countries=[mex])
    practice_facets(Practice.objects.published())
    mex.name = "United Mexican States"
    mex.save()
    facets = practice_facets(Practice.objects.published())
    assert facets["country"][0]["label"] == "United Mexican States"


def test_unpublished_institutions_and_tools_are_not_facet_values():
    practice = PracticeFactory()
    PracticeInstitutionFactory(
        practice=practice, institution=InstitutionFactory(slug="hidden", editorial_state="draft")
    )
    practice.tools.add(PolicyToolFactory(slug="draft-tool", editorial_state="draft"))
    shown = PolicyToolFactory(slug="migof")
    practice.tools.add(shown)
    assert counts("institution") == {}
    assert counts("tool") == {"migof": 1}


def test_a_practice_counts_once_in_a_region_of_two_of_its_countries():
    americas = RegionFactory(slug="americas", m49=19)
    mex = CountryFactory(iso3="MEX", iso2="MX", m49=484, region=americas)
    gtm = CountryFactory(iso3="GTM", iso2="GT", m49=320, region=americas)
    PracticeFactory(countries=[mex, gtm])
    assert counts("region") == {"americas": 1}
    assert counts("country") == {"MEX": 1, "GTM": 1}


def test_a_citation_of_another_record_type_leaves_the_index_alone(mex):
    PracticeFactory(countries=[mex])
    paper = SourceDocumentFactory()
    practice_facets(Practice.objects.published())
    token = facet_index.current_token("default")
    CitationFactory(content_object=mex, source=paper)
    assert facet_index.current_token("default") == token


def test_a_rolled_back_write_is_not_counted(mex):
    PracticeFactory(countries=[mex])
    assert counts("country") == {"MEX": 1}
    with pytest.raises(RuntimeError), transaction.atomic():
        PracticeFactory(countries=[mex])
        assert counts("country") == {"MEX": 2}
        raise RuntimeError("roll back")
    assert counts("country") == {"MEX": 1}


def test_a_missing_state_row_is_recreated(mex):
    PracticeFactory(countries=[mex])
    FacetIndexState.objects.all().delete()
    assert counts("country") == {"MEX": 1}
    assert FacetIndexState.objects.count() == 1


def test_bulk_writes_are_counted_after_invalidate(mex):
    practice = PracticeFactory()
    assert counts("country") == {}
    PracticeCountry.objects.bulk_create([PracticeCountry(practice=practice, country=mex)])
    facet_index.invalidate("default")
    assert counts("country") == {"MEX": 1}


@pytest.mark.parametrize("sparse", [0, 10**9])
def test_bitsets_and_position_sets_count_alike(monkeypatch, mex, sparse):
    monkeypatch.setattr(facet_index.builder, "SPARSE", sparse)
    facet_index.invalidate("default")
    practices = [PracticeFactory(countries=[mex]) for _ in range(3)]
    PracticeFactory()
    subset = Practice.objects.filter(pk__in=[p.pk for p in practices[:2]])
    assert counts("country", subset) == {"MEX": 2}
    assert counts("scope", subset)["national"] == 2


def test_an_empty_queryset_counts_nothing(mex):
    PracticeFactory(countries=[mex])
    facets = practice_facets(Practice.objects.none())
    assert facets["country"] == []
    assert all(v["count"] == 0 for v in facets["scope"])


def test_rebuilding_the_index_costs_a_fixed_number_of_queries(mex):
    def rebuild_queries():
        facet_index.invalidate("default")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            practice_facets(Practice.objects.published())
        return len(captured)

    first = PracticeFactory(countries=[mex])
    first.tools.add(PolicyToolFactory())
    PracticeInstitutionFactory(practice=first)
    few = rebuild_queries()
    for _ in range(4):
        practice = PracticeFactory(countries=[mex])
        PracticeInstitutionFactory(practice=practice)
        practice.tools.add(PolicyToolFactory())
        CitationFactory(content_object=practice)
    assert rebuild_queries() == few


@pytest.mark.parametrize("runs_joined", [0, 10**6])
def test_key_flags_mark_the_keys_of_a_selection_across_gaps(monkeypatch, mex, runs_joined):
    """One byte per primary key, 1 for the selected practices, whatever gaps deletions
    left in the keys (slices of consecutive keys, or a byte at a time past RUNS_JOINED)."""
    monkeypatch.setattr(facet_index.index, "RUNS_JOINED", runs_joined)
    practices = [PracticeFactory(countries=[mex] if n % 3 else []) for n in range(9)]
    for gone in (practices[1], practices[5]):
        gone.delete()
    index = facet_index.index_for("default")
    chosen = Practice.objects.for_countries(["MEX"])
    bits = index.select(EVERYTHING.narrowed("country", ["MEX"]))
    flags = index.key_flags(bits)
    expected = set(chosen.values_list("pk", flat=True))
    assert {key for key, flag in enumerate(flags) if flag} == expected
    assert len(flags) == max(p.pk for p in practices if p.pk) + 1
    assert set(flags) <= {0, 1}
    newest = sorted(expected, reverse=True)
    for pk in (0, newest[2], newest[0], newest[0] + 1):
        assert index.count_from(bits, pk) == sum(key >= pk for key in expected)


def test_key_flags_of_an_empty_index_are_empty():
    index = facet_index.index_for("default")
    assert index.key_flags(0) == b"" and index.count_from(0, 1) == 0
