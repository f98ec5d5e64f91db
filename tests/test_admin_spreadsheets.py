"""Bulk work in the admin: export the list's selection (its filters and search) or the
ticked rows to a spreadsheet, import corrections back with a dry run first, apply them;
each step needs its permission."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from coherence.models import EditorialState
from practices.models import Practice
from tests.factories import CountryFactory, InstitutionFactory, PracticeFactory

pytestmark = pytest.mark.django_db

EXPORT = "admin:practices_practice_export"


@pytest.fixture
def practices():
    mex, phl = CountryFactory(iso3="MEX", name="Mexico"), CountryFactory(iso3="PHL")
    PracticeFactory(slug="three-per-one", title="Three per One", countries=[mex])
    PracticeFactory(slug="pdos", title="Pre-departure seminars", countries=[phl])
    PracticeFactory(
        slug="draft-one", title="A draft", countries=[mex], editorial_state=EditorialState.DRAFT
    )


def slugs_in(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))


def xlsx_with(response, slug, column, value) -> SimpleUploadedFile:
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == slug:
            row[header.index(column)].value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("fixes.xlsx", buffer.getvalue())


def import_url():
    return reverse("admin:practices_practice_import")


def test_the_list_offers_export_and_import(admin_client, practices):
    page = admin_client.get(reverse("admin:practices_practice_changelist") + "?q=Mexico")
    html = page.content.decode()
    assert f'href="{reverse(EXPORT, args=["xlsx"])}?q=Mexico"' in html
    assert f'href="{import_url()}"' in html
    assert "export_selected_xlsx" in html  # the action


def test_the_export_takes_the_lists_filters_and_search(admin_client, practices):
    everything = admin_client.get(reverse(EXPORT, args=["xlsx"]))
    assert everything["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="practices-' in everything["Content-Disposition"]
    assert slugs_in(everything) == ["draft-one", "pdos", "three-per-one"]
    mexico = admin_client.get(reverse(EXPORT, args=["xlsx"]), {"q": "Mexico"})
    assert slugs_in(mexico) == ["draft-one", "three-per-one"]
    published = admin_client.get(
        reverse(EXPORT, args=["xlsx"]), {"q": "Mexico", "editorial_state__exact": "published"}
    )
    assert slugs_in(published) == ["three-per-one"]


def test_the_csv_export_is_utf8_with_a_bom(admin_client, practices):
    response = admin_client.get(reverse(EXPORT, args=["csv"]), {"q": "Mexico"})
    assert response.content.startswith("\ufeffslug,title,".encode())
    assert b"MEX:implementing" in response.content


def test_an_unknown_format_or_filter_is_not_a_server_error(admin_client, practices):
    assert admin_client.get(reverse(EXPORT, args=["pdf"])).status_code == 404
    response = admin_client.get(reverse(EXPORT, args=["xlsx"]), {"nonsense__exact": "1"})
    assert response.status_code == 302


def test_the_action_exports_the_ticked_rows(admin_client, practices):
    ticked = Practice.objects.filter(slug__in=["pdos", "draft-one"]).values_list("pk", flat=True)
    response = admin_client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "export_selected_xlsx", "_selected_action": list(ticked)},
    )
    assert slugs_in(response) == ["draft-one", "pdos"]


def test_a_dry_run_then_apply(admin_client, practices):
    export = admin_client.get(reverse(EXPORT, args=["xlsx"]))
    upload = xlsx_with(export, "pdos", "title", "Seminars before departure")
    dry_run = admin_client.post(import_url(), {"file": upload, "dry_run": "Dry run"})
    html = dry_run.content.decode()
    assert dry_run.status_code == 200
    assert "<del>Pre-departure seminars</del>" in html
    assert "<ins>Seminars before departure</ins>" in html
    assert "2 unchanged rows" in html
    assert Practice.objects.get(slug="pdos").title == "Pre-departure seminars"
    fingerprint = dry_run.context["report"].fingerprint
    applied = admin_client.post(import_url(), {"apply": "Apply", "fingerprint": fingerprint})
    assert applied.status_code == 302
    pdos = Practice.objects.get(slug="pdos")
    assert pdos.title == "Seminars before departure"
    latest = pdos.history.latest()
    assert latest.history_user.username == "editor"
    assert latest.history_change_reason == "Corrected by a spreadsheet import (fixes.xlsx)"
    follow = admin_client.get(applied["Location"])
    assert "1 practice corrected from fixes.xlsx." in follow.content.decode()


def test_applying_refuses_when_the_records_changed_since_the_dry_run(admin_client, practices):
    export = admin_client.get(reverse(EXPORT, args=["xlsx"]))
    upload = xlsx_with(export, "pdos", "title", "Seminars before departure")
    dry_run = admin_client.post(import_url(), {"file": upload, "dry_run": "Dry run"})
    fingerprint = dry_run.context["report"].fingerprint
    Practice.objects.filter(slug="pdos").update(title="Renamed meanwhile")
    again = admin_client.post(import_url(), {"apply": "Apply", "fingerprint": fingerprint})
    assert again.status_code == 200
    assert "The records changed since the dry run" in again.content.decode()
    assert Practice.objects.get(slug="pdos").title == "Renamed meanwhile"


def test_a_refused_row_is_shown_and_cannot_be_applied(admin_client, practices):
    export = admin_client.get(reverse(EXPORT, args=["xlsx"]))
    upload = xlsx_with(export, "pdos", "countries", "MEX; XXX")
    html = admin_client.post(import_url(), {"file": upload}).content.decode()
    assert "Unknown countries: XXX." in html
    assert 'name="apply"' not in html


def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(admin_client, practices):
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4")
    response = admin_client.post(import_url(), {"file": upload})
    assert response.status_code == 200
    assert "Upload an Excel workbook (.xlsx) or a CSV file (.csv)" in response.content.decode()


def test_applying_without_a_dry_run_asks_for_the_file(admin_client, practices):
    response = admin_client.post(import_url(), {"apply": "Apply", "fingerprint": "x"})
    assert response.status_code == 302 and response["Location"] == import_url()


@pytest.fixture
def viewer(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="pw-viewer-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_practice"))
    client.force_login(user)
    return client


def test_importing_needs_the_change_permission(viewer, practices):
    assert viewer.get(reverse(EXPORT, args=["csv"])).status_code == 200
    assert viewer.get(import_url()).status_code == 403
    upload = SimpleUploadedFile("fixes.csv", b"slug,title\npdos,Stolen\n")
    assert viewer.post(import_url(), {"file": upload}).status_code == 403
    page = viewer.get(reverse("admin:practices_practice_changelist")).content.decode()
    assert "Import corrections" not in page


def test_exporting_needs_the_view_permission(viewer, practices):
    assert (
        viewer.get(reverse("admin:coherence_institution_export", args=["csv"])).status_code == 403
    )


def test_institutions_export_and_import_too(admin_client):
    InstitutionFactory(slug="cfo", name="Commission on Filipinos Overseas")
    export = admin_client.get(reverse("admin:coherence_institution_export", args=["xlsx"]))
    upload = xlsx_with(export, "cfo", "acronym", "CFO")
    url = reverse("admin:coherence_institution_import")
    dry_run = admin_client.post(url, {"file": upload})
    assert "<ins>CFO</ins>" in dry_run.content.decode()
