"""The CSV and XLSX exports are made from flat rows (`practices.export`), not through the
list's serializer: they must still say exactly what the list says, row for row and cell for
cell, in the list's order, with the linked records' names beside their keys. Both files are
opened as a spreadsheet user's program would: the CSV as UTF-8 with its byte-order mark, the
XLSX with openpyxl."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from openpyxl.utils import get_column_letter

from coherence.models import Country
from coherence.rest.csv import cell
from coherence.rest.xlsx import MEDIA_TYPE as XLSX
from practices import feed
from practices.models import Practice, PracticeCountry, PracticeInstitution
from practices.serializers.practices import PracticeSerializer
from tests.conftest import shared_records
from tests.factories import (
    CountryFactory,
    GcmObjectiveFactory,
    GcmPrincipleFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    RecommendationFactory,
    SdgTargetFactory,
    ThemeFactory,
    classify,
)

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_more")]

LIST = "/api/v1/practices/"
BOM = b"\xef\xbb\xbf"
# Each multi-valued column of the list, and the column of names that follows it.
NAMES = {
    "countries": "country_names",
    "coherence_levels": "coherence_level_names",
    "themes": "theme_names",
    "institutions": "institution_names",
    "tools": "tool_names",
    "gcm_objectives": "gcm_objective_names",
    "gcm_principles": "gcm_principle_names",
    "sdg_targets": "sdg_target_names",
}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def exported_text(api, query="", path=LIST):
    """The CSV as a spreadsheet program reads it: UTF-8 after the byte-order mark."""
    response = api.get(f"{path}?format=csv{query}")
    assert response.status_code == 200
    data = body(response)
    assert data.startswith(BOM)
    return io.StringIO(data.decode("utf-8-sig"), newline="")


def exported(api, query="", path=LIST):
    return list(csv.reader(exported_text(api, query, path)))


def workbook(api, query="", path=LIST):
    response = api.get(f"{path}?format=xlsx{query}")
    assert response.status_code == 200, body(response)[:300]
    assert response["Content-Type"] == XLSX
    data = body(response)
    assert int(response["Content-Length"]) == len(data)
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_as_csv(book):
    """The sheet's cells as the CSV writes them: numbers as digits, date-times in ISO 8601
    (the site's zone is UTC), text with a quote prefix as the CSV escapes it."""
    rows = []
    for row in book.active.iter_rows():
        values = []
        for c in row:
            value = c.value
            if value is None:
                value = ""
            elif isinstance(value, datetime.datetime):
                value = value.replace(tzinfo=datetime.UTC).isoformat().replace("+00:00", "Z")
            elif not isinstance(value, str):
                value = str(value)
            elif c.quotePrefix:
                value = "'" + value
            values.append(value)
        rows.append(values)
    return rows


def same_moment(csv_value: str, sheet_value: str) -> bool:
    """Excel keeps a date-time as a fraction of days: equal to the millisecond."""
    first, second = parse_datetime(csv_value), parse_datetime(sheet_value)
    return abs(first - second) < datetime.timedelta(milliseconds=1)


def names_of(api, path, key="slug", name="name"):
    """Slug (or another key) -> name of every record of a reference list."""
    found, url = {}, f"{path}?page_size=100"
    while url:
        page = api.get(url).json()
        found |= {record[key]: record[name] for record in page["results"]}
        url = page["next"]
    return found


def listed(api, query=""):
    """The rows the JSON list gives for the same filters, page after page, as CSV cells,
    each multi-valued column followed by the linked records' names."""
    # The serializer's fields, `languages` (added to every representation with
    # translated fields) included.
    fields = list(PracticeSerializer().fields)
    header = []
    for name in fields:
        header += [name, NAMES[name]] if name in NAMES else [name]
    level_names = names_of(api, "/api/v1/coherence-levels/")
    theme_names = names_of(api, "/api/v1/themes/")
    classified_names = {
        "gcm_objectives": names_of(api, "/api/v1/gcm-objectives/", "number", "short_title"),
        "gcm_principles": names_of(api, "/api/v1/gcm-principles/", "slug", "title"),
        "sdg_targets": names_of(api, "/api/v1/sdg-targets/", "code", "short_title"),
    }
    rows, url = [header], f"{LIST}?page_size=5{query}"
    while url:
        page = api.get(url).json()
        for result in page["results"]:
            row = []
            for name in fields:
                row.append(cell(result[name]))
                if name in ("countries", "institutions", "tools"):
                    row.append(cell([linked["name"] for linked in result[name]]))
                elif name == "coherence_levels":
                    row.append(cell([level_names[slug] for slug in result[name]]))
                elif name == "themes":
                    row.append(cell([theme_names[slug] for slug in result[name]]))
                elif name in classified_names:
                    row.append(cell([classified_names[name][key] for key in result[name]]))
            rows.append(row)
        url = page["next"]
    return rows


@pytest.fixture(scope="module")
def shared_more(shared_world, django_db_blocker):
    yield from shared_records(django_db_blocker, lambda: build_more(shared_world))


@pytest.fixture
def more(shared_more, world):
    return shared_more


def build_more(world):
    """Practices with several links of each type, names that sort apart from their keys,
    a formula-like title and empty years."""
    zambia = CountryFactory(iso3="ZMB", iso2="ZM", name="Zambia", m49=894)
    ivory_coast = CountryFactory(iso3="CIV", iso2="CI", name="Côte d'Ivoire", m49=384)
    themes = [ThemeFactory(slug="z-theme", name="A theme"), *world["themes"]]
    tools = [PolicyToolFactory(slug="a-tool", name="Zeta tool"), *world["tools"]]
    institutions = [InstitutionFactory(slug="aaa", name="Zz body"), *world["institutions"]]
    objectives = [
        GcmObjectiveFactory(number=19, short_title="A contribution"),
        GcmObjectiveFactory(number=2, short_title="Z drivers"),
    ]
    principles = [
        GcmPrincipleFactory(number=9, slug="a-whole", title="Whole of government"),
        GcmPrincipleFactory(number=1, slug="z-people", title="People"),
    ]
    targets = [
        SdgTargetFactory(code="17.18", short_title="A data"),
        SdgTargetFactory(code="10.c", short_title="Z remittances"),
    ]
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
            (ivory_coast, "implementing"),
            (world["countries"][0], "partner"),
        )[: i % 4]:
            PracticeCountry.objects.create(practice=practice, country=country, role=role)
        for institution, role in zip(
            institutions[: i % 3], ("lead", "partner", "lead"), strict=False
        ):
            PracticeInstitution.objects.create(
                practice=practice, institution=institution, role=role
            )
        # Classified under objectives, principles and targets whose keys sort apart
        # from their names, several of each.
        classify(
            practice,
            objectives=objectives[: i % 3],
            principles=principles[: i % 2 + 1],
            targets=targets[: i % 3],
        )
    feed.process()  # as once the writes commit


