"""Spreadsheet files in and out: an XLSX workbook or a CSV text (UTF-8, with a byte-order
mark) written from a header and rows, and an uploaded file read back into a `Table`, with
limits on its size and its rows, and a clear refusal of anything that is not a
spreadsheet.

Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) stays text: the CSV
writes it after a `'` (as the API's CSV does), which reading takes off again; the workbook
writes it as a string with Excel's quote prefix.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

# What an upload may be: its size, its rows under the header, its columns, and (a
# workbook being a zip) the size of what it unpacks to.
MAX_BYTES = 2 * 2**20
MAX_ROWS = 1000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 40 * 2**20
MAX_CELL_TEXT = 32_767
MIN_WIDTH, MAX_WIDTH = 8, 60
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


class FileRefused(Exception):
    """An upload that cannot be read as a spreadsheet, with the reason in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """An uploaded sheet: its header (column names as typed, spaces trimmed) and its
    rows, each with its row number as the spreadsheet shows it (the header is row 1)."""

    header: list[str]
    rows: list[tuple[int, list]]


# Writing -----------------------------------------------------------------------------------


def _formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS) or value in ERROR_CODES


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """The CSV text of the rows under the header, UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                ""
                if value is None
                else ("'" + value if isinstance(value, str) and _formula_like(value) else value)
                for value in row
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")


def _put(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
        if not value:
            return
        cell.value = value
        if _formula_like(value):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    title: str,
    notes: Sequence[tuple[str, str]] = (),
    widths: Sequence[int] = (),
) -> bytes:
    """A workbook: the rows under a bold header that stays in view, with an autofilter,
    then a second sheet, "Notes", of (heading, text) lines saying how to edit it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for column, name in enumerate(header, start=1):
        sheet.cell(row=1, column=column, value=name).font = HEADER_FONT
    count = 0
    for count, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _put(sheet, count + 1, column, value)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(
            max(width, MIN_WIDTH), MAX_WIDTH
        )
    sheet.freeze_panes = "B2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    if notes:
        guide = workbook.create_sheet(_("Notes"))
        guide.column_dimensions["A"].width = 24
        guide.column_dimensions["B"].width = 100
        for line, (heading, text) in enumerate(notes, start=1):
            _put(guide, line, 1, str(heading))
            guide.cell(row=line, column=1).font = HEADER_FONT
            _put(guide, line, 2, str(text))
            guide.cell(row=line, column=2).alignment = WRAP
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Reading -----------------------------------------------------------------------------------


def read_upload(upload, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> Table:
    """The table in an uploaded `.xlsx` or `.csv` file, or `FileRefused` saying why not."""
    name = (getattr(upload, "name", "") or "").lower()
    kind = name.rsplit(".", 1)[-1] if "." in name else ""
    if kind not in FORMATS:
        raise FileRefused(
            _("Upload an Excel workbook (.xlsx) or a CSV file (.csv); “%(name)s” is neither.")
            % {"name": upload.name}
        )
    if upload.size > max_bytes:
        raise FileRefused(
            _("The file is %(size)s KB; an import takes at most %(limit)s KB.")
            % {"size": (upload.size + 1023) // 1024, "limit": max_bytes // 1024}
        )
    data = upload.read()
    return read_bytes(data, kind, max_rows=max_rows)


def read_bytes(data: bytes, kind: str, *, max_rows: int = MAX_ROWS) -> Table:
    rows = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    header: list[str] | None = None
    table_rows: list[tuple[int, list]] = []
    for number, values in enumerate(rows, start=1):
        values = list(values)
        if header is None:
            header = [("" if value is None else str(value)).strip() for value in values]
            while header and not header[-1]:
                header.pop()
            if len(header) > MAX_COLUMNS:
                raise FileRefused(
                    _("The sheet has %(count)s columns; an import takes at most %(limit)s.")
                    % {"count": len(header), "limit": MAX_COLUMNS}
                )
            continue
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue  # an empty line
        if len(table_rows) == max_rows:
            raise FileRefused(
                _(
                    "The sheet has more than %(limit)s rows; import at most %(limit)s at a "
                    "time (filter the list before exporting, or split the file)."
                )
                % {"limit": max_rows}
            )
        table_rows.append((number, values[: len(header)] + [None] * (len(header) - len(values))))
    if not header:
        raise FileRefused(_("The sheet is empty: its first row must name the columns."))
    return Table(header=header, rows=table_rows)


def _xlsx_rows(data: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise FileRefused(
            _("The file is not an Excel workbook (.xlsx): it cannot be opened as one.")
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused(_("The workbook unpacks to more than an import can read."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # Read row by row: the row limit stops reading a sheet of a million empty rows.
        yield from workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        raise FileRefused(
            _("The file is not an Excel workbook (.xlsx): it cannot be opened as one.")
        ) from None


def _unescape(value: str) -> str:
    """A cell's text as it was before the CSV writer escaped it."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            _("The CSV file is not UTF-8 text; save it as “CSV UTF-8” and upload it again.")
        ) from None
    if "\x00" in text:
        raise FileRefused(_("The file is not a CSV text file."))
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file cannot be read: %(reason)s.") % {"reason": error}
        ) from None
    return [[_unescape(value) for value in row] for row in rows]
