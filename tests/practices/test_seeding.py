"""The loader of the seed fixtures: natural keys, merging, idempotence, clear errors."""

import json

import pytest
from django.core.management import CommandError, call_command

from coherence.models import Citation, Institution
from practices.models import CountryFinding, Practice
from practices.seeding import FixtureError, load_knowledge_base
from tests.factories import SOURCE_TEXT

pytestmark = pytest.mark.django_db


def write(folder, name, record_type, records):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": record_type, "records": records}), encoding="utf-8")
    return path


@pytest.fixture
def fixtures(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "paper.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    write(
        tmp_path,
        "regions.json",
        "region",
        [
            {"slug": "americas", "name": "Americas", "m49": 19, "kind": "region"},
            {
                "slug": "central-america",
                "name": "Central America",
                "m49": 13,
                "kind": "intermediate",
                "parent": "latin-america",
            },
            {
                "slug": "latin-america",
                "name": "Latin America",
                "m49": 419,
                "kind": "subregion",
                "parent": "americas",
            },
        ],
    )
    write(
        tmp_path,
        "countries.json",
        "country",
        [
            {
                "iso3": "MEX",
                "iso2": "MX",
                "m49": 484,
                "name": "Mexico",
                "region": "americas",
                "subregion": "latin-america",
                "intermediate_region": "central-america",
            },
            {"iso3": "JAM", "iso2": "JM", "m49": 388, "name": "Jamaica", "region": "americas"},
        ],
    )
    write(
        tmp_path,
        "questions.json",
        "question",
        [{"slug": "remittance-programmes", "text": "Programmes on remittances"}],
    )
    write(
        tmp_path,
        "findings.json",
        "finding",
        [
            {
                "slug": "mex-remittance-programmes-2008",
                "country": "MEX",
                "question": "remittance-programmes",
                "statement": "Mexico has implemented several programs on remittances.",
                "value": "yes",
                "year": 2008,
                "citations": [
                    {
                        "source": "paper",
                        "locator": "para. 2",
                        "quote": "Mexico has implemented several programs to promote the "
                        "development effects of remittances",
                    }
                ],
            },
        ],
    )
    write(
        tmp_path,
        "levels.json",
        "coherence_level",
        [
            {
                "slug": "intra-governmental",
                "name": "Intra-governmental coherence",
                "definition": "Within government.",
                "order": 1,
            },
        ],
    )
    write(tmp_path, "themes.json", "theme", [{"slug": "remittances", "name": "Remittances"}])
    write(
        tmp_path,
        "sources.json",
        "source",
        [
            {
                "slug": "paper",
                "title": "Background paper",
                "year": 2008,
                "event": "GFMD 2008, Manila",
                "kind": "background_paper",
                "text_file": "sources/paper.txt",
            },
        ],
    )
    write(
        tmp_path,
        "a/institutions.json",
        "institution",
        [
            {
                "slug": "ministry-of-foreign-affairs-jamaica",
                "name": "Ministry of Foreign Affairs and Foreign Trade",
                "kind": "ministry",
                "country": "jam",
                "citations": [
                    {
                        "source": "paper",
                        "locator": "para. 3",
                        "quote": "In Jamaica, an Overseas Department in the Ministry of Foreign Affairs and Foreign Trade",
                    }
                ],
            },
            {
                "slug": "overseas-department",
                "name": "Overseas Department",
                "kind": "agency",
                "country": "JAM",
                "parent": "ministry-of-foreign-affairs-jamaica",
            },
        ],
    )
    write(
        tmp_path,
        "b/institutions.json",
        "institution",
        [
            {
                "slug": "overseas-department",
                "name": "Overseas Department",
                "description": "Links with the Jamaican Diaspora.",
                "citations": [
                    {
                        "source": "paper",
                        "locator": "para. 3",
                        "quote": "responsible for creating linkages with the Jamaican Diaspora",
                    }
                ],
            },
        ],
    )
    write(
        tmp_path,
        "practices.json",
        "practice",
        [
            {
                "slug": "three-per-one",
                "title": "Three per One (3x1)",
                "summary": "Matching funds.",
                "scope": "national",
                "status": "ongoing",
                "countries": [{"iso3": "MEX", "role": "implementing"}],
                "coherence_levels": ["intra-governmental"],
                "themes": ["remittances"],
                "citations": [
                    {
                        "source": "paper",
                        "locator": "para. 2",
                        "quote": "Mexico has implemented several programs to promote the development effects of remittances",
                    }
                ],
            },
        ],
    )
    return tmp_path


def test_loads_every_type_by_natural_key(fixtures):
    report = load_knowledge_base(fixtures)
    assert report.created["country"] == 2
    practice = Practice.objects.get(slug="three-per-one")
    assert [c.iso3 for c in practice.countries.all()] == ["MEX"]
    assert practice.editorial_state == "published"
    citation = practice.citations.get()
    assert citation.passage is not None and citation.passage.locator == "para. 2"
    assert practice.history.filter(history_type="+").count() == 1
    finding = CountryFinding.objects.get()
    assert (finding.country.iso3, finding.year, finding.value) == ("MEX", 2008, "yes")