QUERIES = [
    "",
    "&ordering=-start_year",
    "&ordering=updated_at",
    "&country=ZMB,MEX",
    "&theme=z-theme&coherence_level=multilateral",
    "&search=remittances",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_export_says_what_the_list_says_row_for_row(api, more, query):
    rows = exported(api, query)
    assert rows == listed(api, query)
    assert len(rows) > 2


@pytest.mark.parametrize("query", QUERIES)
def test_the_xlsx_export_has_the_rows_of_the_csv(api, more, query):
    rows = exported(api, query)
    cells = sheet_as_csv(workbook(api, query))
    assert len(cells) == len(rows) > 2
    when = rows[0].index("updated_at")
    for csv_row, sheet_row in zip(rows[1:], cells[1:], strict=True):
        assert same_moment(csv_row[when], sheet_row[when])
        csv_row[when] = sheet_row[when] = ""
    assert cells == rows


def test_names_sit_beside_their_keys_in_the_same_order(api, more, world):
    PracticeCountry.objects.create(
        practice=world["practices"][0], country=Country.objects.get(iso3="CIV"), role="partner"
    )
    rows = {row["slug"]: row for row in csv.DictReader(exported_text(api))}
    three = rows["three-per-one"]
    assert three["countries"] == "MEX;PHL;CIV"
    assert three["country_names"] == "Mexico;Philippines;Côte d'Ivoire"
    assert three["coherence_levels"] == "intra-governmental;multilateral"
    assert three["coherence_level_names"] == "Intra-governmental;Multilateral"
    assert three["themes"] == "diaspora;remittances"
    assert three["theme_names"] == "Diaspora engagement;Remittances"
    assert three["institutions"] == "sedesol;cfo"
    assert (
        three["institution_names"]
        == "Secretaría de Desarrollo Social;Commission on Filipinos Overseas"
    )
    sheet = workbook(api, "&country=CIV").active
    header, *records = sheet.iter_rows(values_only=True)
    extra = next(dict(zip(header, r, strict=True)) for r in records if r[0] == "extra-02")
    assert extra["countries"] == "CIV;ZMB"
    assert extra["country_names"] == "Côte d'Ivoire;Zambia"


def test_the_csv_is_utf8_with_a_byte_order_mark(api, more):
    response = api.get(f"{LIST}?format=csv&country=CIV")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    data = body(response)
    assert data.startswith(BOM) and data.count(BOM) == 1
    assert "Côte d'Ivoire".encode() in data
    # Excel's reading of UTF-8 without the mark is exactly what the mark prevents.
    assert "Côte".encode().decode("cp1252") == "CÃ´te"


def test_the_export_lists_every_published_practice_and_no_draft(api, more):
    slugs = [row[0] for row in exported(api)[1:]]
    assert sorted(slugs) == sorted(Practice.objects.published().values_list("slug", flat=True))
    assert "draft-practice" not in slugs
    in_sheet = [row[0].value for row in workbook(api).active.iter_rows(min_row=2)]
    assert in_sheet == slugs


def test_the_export_escapes_formulas(api, more):
    titles = {row[0]: row[1] for row in exported(api)[1:]}
    assert titles["extra-03"] == "'=SUM(3)"


def test_the_xlsx_keeps_a_formula_like_title_as_text(api, more):
    sheet = workbook(api, "&search=SUM").active
    title = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "extra-03")
    assert title.value == "=SUM(3)"
    assert title.data_type == "s"
    assert title.quotePrefix


