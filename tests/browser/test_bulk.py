"""An editor corrects practices in a spreadsheet: exports the practices of a country from
the admin's list, edits a title in the file, imports it with a dry run, sees the change,
applies it and sees the new title."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook
from playwright.sync_api import expect

from practices.models import Practice
from tests.factories import CountryFactory, PracticeFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/shots/bulk")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw-editor-123", is_staff=True)
    for codename in ("view_practice", "change_practice"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_correct_a_title_through_a_spreadsheet(page, editor, tmp_path):
    mexico, philippines = CountryFactory(name="Mexico"), CountryFactory(name="Philippines")
    PracticeFactory(slug="three-per-one", title="Three per One", countries=[mexico])
    PracticeFactory(slug="pdos", title="Pre-departure seminars", countries=[philippines])

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{page.base}/admin/login/?next=/admin/practices/practice/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-editor-123")
    page.get_by_role("button", name="Log in").click()

    page.locator("#searchbar").fill("Mexico")  # the list searches countries' names
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export to XLSX").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)

    workbook = load_workbook(exported)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == ["three-per-one"]
    header = [cell.value for cell in sheet[1]]
    rows[0][header.index("title")].value = "Tres por Uno"
    workbook.save(exported)

    page.get_by_role("link", name="Import corrections").click()
    page.get_by_label("Spreadsheet:").set_input_files(str(exported))
    page.get_by_role("button", name="Dry run").click()
    expect(page.locator(".spreadsheet-changes del")).to_have_text("Three per One")
    expect(page.locator(".spreadsheet-changes ins")).to_have_text("Tres por Uno")
    expect(page.locator(".summary")).to_contain_text("1 row would change")
    assert Practice.objects.get(slug="three-per-one").title == "Three per One"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1366, f"the dry run is {width} px wide"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "dry-run-1366.png"), full_page=True)

    page.get_by_role("button", name="Apply these changes").click()
    expect(page.locator(".messagelist")).to_contain_text("1 practice corrected from")
    expect(page).to_have_url(re.compile(r"/admin/practices/practice/$"))
    expect(page.get_by_role("link", name="Tres por Uno")).to_be_visible()
    assert Practice.objects.get(slug="three-per-one").title == "Tres por Uno"
