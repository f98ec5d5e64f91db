"""Spreadsheet imports of corrections (`coherence.spreadsheets`): rows matched by slug,
cells read and compared with the records, every refusal given as row, column and reason,
and the writes made through the services, all or nothing; a dry run writes nothing."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from coherence.models import EditorialState, Institution
from coherence.spreadsheets import files
from coherence.spreadsheets.importing import run_import
from coherence.spreadsheets.reference import InstitutionSheet
from practices import feed
from practices.models import CountryFinding, FeedEntry, Practice
from practices.spreadsheets import CountryFindingSheet, PracticeSheet
from tests.factories import (
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    CountryFindingFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices():
    mex = CountryFactory(iso3="MEX", name="Mexico")
    usa = CountryFactory(iso3="USA", name="United States")
    CountryFactory(iso3="PHL", name="Philippines")
    levels = [CoherenceLevelFactory(slug="multilateral"), CoherenceLevelFactory(slug="intra")]
    themes = [ThemeFactory(slug="remittances"), ThemeFactory(slug="diaspora")]
    CoherenceElementFactory(slug="commitment")
    PolicyToolFactory(slug="migof")
    three = PracticeFactory(
        slug="three-per-one",
        title="Three per One",
        countries=[mex],
        coherence_levels=levels,
        themes=themes,
        start_year=2002,
    )
    three.country_links.create(country=usa, role="partner")
    PracticeInstitutionFactory(practice=three, institution=InstitutionFactory(slug="sedesol"))
    PracticeFactory(slug="pdos", title="Pre-departure seminars", coherence_levels=levels[:1])
    return Practice.objects.order_by("slug")


def table(sheet, queryset):
    """The export, read back as an import reads an uploaded file."""
    return files.read_bytes(sheet.export(queryset, "xlsx"), "xlsx")


def edited(sheet, queryset, changes: dict[tuple[str, str], object], kind="xlsx"):
    """The export with cells changed: {(slug, column): value}."""
    read = table(sheet, queryset)
    key = read.header.index("slug")
    for _number, cells in read.rows:
        for (slug, column), value in changes.items():
            if cells[key] == slug:
                cells[read.header.index(column)] = value
    return read


def errors(report):
    return [(error.row, error.column, error.message) for error in report.all_errors]


def last_feed_entry():
    feed.process()
    return FeedEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_the_export_has_readable_columns_with_roles_and_names(practices):
    workbook = load_workbook(io.BytesIO(PracticeSheet().export(practices, "xlsx")))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = {
        row[0]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)
    }
    three = rows["three-per-one"]
    assert three["title"] == "Three per One"
    assert three["countries"] == "MEX:implementing; USA:partner"
    assert three["country_names"] == "Mexico; United States"
    assert three["institutions"] == "sedesol:lead"
    assert set(three["themes"].split("; ")) == {"remittances", "diaspora"}
    assert three["start_year"] == 2002 and three["editorial_state"] == "published"
    notes = " ".join(str(cell.value) for row in workbook["Notes"].iter_rows() for cell in row)
    assert "Citations are not in the spreadsheet" in notes


def test_the_export_reads_each_relation_once(practices, django_assert_max_num_queries):
    PracticeFactory.create_batch(3, countries=[CountryFactory(), CountryFactory()])
    # The practices, then one query per relation: country links and their countries,
    # institution links and their institutions, levels, elements, themes, tools.
    with django_assert_max_num_queries(9):
        PracticeSheet().export(Practice.objects.all(), "xlsx")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_an_unchanged_round_trip_writes_nothing(practices, kind):
    Practice.objects.filter(slug="pdos").update(title="=SUM(A1) is a title, not a formula")
    history, entry = Practice.history.count(), last_feed_entry()
    read = files.read_bytes(PracticeSheet().export(practices, kind), kind)
    report = run_import(PracticeSheet(), read, commit=True, reason="test")
    assert errors(report) == [] and report.changed == []
    assert len(report.unchanged) == 2
    assert Practice.history.count() == history
    assert last_feed_entry() == entry


def test_a_dry_run_shows_each_change_and_writes_nothing(practices):
    read = edited(
        PracticeSheet(),
        practices,
        {("pdos", "title"): "Seminars before departure", ("pdos", "countries"): "PHL"},
    )
    history = Practice.history.count()
    report = run_import(PracticeSheet(), read, commit=False, reason="test")
    assert report.valid and not report.applied
    (row,) = report.changed
    assert row.key == "pdos" and row.label == "Pre-departure seminars"
    assert [(c.column, c.old, c.new) for c in row.changes] == [
        ("title", "Pre-departure seminars", "Seminars before departure"),
        ("countries", "", "PHL:implementing"),
    ]
    assert Practice.objects.get(slug="pdos").title == "Pre-departure seminars"
    assert Practice.history.count() == history


def test_applying_writes_through_the_services_with_history_and_feed(practices):
    entry, history = last_feed_entry(), Practice.history.count()
    read = edited(
        PracticeSheet(),
        practices,
        {("three-per-one", "title"): "Tres por Uno", ("three-per-one", "tools"): "migof"},
    )
    report = run_import(PracticeSheet(), read, commit=True, reason="Imported from fixes.xlsx")
    assert report.applied
    three = Practice.objects.get(slug="three-per-one")
    assert three.title == "Tres por Uno"
    assert list(three.tools.values_list("slug", flat=True)) == ["migof"]
    latest = three.history.latest()
    assert latest.history_change_reason == "Imported from fixes.xlsx"
    assert Practice.history.count() > history
    last_feed_entry()
    assert ("practice", "three-per-one") in {
        (e.type, e.key) for e in FeedEntry.objects.filter(id__gt=entry)
    }


def test_one_bad_row_refuses_the_whole_import(practices):
    read = edited(
        PracticeSheet(),
        practices,
        {("three-per-one", "title"): "Tres por Uno", ("pdos", "start_year"): "soon"},
    )
    report = run_import(PracticeSheet(), read, commit=True, reason="test")
    assert not report.applied
    assert errors(report) == [
        (2, "start_year", "“soon” is not a year (a whole number such as 2008).")
    ]
    assert Practice.objects.get(slug="three-per-one").title == "Three per One"


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("countries", "MEX:implementing; XXX", "Unknown countries: XXX."),
        ("countries", "MEX:leader", "“leader” (for MEX) is not a role"),
        ("countries", "MEX; MEX:partner", "Listed more than once: MEX."),
        ("themes", "", "Choose at least one theme."),
        ("coherence_levels", "", "Choose at least one coherence level."),
        ("tools", "no-such-tool", "Unknown tools and frameworks: no-such-tool."),
        ("scope", "planetary", "“planetary” is not one of:"),
        ("title", "Two\tparts", "control character"),
        ("title", "", "This field cannot be blank."),
        ("start_year", 1492, "Years must lie between 1800 and 2100."),
        ("end_year", 1999, "End year 1999 is before start year 2002."),
        ("editorial_state", "gone", "“gone” is not one of: draft, in_review, published."),
    ],
)
def test_each_bad_cell_is_refused_with_its_row_column_and_reason(practices, column, value, message):
    read = edited(PracticeSheet(), practices, {("three-per-one", column): value})
    report = run_import(PracticeSheet(), read, commit=False, reason="test")
    ((row, at, reason),) = errors(report)
    assert row == 3 and at == column and message in reason


def test_unknown_slugs_and_repeated_rows_are_refused(practices):
    read = table(PracticeSheet(), practices)
    read.rows.append((10, ["a-new-practice", *read.rows[0][1][1:]]))
    read.rows.append((11, list(read.rows[0][1])))
    report = run_import(PracticeSheet(), read, commit=False, reason="test")
    assert [(row, column) for row, column, _ in errors(report)] == [(10, "slug"), (11, "slug")]
    assert "creates none" in errors(report)[0][2]
    assert "also on row 2" in errors(report)[1][2]


def test_unknown_columns_are_ignored_with_a_warning_and_missing_ones_kept(practices):
    read = files.Table(header=["slug", "title", "colour"], rows=[(2, ["pdos", "Seminars", "blue"])])
    report = run_import(PracticeSheet(), read, commit=True, reason="test")
    assert report.applied and report.warnings == ["Unknown columns, ignored: colour."]
    pdos = Practice.objects.get(slug="pdos")
    assert pdos.title == "Seminars" and pdos.themes.exists()


def test_a_sheet_without_the_key_column_is_refused(practices):
    report = run_import(
        PracticeSheet(), files.Table(header=["title"], rows=[(2, ["x"])]), commit=True, reason=""
    )
    assert errors(report) == [
        (1, "slug", "The first row must name the columns, one of them “slug” (the key).")
    ]


def test_findings_and_institutions_are_corrected_too():
    finding = CountryFindingFactory(slug="mex-plan", country=CountryFactory(iso3="MEX"))
    CountryFactory(iso3="PHL")
    read = edited(
        CountryFindingSheet(),
        CountryFinding.objects.all(),
        {("mex-plan", "country"): "phl", ("mex-plan", "value"): "Planned"},
    )
    assert run_import(CountryFindingSheet(), read, commit=True, reason="").applied
    finding.refresh_from_db()
    assert (finding.country.iso3, finding.value) == ("PHL", "planned")

    bureau = InstitutionFactory(slug="bureau", editorial_state=EditorialState.DRAFT)
    read = edited(InstitutionSheet(), Institution.objects.all(), {("bureau", "parent"): "bureau"})
    report = run_import(InstitutionSheet(), read, commit=True, reason="")
    assert errors(report) == [
        (2, "parent", "An institution cannot be part of itself or of its own parts.")
    ]
    assert Institution.objects.get(pk=bureau.pk).parent is None


def workbook_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Upload(io.BytesIO):
    def __init__(self, data, name):
        super().__init__(data)
        self.name, self.size = name, len(data)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 not a sheet", "fixes.pdf", "Upload an Excel workbook (.xlsx) or a CSV file"),
        (b"%PDF-1.4 not a sheet", "fixes.xlsx", "The file is not an Excel workbook"),
        ("slug,title\nx,é".encode("latin-1"), "fixes.csv", "not UTF-8 text"),
        (b"", "fixes.csv", "The sheet is empty"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(data, name, message):
    with pytest.raises(files.FileRefused) as refused:
        files.read_upload(Upload(data, name))
    assert message in refused.value.message


def test_size_and_row_limits_are_told():
    data = workbook_bytes([["slug", "title"], *([f"p-{n}", "t"] for n in range(6))])
    with pytest.raises(files.FileRefused, match="more than 5 rows"):
        files.read_upload(Upload(data, "fixes.xlsx"), max_rows=5)
    with pytest.raises(files.FileRefused, match="at most 1 KB"):
        files.read_upload(Upload(data, "fixes.xlsx"), max_bytes=1024)
    assert len(files.read_upload(Upload(data, "fixes.xlsx"), max_rows=6).rows) == 6
