"""Integrity lives in the database: bad rows are refused whatever path they take."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import ProtectedError

from coherence.models import Country, Institution, PolicyTool, SourceDocument
from practices.models import Practice, PracticeCountry
from tests.factories import (
    CitationFactory,
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    RegionFactory,
    SourceDocumentFactory,
)

pytestmark = pytest.mark.django_db


def refused(callable_, *args, **kwargs):
    # PostgreSQL refuses an over-long value by its column type (DataError); SQLite, which
    # does not enforce lengths, by the named CHECK constraint (IntegrityError).
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        callable_(*args, **kwargs)


def test_practice_end_year_before_start_year_is_refused_by_the_database():
    practice = PracticeFactory(start_year=2005)
    practice.end_year = 2001
    refused(practice.save)


def test_practice_end_year_before_start_year_is_explained_in_plain_words():
    practice = PracticeFactory.build(start_year=2005, end_year=2001)
    with pytest.raises(ValidationError) as error:
        practice.full_clean(exclude=["coherence_levels", "themes"])
    assert error.value.message_dict["end_year"] == ["End year 2001 is before start year 2005."]


@pytest.mark.parametrize(
    "field, value",
    [("scope", "galactic"), ("status", "forgotten"), ("editorial_state", "leaked")],
)
def test_practice_choices_are_enforced_by_the_database(field, value):
    practice = PracticeFactory()
    setattr(practice, field, value)
    refused(practice.save)


def test_practice_year_out_of_range_is_refused():
    practice = PracticeFactory()
    practice.start_year = 20
    refused(practice.save)


def test_duplicate_practice_slug_is_refused():
    PracticeFactory(slug="three-per-one")
    refused(
        Practice.objects.create, slug="three-per-one", title="Copy", summary="x", scope="national"
    )


def test_country_codes_are_unique_and_upper_case():
    CountryFactory(iso3="MEX", iso2="MX", m49=484)
    refused(Country.objects.create, iso3="MEX", iso2="XX", name="Copy")
    refused(Country.objects.create, iso3="mex", iso2="QQ", name="Lower")
    refused(Country.objects.create, iso3="MEXI", iso2="QZ", name="Long")
    refused(Country.objects.create, iso3="QQQ", iso2="MX", name="Same alpha-2")


def test_country_m49_is_unique_but_may_be_empty_for_several():
    CountryFactory(iso3="XKX", iso2="XK", m49=None)
    CountryFactory(iso3="ZZZ", iso2="ZZ", m49=None)
    CountryFactory(iso3="MEX", iso2="MX", m49=484)
    refused(Country.objects.create, iso3="QQQ", iso2="QQ", name="Same M49", m49=484)


def test_institution_kind_must_be_known():
    refused(Institution.objects.create, slug="x", name="X", kind="secret_society")


def test_tool_category_may_be_blank_but_not_unknown():
    PolicyToolFactory(category="")
    refused(PolicyTool.objects.create, slug="y", name="Y", kind="framework", category="vibes")


def test_source_kind_must_be_known():
    refused(
        SourceDocument.objects.create,
        slug="s",
        title="S",
        year=2008,
        event="E",
        kind="blog",
        text="t",
    )


def test_citation_needs_a_quote_and_a_locator():
    citation = CitationFactory()
    citation.quote = ""
    refused(citation.save)
    citation.refresh_from_db()
    citation.locator = ""
    refused(citation.save)


def test_a_country_named_by_a_practice_cannot_be_deleted():
    country = CountryFactory()
    PracticeCountry.objects.create(practice=PracticeFactory(), country=country)
    with pytest.raises(ProtectedError):
        country.delete()


def test_an_institution_with_practices_cannot_be_deleted():
    link = PracticeFactory().institution_links.create(institution=InstitutionFactory())
    with pytest.raises(ProtectedError):
        link.institution.delete()


def test_a_source_with_citations_cannot_be_deleted():
    citation = CitationFactory()
    with pytest.raises(ProtectedError):
        citation.source.delete()


def test_a_region_with_countries_cannot_be_deleted():
    region = RegionFactory()
    CountryFactory(region=region)
    with pytest.raises(ProtectedError):
        region.delete()


def test_deleting_a_practice_removes_its_links_and_citations_but_keeps_the_country():
    country = CountryFactory()
    practice = PracticeFactory(countries=[country])
    citation = CitationFactory(content_object=practice)
    practice.delete()
    assert not PracticeCountry.objects.exists()
    assert not type(citation).objects.filter(pk=citation.pk).exists()
    assert Country.objects.filter(pk=country.pk).exists()


def test_a_citation_quote_must_occur_in_its_source():
    citation = CitationFactory.build(
        content_object=PracticeFactory(),
        source=SourceDocumentFactory(),
        quote="Words no paper wrote.",
    )
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert "does not occur" in error.value.message_dict["quote"][0]


def test_a_citation_quote_matches_across_line_breaks_and_keeps_typographic_quotes():
    source = SourceDocumentFactory()
    citation = CitationFactory.build(
        content_object=PracticeFactory(),
        source=source,
        quote="one of which is called “Three per One” (3x1).",
    )
    citation.full_clean()
    straight = CitationFactory.build(
        content_object=PracticeFactory(),
        source=source,
        quote='one of which is called "Three per One"',
    )
    with pytest.raises(ValidationError):
        straight.full_clean()


def test_an_institution_cannot_be_its_own_ancestor():
    parent = InstitutionFactory()
    child = InstitutionFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "part of itself" in error.value.message_dict["parent"][0]


def test_a_quote_that_runs_from_a_lead_in_into_its_list_points_at_the_lead_in():
    from coherence.passages import rebuild_passages

    source = SourceDocumentFactory(
        text="Mechanisms\n\nThe workshop identified mechanisms including:\n\n"
        "• Domestic, external and interstate action.\n\n• Inter ministerial taskforces.\n"
    )
    rebuild_passages(source)
    citation = CitationFactory(
        source=source,
        quote="The workshop identified mechanisms including: • Domestic, external and interstate action.",
    )
    assert citation.passage.text.startswith("The workshop identified")
    single = CitationFactory(source=source, quote="Inter ministerial taskforces.")
    assert single.passage.text == "• Inter ministerial taskforces."
