"""XLSX export of a whole list, for spreadsheet users: one sheet with the CSV's columns, a
bold header row that stays in view, column widths fitted to the first rows, an autofilter,
numbers as numbers and date-times as dates.

Written with openpyxl in write-only mode: rows go to a temporary file as they come, so the
memory used does not grow with the list; the finished workbook is spooled (in memory up to
`SPOOL_BYTES`, then on disk) and sent with its length. A zip cannot be sent before it is
finished, so the first byte leaves once the whole sheet is written (see
docs/performance.md for how long that takes).

Text stays text: a cell starting like a formula (`=`, `+`, `-`, `@`) is written as a
string with Excel's quote prefix, the equivalent of the CSV's leading `'`, so that it is
shown as typed and is not run even when edited. URLs are plain text: Excel takes at most
65,530 hyperlinks per sheet, fewer than a full export's rows.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Sequence
from itertools import chain, islice

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from rest_framework.renderers import BaseRenderer

from .csv import FORMULA_STARTS, cell

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limits: characters in a cell, characters in a sheet's name.
MAX_CELL_TEXT = 32_767
MAX_SHEET_TITLE = 31
# Column widths (in characters) are fitted to the header and this many first rows: wide
# enough for most of their values (the 80th percentile), within bounds.
SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 6, 50
# The finished workbook stays in memory up to this size, then moves to a temporary file.
SPOOL_BYTES = 8 * 2**20
HEADER_FONT = Font(bold=True)


class XLSXRenderer(BaseRenderer):
    """Content negotiation for `?format=xlsx` and `Accept:` the XLSX media type. Lists are
    written by `write_workbook()` straight from their rows; this renders what is left (a
    single record) in one go."""

    media_type = MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"
    # What the OpenAPI schema says the operations answer in this format.
    openapi_schema = {
        "type": "string",
        "format": "binary",
        "description": "An Excel workbook (Office Open XML): one sheet, a header row first.",
    }

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        header = list(rows[0]) if rows else []
        with workbook_file(header, ([row.get(name) for name in header] for row in rows)) as file:
            return file.read()


def _same(text: str) -> str:
    return text


def _local(value: datetime.datetime) -> datetime.datetime:
    """A date-time as Excel holds it: in the site's time zone, without one attached."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


class _Cells:
    """Turns a row's values into what the write-only sheet takes."""

    def __init__(self, sheet, datetime_columns: Iterable[int] = ()):
        self.sheet = sheet
        self.datetime_columns = frozenset(datetime_columns)

    def text(self, value: str):
        if not value:
            return None
        if ILLEGAL_CHARACTERS_RE.search(value):
            # Control characters have no place in the file format.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > MAX_CELL_TEXT:
            value = value[:MAX_CELL_TEXT]
        if value.startswith(FORMULA_STARTS) or value in ERROR_CODES:
            # A string, never a formula or an error value, with the quote prefix.
            text = WriteOnlyCell(self.sheet)
            text._value = value
            text.data_type = "s"
            text.quotePrefix = True
            return text
        return value

    def row(self, values: Sequence) -> list:
        out = []
        for index, value in enumerate(values):
            if value is None or isinstance(value, bool | int | float):
                out.append(value)
            elif isinstance(value, datetime.datetime):
                out.append(_local(value))
            elif isinstance(value, datetime.date):
                out.append(value)
            elif isinstance(value, str):
                when = parse_datetime(value) if index in self.datetime_columns else None
                out.append(_local(when) if when is not None else self.text(value))
            else:
                # A list or a linked record of the list representation: as in the CSV.
                out.append(self.text(cell(value, escape=_same)))
        return out


def _shown_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 19
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    if isinstance(value, Cell):
        return _shown_length(value.value)
    return len(str(value))


def write_workbook(
    file,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    title: str = "export",
    datetime_columns: Iterable[str] = (),
) -> int:
    """Writes the rows under the header as one sheet of an XLSX workbook to `file`, and
    returns the number of rows. Values: None, numbers, booleans, text, dates and aware
    date-times (written in the site's time zone); text in `datetime_columns` is read as
    ISO 8601; lists and nested records become text as in the CSV."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:MAX_SHEET_TITLE] or "export")
    cells = _Cells(sheet, (i for i, name in enumerate(header) if name in datetime_columns))
    rows = iter(rows)
    sample = [cells.row(values) for values in islice(rows, SAMPLE_ROWS)]
    for index, name in enumerate(header):
        lengths = sorted(_shown_length(values[index]) for values in sample)
        most = lengths[int(len(lengths) * 0.8)] if lengths else 0
        width = min(max(len(name), most, MIN_WIDTH), MAX_WIDTH) + 2
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    heading = []
    for name in header:
        label = WriteOnlyCell(sheet, value=name)
        label.font = HEADER_FONT
        heading.append(label)
    sheet.append(heading)
    count = 0
    for values in chain(sample, (cells.row(values) for values in rows)):
        sheet.append(values)
        count += 1
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    workbook.save(file)
    return count


def workbook_file(header: Sequence[str], rows: Iterable[Sequence], **options):
    """The workbook in a spooled temporary file, read from its start. The caller closes
    it (a `FileResponse` does once it has sent it)."""
    # Not a context manager: the file outlives this function, closed by its reader.
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, suffix=".xlsx")  # noqa: SIM115
    try:
        write_workbook(file, header, rows, **options)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file
