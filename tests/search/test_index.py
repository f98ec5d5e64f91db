"""The index follows every create, update and delete, and every link change that changes
what a record matches; the rebuild command repairs what bulk writes missed."""

import pytest
from django.core.management import call_command

from coherence.models import Institution, PolicyTool, SourcePassage
from coherence.passages import rebuild_passages
from practices.models import Practice, PracticeCountry, Recommendation
from search import search
from search.models import PassageDocument, PracticeDocument
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeCountryFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    RecommendationFactory,
    SourceDocumentFactory,
    SourcePassageFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def found(text, **kwargs):
    return [hit.obj for hit in search(text, **kwargs).hits]


RECORDS = {
    "practice": (lambda: PracticeFactory(title="Tontine savings"), "title"),
    "institution": (lambda: InstitutionFactory(name="Tontine Bureau"), "name"),
    "tool": (lambda: PolicyToolFactory(name="Tontine handbook"), "name"),
    "recommendation": (lambda: RecommendationFactory(title="Support tontines"), "title"),
    "passage": (lambda: SourcePassageFactory(text="Tontine groups pool savings."), "text"),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_the_index_follows_creates_updates_and_deletes(kind):
    create, field = RECORDS[kind]
    record = create()
    assert found("tontine", types=[kind]) == [record]

    setattr(record, field, "Hawala transfers")
    record.save()
    assert found("tontine", types=[kind]) == []
    assert found("hawala", types=[kind]) == [record]

    record.delete()
    assert found("hawala", types=[kind]) == []


def test_publishing_a_record_makes_it_public():
    record = PracticeFactory(title="Tontine savings", editorial_state="draft")
    assert found("tontine") == []
    record.editorial_state = "published"
    record.save()
    assert found("tontine") == [record]


def test_adding_and_removing_a_country_changes_what_a_practice_matches():
    record = PracticeFactory(title="Diaspora bonds")
    link = PracticeCountryFactory(practice=record, country=CountryFactory(name="Morocco"))
    assert found("bonds morocco") == [record]
    link.delete()
    assert found("bonds morocco") == []


def test_countries_added_through_the_manager_are_indexed():
    record = PracticeFactory(title="Diaspora bonds")
    morocco = CountryFactory(name="Morocco")
    record.countries.add(morocco, through_defaults={"role": "partner"})
    assert found("bonds morocco") == [record]
    record.countries.clear()
    assert found("bonds morocco") == []


def test_institutions_tools_and_themes_of_a_practice_are_indexed():
    record = PracticeFactory(title="Diaspora bonds", themes=[ThemeFactory(name="Remittances")])
    PracticeInstitutionFactory(practice=record, institution=InstitutionFactory(acronym="IME"))
    record.tools.add(PolicyToolFactory(name="Hawala handbook"))
    assert found("bonds remittances") == [record]
    assert found("bonds IME") == [record]
    assert found("bonds hawala") == [record]
    record.tools.clear()
    assert found("bonds hawala") == []


def test_links_changed_from_the_other_side_are_indexed():
    theme = ThemeFactory(name="Tontines")
    first, second = PracticeFactory(title="Savings one"), PracticeFactory(title="Savings two")
    theme.practices.add(first, second)
    assert set(found("savings tontines")) == {first, second}
    theme.practices.remove(first)
    assert found("savings tontines") == [second]
    theme.practices.clear()
    assert found("savings tontines") == []


def test_renaming_a_linked_record_updates_the_practices_that_name_it():
    morocco = CountryFactory(name="Marocco")
    institution = InstitutionFactory(name="Bureau of Emigrants")
    tool = PolicyToolFactory(name="Savings handbook")
    theme = ThemeFactory(name="Remittances")
    record = PracticeFactory(title="Diaspora bonds", countries=[morocco], themes=[theme])
    PracticeInstitutionFactory(practice=record, institution=institution)
    record.tools.add(tool)

    morocco.name = "Morocco"
    morocco.save()
    institution.name = "Bureau of Nationals Abroad"
    institution.save()
    tool.name = "Hawala handbook"
    tool.save()
    theme.name = "Tontines"
    theme.save()
    assert found("bonds morocco nationals hawala tontines", types=["practice"]) == [record]
    assert found("marocco OR emigrants OR savings OR remittances", types=["practice"]) == []


def test_renaming_a_country_updates_its_institutions_and_tools():
    country = CountryFactory(name="Marocco")
    institution = InstitutionFactory(name="Diaspora Bureau", country=country)
    tool = PolicyToolFactory(name="Diaspora handbook")
    tool.countries.add(country)
    country.name = "Morocco"
    country.save()
    assert set(found("diaspora morocco")) == {institution, tool}


def test_renaming_an_institution_updates_its_parts_and_the_tools_it_publishes():
    parent = InstitutionFactory(name="Ministry of Labour")
    child = InstitutionFactory(name="Diaspora Bureau", parent=parent)
    tool = PolicyToolFactory(name="Diaspora handbook")
    tool.publishers.add(parent)
    parent.name = "Ministry of Employment"
    parent.save()
    assert set(found("diaspora employment")) == {child, tool}


def test_themes_of_a_recommendation_are_indexed():
    recommendation = RecommendationFactory(title="Invest in data")
    recommendation.themes.add(ThemeFactory(name="Tontines"))
    assert found("data tontines") == [recommendation]


def test_deleting_a_practice_with_links_leaves_no_document_behind():
    record = PracticeFactory(title="Diaspora bonds", countries=[CountryFactory()])
    PracticeInstitutionFactory(practice=record)
    record.tools.add(PolicyToolFactory())
    record.delete()
    assert not PracticeDocument.objects.exists()


def test_rebuilding_a_sources_passages_reindexes_them():
    source = SourceDocumentFactory()
    rebuild_passages(source)
    assert PassageDocument.objects.count() == source.passages.count() == 5
    assert found("Jamaica")[0].locator == "para. 3"
    source.text = "1. Tontines are rotating savings groups.\n"
    source.save()
    rebuild_passages(source)
    assert found("Jamaica") == []
    [passage] = found("tontine")
    assert passage.source == source and passage.locator == "item 1"


def test_the_rebuild_command_catches_up_with_bulk_writes(capsys):
    record = PracticeFactory(title="Diaspora bonds")
    Practice.objects.update(title="Tontine savings")  # no signals
    Institution.objects.bulk_create([Institution(slug="t", name="Tontine Bureau", kind="agency")])
    assert found("tontine") == []

    call_command("rebuild_search_index", "--no-progress")
    assert found("tontine") == [record]
    assert found(
        "tontine", types=["institution"], querysets={"institution": Institution.objects.all()}
    ) == [Institution.objects.get(slug="t")]
    assert "practice: 1 indexed" in capsys.readouterr().out


def test_the_rebuild_command_indexes_every_type():
    PracticeFactory(title="Tontine one")
    InstitutionFactory(name="Tontine two")
    PolicyToolFactory(name="Tontine three")
    RecommendationFactory(title="Tontine four")
    SourcePassageFactory(text="Tontine five")
    call_command("rebuild_search_index", "--no-progress")
    assert search("tontine").counts == {
        "practice": 1,
        "institution": 1,
        "tool": 1,
        "recommendation": 1,
        "passage": 1,
        # Issue 21's types: tests/search/test_issue21_kinds.py rebuilds them.
        "challenge": 0,
        "definition": 0,
        "event": 0,
    }
    assert {type(o) for o in found("tontine")} == {
        Practice,
        Institution,
        PolicyTool,
        Recommendation,
        SourcePassage,
    }


def test_link_rows_saved_on_their_own_update_the_practice():
    record = PracticeFactory(title="Diaspora bonds")
    link = PracticeCountry(practice=record, country=CountryFactory(name="Morocco"))
    link.save()
    assert found("bonds morocco") == [record]


def test_migrate_builds_the_index_of_a_database_with_records_but_no_index(capsys):
    from search.signals import index_existing_records

    record = PracticeFactory(title="Tontine savings")
    PracticeDocument.objects.all().delete()  # as before the search app was installed
    assert found("tontine") == []
    index_existing_records(sender=None)
    assert found("tontine") == [record]
    assert "Search index built" in capsys.readouterr().out
    index_existing_records(sender=None)  # an indexed database is left alone
    assert capsys.readouterr().out == ""