def test_the_xlsx_is_laid_out_for_reading(api, more):
    sheet = workbook(api).active
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["slug", "title", "summary", "countries", "country_names"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    last = get_column_letter(len(header))  # AA: `languages` after `web_url`
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    assert 8 <= widths["A"] < widths["C"] <= 52  # the slug narrower than the summary
    row = dict(zip(header, sheet[2], strict=True))
    assert row["updated_at"].is_date
    assert isinstance(row["updated_at"].value, datetime.datetime)
    years = [c.value for c in sheet["U"][1:] if c.value is not None]
    assert years and all(isinstance(year, int) for year in years)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_export_runs_a_fixed_number_of_queries_per_chunk(
    api, more, django_assert_num_queries, export_format
):
    # The practices, then one query for every link type (eight: five and the
    # classification's three), names included, for a chunk this small (a page's size:
    # `practices.rows.ONE_STATEMENT_MAX`; one query per type for a larger chunk).
    with django_assert_num_queries(2):
        response = api.get(f"{LIST}?format={export_format}")
        body(response)


def test_file_names_say_what_was_filtered_and_when(api, more):
    today = timezone.localdate().isoformat()
    response = api.get(f"{LIST}?format=csv")
    assert response["Content-Disposition"] == f'attachment; filename="practices_{today}.csv"'
    response = api.get(f"{LIST}?country=MEX&theme=remittances&ordering=title&format=xlsx")
    assert response["Content-Disposition"] == (
        f'attachment; filename="practices_country-MEX_theme-remittances_{today}.xlsx"'
    )
    response = api.get(f"{LIST}?country=MEX,PHL&format=csv")
    assert f'filename="practices_country-MEX+PHL_{today}.csv"' in response["Content-Disposition"]


def test_a_file_name_beyond_ascii_comes_in_both_forms(api, more):
    today = timezone.localdate().isoformat()
    response = api.get(f"{LIST}?search=Côte&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="practices_search-Cote_{today}.csv"; '
        f"filename*=UTF-8''practices_search-C%C3%B4te_{today}.csv"
    )


@pytest.mark.parametrize("bad", ["xls", "XLSX", "pdf", ""])
def test_an_unknown_format_is_a_clear_client_error(api, world, bad):
    response = api.get(f"{LIST}?format={bad}")
    # (An empty `format=` is refused like any parameter without a value.)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith(("application/json", "application/problem+json"))
    assert "Content-Disposition" not in response


def test_a_bad_filter_in_an_xlsx_export_is_json_400(api, world):
    response = api.get(f"{LIST}?format=xlsx&country=ZZZ")
    assert response.status_code == 400
    assert response.json()["errors"]["country"]
    assert "Content-Disposition" not in response


def test_an_empty_xlsx_export_has_its_header(api, world):
    sheet = workbook(api, "&search=nothingmatchesthis").active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 and rows[0][0] == "slug"


@pytest.mark.parametrize(
    "path",
    [
        "countries/",
        "regions/",
        "themes/",
        "elements/",
        "coherence-levels/",
        "institutions/",
        "tools/",
        "recommendations/",
        "sources/",
    ],
)
def test_every_list_exports_xlsx_with_the_csv_rows(api, world, path):
    RecommendationFactory(slug="rec")
    rows = exported(api, path=f"/api/v1/{path}")
    book = workbook(api, path=f"/api/v1/{path}")
    cells = sheet_as_csv(book)
    assert len(cells) == len(rows) > 1
    assert cells[0] == rows[0]
    assert book.active.title == path.strip("/")
    today = timezone.localdate().isoformat()
    response = api.get(f"/api/v1/{path}?format=csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{path.strip("/")}_{today}.csv"'
    )


def test_tools_and_recommendations_have_names_beside_their_keys(api, world):
    tool = world["tools"][0]
    tool.publishers.set(world["institutions"][:2])
    tool.countries.set(world["countries"][:2])
    tool.coherence_levels.set(world["levels"])
    rows = {row["slug"]: row for row in csv.DictReader(exported_text(api, path="/api/v1/tools/"))}
    assert rows["migof"]["publishers"] == "cfo;sedesol"
    assert rows["migof"]["publisher_names"] == (
        "Commission on Filipinos Overseas;Secretaría de Desarrollo Social"
    )
    assert rows["migof"]["countries"] == "MEX;PHL"
    assert rows["migof"]["country_names"] == "Mexico;Philippines"
    assert rows["migof"]["coherence_level_names"] == "Intra-governmental;Multilateral"
    recommendation = RecommendationFactory(slug="rec")
    recommendation.coherence_levels.set(world["levels"])
    recommendation.themes.set(world["themes"])
    header, *records = exported(api, path="/api/v1/recommendations/")
    assert header[header.index("themes") + 1] == "theme_names"
    row = dict(zip(header, records[0], strict=True))
    assert row["themes"] == "diaspora;remittances"
    assert row["theme_names"] == "Diaspora engagement;Remittances"
    assert row["coherence_level_names"] == "Intra-governmental;Multilateral"


def test_names_cost_one_query_per_link_type_per_chunk(api, world, django_assert_num_queries):
    for i in range(3):
        recommendation = RecommendationFactory(slug=f"rec-{i}")
        recommendation.coherence_levels.set(world["levels"])
        recommendation.themes.set(world["themes"])
    feed.process()  # the change feed has seen the writes, as once they committed
    with django_assert_num_queries(7) as queries:
        body(api.get("/api/v1/recommendations/?format=csv"))
    # The records, their addressees, levels, themes and citations, then the names of levels
    # and themes.
    names = [q["sql"] for q in queries.captured_queries[-2:]]
    assert "coherence_coherencelevel" in names[0] and "coherence_theme" in names[1]


def test_the_schema_declares_the_export_formats(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/practices/"]["get"]
    content = operation["responses"]["200"]["content"]
    assert content["text/csv"]["schema"]["type"] == "string"
    assert content[XLSX]["schema"]["type"] == "string"
    assert content[XLSX]["schema"]["format"] == "binary"
    assert "PaginatedPracticeList" in str(content["application/json"]["schema"])
    formats = next(p for p in operation["parameters"] if p["name"] == "format")
    assert "xlsx" in formats["schema"]["enum"]
