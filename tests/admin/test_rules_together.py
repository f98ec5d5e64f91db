"""The editorial rules hold on every path of the workbench: the publish button of the
change page and a spreadsheet import publish only a record with a citation."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from practices.models import Practice
from tests import factories
from tests.admin.conftest import practice_form

pytestmark = pytest.mark.django_db


def test_the_publish_button_refuses_a_practice_without_a_citation(admin_client):
    practice = factories.PracticeFactory(editorial_state="draft")
    practice.citations.all().delete()
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    response = admin_client.post(url, practice_form(practice, _publish="1"))
    assert response.status_code == 200  # the form again, with the reason
    assert "citation" in response.content.decode()
    practice.refresh_from_db()
    assert practice.editorial_state == "draft"


def test_a_spreadsheet_import_refuses_to_publish_a_practice_without_a_citation(admin_client):
    draft = factories.PracticeFactory(slug="uncited", editorial_state="draft")
    draft.citations.all().delete()
    export = admin_client.get(
        reverse("admin:practices_practice_export", args=["xlsx"]), {"q": "uncited"}
    )
    workbook = load_workbook(io.BytesIO(export.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "uncited":
            row[header.index("editorial_state")].value = "published"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("fixes.xlsx", buffer.getvalue())
    html = admin_client.post(
        reverse("admin:practices_practice_import"), {"file": upload, "dry_run": "Dry run"}
    ).content.decode()
    assert "citation" in html
    assert 'name="apply"' not in html
    assert Practice.objects.get(slug="uncited").editorial_state == "draft"
