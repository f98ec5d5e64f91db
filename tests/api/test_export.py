"""The CSV export is made from flat rows (`practices.export`), not through the list's
serializer: it must still say exactly what the list says, row for row and cell for cell,
in the list's order."""

import csv
import io

import pytest

from coherence.rest.csv import cell
from practices.models import Practice, PracticeCountry, PracticeInstitution
from practices.serializers.practices import PracticeSerializer
from tests.factories import (
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


def exported(api, query=""):
    response = api.get(f"{LIST}?format=csv{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def listed(api, query=""):
    """The rows the JSON list gives for the same filters, page after page, as CSV cells."""
    header = list(PracticeSerializer.Meta.fields)
    rows, url = [header], f"{LIST}?page_size=5{query}"
    while url:
        page = api.get(url).json()
        rows += [[cell(result[name]) for name in header] for result in page["results"]]
        url = page["next"]
    return rows


@pytest.fixture
def more(world):
    """Practices with several links of each type, names that sort apart from their keys,
    a formula-like title and empty years."""
    zambia = CountryFactory(iso3="ZMB", iso2="ZM", name="Zambia")
    albania = CountryFactory(iso3="ALB", iso2="AL", name="Albania")
    themes = [ThemeFactory(slug="z-theme", name="A theme"), *world["themes"]]
    tools = [PolicyToolFactory(slug="a-tool", name="Zeta tool"), *world["tools"]]
    institutions = [InstitutionFactory(slug="aaa", name="Zz body"), *world["institutions"]]
    for i in range(12):
        practice = PracticeFactory(
            slug=f"extra-{i:02}",
            title=f"=SUM({i})" if i == 3 else f"Extra practice {i}",
            summary='Remittances, diaspora; and "quotes",\nover two lines.',
            start_year=None if i % 4 == 0 else 1990 + i,
            end_year=None,
            coherence_levels=world["levels"][: 1 + i % 2],
            themes=themes[: 1 + i % 3],
        )
        practice.tools.set(tools[: i % 4])
        for country, role in (
            (zambia, "partner"),
            (albania, "implementing"),
            (world["countries"][0], "partner"),
        )[: i % 4]:
            PracticeCountry.objects.create(practice=practice, country=country, role=role)
        for institution, role in zip(
            institutions[: i % 3], ("lead", "partner", "lead"), strict=False
        ):
            PracticeInstitution.objects.create(
                practice=practice, institution=institution, role=role
            )


@pytest.mark.parametrize(
    "query",
    [
        "",
        "&ordering=-start_year",
        "&ordering=updated_at",
        "&country=ZMB,MEX",
        "&theme=z-theme&coherence_level=multilateral",
        "&search=remittances",
    ],
)
def test_the_export_says_what_the_list_says_row_for_row(api, more, query):
    rows = exported(api, query)
    assert rows == listed(api, query)
    assert len(rows) > 2


def test_the_export_lists_every_published_practice_and_no_draft(api, more):
    slugs = [row[0] for row in exported(api)[1:]]
    assert sorted(slugs) == sorted(Practice.objects.published().values_list("slug", flat=True))
    assert "draft-practice" not in slugs


def test_the_export_escapes_formulas(api, more):
    titles = {row[0]: row[1] for row in exported(api)[1:]}
    assert titles["extra-03"] == "'=SUM(3)"


def test_the_export_runs_a_fixed_number_of_queries_per_chunk(api, more, django_assert_num_queries):
    # The practices, then one query per link type (five) for the one chunk.
    with django_assert_num_queries(6):
        exported(api)