def test_the_same_record_in_two_files_is_merged(fixtures):
    load_knowledge_base(fixtures)
    department = Institution.objects.get(slug="overseas-department")
    assert department.parent.slug == "ministry-of-foreign-affairs-jamaica"
    assert department.country.iso3 == "JAM"
    assert department.description == "Links with the Jamaican Diaspora."
    assert department.citations.count() == 1


def test_loading_twice_changes_nothing(fixtures):
    load_knowledge_base(fixtures)
    counts = {model: model.objects.count() for model in (Practice, Institution, Citation)}
    history = Practice.history.count()
    updated_at = Practice.objects.get().updated_at
    report = load_knowledge_base(fixtures)
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert {model: model.objects.count() for model in counts} == counts
    assert Practice.history.count() == history
    assert Practice.objects.get().updated_at == updated_at


def test_an_edited_fixture_updates_the_record_in_place(fixtures):
    load_knowledge_base(fixtures)
    before = Practice.objects.get(slug="three-per-one")
    write(
        fixtures,
        "practices.json",
        "practice",
        [
            {
                "slug": "three-per-one",
                "title": "Three per One programme",
                "summary": "Matching funds.",
                "scope": "national",
                "status": "ongoing",
                "countries": [{"iso3": "MEX"}, {"iso3": "JAM", "role": "partner"}],
                "coherence_levels": ["intra-governmental"],
                "themes": ["remittances"],
                "citations": [
                    {
                        "source": "paper",
                        "locator": "para. 2",
                        "quote": "one of which is called “Three per One” (3x1).",
                    }
                ],
            },
        ],
    )
    report = load_knowledge_base(fixtures)
    assert report.updated["practice"] == 1
    after = Practice.objects.get(slug="three-per-one")
    assert after.pk == before.pk
    assert after.title == "Three per One programme"
    assert sorted(after.country_links.values_list("country__iso3", "role")) == [
        ("JAM", "partner"),
        ("MEX", "implementing"),
    ]
    assert list(after.citations.values_list("quote", flat=True)) == [
        "one of which is called “Three per One” (3x1)."
    ]


def test_conflicting_values_for_one_record_are_reported_with_both_files(fixtures):
    write(
        fixtures,
        "c/institutions.json",
        "institution",
        [
            {"slug": "overseas-department", "name": "Overseas Bureau", "kind": "agency"},
        ],
    )
    with pytest.raises(FixtureError) as error:
        load_knowledge_base(fixtures)
    problem = error.value.problems[0]
    assert "overseas-department" in problem and "c/institutions.json" in problem
    assert "Overseas Bureau" in problem


def test_a_quote_missing_from_its_source_is_refused_and_nothing_is_loaded(fixtures):
    write(
        fixtures,
        "practices.json",
        "practice",
        [
            {
                "slug": "invented",
                "title": "Invented",
                "summary": "x",
                "scope": "national",
                "coherence_levels": ["intra-governmental"],
                "themes": ["remittances"],
                "citations": [
                    {"source": "paper", "locator": "para. 9", "quote": "Nobody wrote this."}
                ],
            },
        ],
    )
    with pytest.raises(CommandError) as error:
        call_command("load_knowledge_base", fixtures=fixtures)
    assert "invented" in str(error.value) and "does not occur" in str(error.value)
    assert not Practice.objects.exists()
    assert not Institution.objects.exists()


@pytest.mark.parametrize(
    "record, expected",
    [
        (
            {
                "slug": "p",
                "title": "P",
                "summary": "x",
                "scope": "national",
                "themes": ["remittances"],
            },
            "at least one coherence level",
        ),
        (
            {
                "slug": "p",
                "title": "P",
                "summary": "x",
                "scope": "national",
                "coherence_levels": ["intra-governmental"],
                "themes": ["remitances"],
            },
            "no theme with slug “remitances”",
        ),
        (
            {"slug": "p", "title": "P", "summary": "x", "scope": "national", "colour": "red"},
            "unknown field(s) colour",
        ),
        (
            {
                "slug": "p",
                "title": "P",
                "summary": "x",
                "scope": "national",
                "start_year": 2005,
                "end_year": 2001,
                "coherence_levels": ["intra-governmental"],
                "themes": ["remittances"],
            },
            "End year 2001 is before start year 2005.",
        ),
    ],
)
def test_bad_records_are_explained(fixtures, record, expected):
    write(fixtures, "practices.json", "practice", [record])
    with pytest.raises(FixtureError) as error:
        load_knowledge_base(fixtures)
    assert any(expected in problem for problem in error.value.problems), error.value.problems


def test_a_file_without_a_type_is_explained(fixtures):
    (fixtures / "broken.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(FixtureError) as error:
        load_knowledge_base(fixtures)
    assert "broken.json" in error.value.problems[0]
