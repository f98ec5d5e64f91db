"""CSV export of a whole list: streamed, one row per record, multi-valued cells joined
with `;`, and cells that a spreadsheet would take for a formula escaped."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from rest_framework.renderers import BaseRenderer

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000


class CSVRenderer(BaseRenderer):
    """Content negotiation for `?format=csv` and `Accept: text/csv`. Lists stream through
    `stream_rows()`; this renders what is left (a single record) in one go."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        return "".join(csv_lines(rows)).encode("utf-8")


def escape(value: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(cell(item) for item in value)
    if isinstance(value, dict):
        for key in ("iso3", "slug", "id", "source"):
            if key in value:
                return cell(value[key])
        return ";".join(f"{k}={cell(v)}" for k, v in value.items())
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
    writer = csv.writer(_Line())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([cell(row.get(name)) for name in header])
