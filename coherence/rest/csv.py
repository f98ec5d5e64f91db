"""CSV export of a whole list: streamed, one row per record, multi-valued cells joined
with `;`, and cells that a spreadsheet would take for a formula escaped. The text is UTF-8
and starts with a byte-order mark, so that Excel reads accented names as they are."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence

from rest_framework.renderers import BaseRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
# The byte-order mark: without it Excel takes UTF-8 for the local code page ("CÃ´te").
BOM = "\ufeff"


class CSVRenderer(BaseRenderer):
    """Content negotiation for `?format=csv` and `Accept: text/csv`. Lists stream through
    `stream()`; this renders what is left (a single record) in one go."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    # What the OpenAPI schema says the operations answer in this format.
    openapi_schema = {
        "type": "string",
        "description": "CSV (RFC 4180), UTF-8 with a byte-order mark, a header row first.",
    }

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        return (BOM + "".join(csv_lines(rows))).encode("utf-8")


def escape(value: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell(value, escape: Callable[[str], str] = escape) -> str:
    """A value of the list representation as one cell's text: lists joined with `;`,
    linked records by their key; `escape` is applied to each piece of text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(cell(item, escape) for item in value)
    if isinstance(value, dict):
        for key in ("iso3", "slug", "id", "source"):
            if key in value:
                return cell(value[key], escape)
        return ";".join(f"{k}={cell(v, escape)}" for k, v in value.items())
    return escape(str(value))


class _Line:
    def write(self, value):
        return value


def csv_lines(rows: list[dict]) -> Iterator[str]:
    """The rows of records already in memory (a single record's CSV)."""
    if not rows:
        return iter(())
    return stream(rows, list(rows[0]))


def stream(rows: Iterable[dict], header: list[str]) -> Iterator[str]:
    """The header line, then a line of each record's values under it."""
    return table_lines(header, ([row.get(name) for name in header] for row in rows))


def table_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The header line, then a line of each row of values (as `cell()` writes them)."""
    writer = csv.writer(_Line())
    yield writer.writerow(header)
    for values in rows:
        yield writer.writerow([cell(value) for value in values])
