"""Spreadsheet export and import in the admin of practices, recommendations and country
findings (and, through `coherence.admin_io`, institutions and tools)."""

from coherence.admin_io import SpreadsheetAdminMixin as ReferenceSpreadsheetAdminMixin

from .spreadsheets import SHEETS


class SpreadsheetAdminMixin(ReferenceSpreadsheetAdminMixin):
    sheets = SHEETS
