"""What the CSV and XLSX exports of a list share: the download's file name, the names
columns beside columns of keys, and the responses that carry the file.

A file name says what was filtered and when: `practices_country-MEX_theme-remittances_
2026-12-05.csv`. Only characters that every file system takes are kept, its length is
bounded, and a name that is not plain ASCII (`search=Côte`) is also given in the UTF-8
form of RFC 6266 (`filename*=`), beside an ASCII one for older clients.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Model
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .csv import BOM, cell
from .xlsx import MEDIA_TYPE as XLSX_MEDIA_TYPE
from .xlsx import workbook_file

# Query parameters that do not change which records are exported.
NOT_FILTERS = frozenset({"format", "page", "page_size", "ordering"})
# The longest file name sent, in UTF-8 bytes with its extension (file systems take 255).
MAX_FILENAME = 120
_UNSAFE = re.compile(r"[^\w+.-]+|_+")
_DASHES = re.compile(r"-{2,}")
_NOT_ASCII = re.compile(r"[^A-Za-z0-9_+.-]+")


def _safe(text: str) -> str:
    """Letters, digits, `+`, `.` and `-`; any run of anything else becomes one `-`."""
    return _DASHES.sub("-", _UNSAFE.sub("-", text)).strip("-.")


def _ascii(filename: str) -> str:
    """The file name in ASCII: accents dropped (`Côte` -> `Cote`), other letters left out."""
    decomposed = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    text = _DASHES.sub("-", _NOT_ASCII.sub("-", decomposed))
    return text.replace("-_", "_").replace("_-", "_")


def export_filename(base: str, params, extension: str, *, today=None) -> str:
    """The file name of an export of `base` with these query parameters (a QueryDict or
    a dict of lists): `<base>_<name>-<value+value>_..._<date>.<extension>`, in the order
    the parameters were given, cut short (before the date) when too long."""
    today = today or timezone.localdate()
    parts = []
    for name in params:
        if name in NOT_FILTERS:
            continue
        values = params.getlist(name) if hasattr(params, "getlist") else params[name]
        pieces = [_safe(piece) for value in values for piece in value.split(",")]
        value = "+".join(piece for piece in pieces if piece)
        if value:
            parts.append(f"{_safe(name)}-{value}")
    suffix = f"_{today.isoformat()}.{extension}"
    stem = "_".join([_safe(base) or "export", *parts])
    room = MAX_FILENAME - len(suffix)
    if len(stem.encode()) > room:
        stem = stem.encode()[:room].decode("utf-8", "ignore").rstrip("_+.-")
    return stem + suffix


def content_disposition(filename: str) -> str:
    """`attachment` with the file name; non-ASCII names in both forms (RFC 6266)."""
    fallback = _ascii(filename)
    header = f'attachment; filename="{fallback}"'
    if fallback != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


def csv_response(lines: Iterable[str], filename: str) -> StreamingHttpResponse:
    """The CSV text as a download, streamed as it is made, after a byte-order mark. Under
    HTTP/1.1 it goes out chunked: should the export fail half-way, the response ends
    without its last chunk and the client sees a broken download, never a complete-looking
    one."""

    def encoded() -> Iterator[bytes]:
        yield BOM.encode("utf-8")
        for text in lines:
            yield text.encode("utf-8")

    response = StreamingHttpResponse(encoded(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(filename)
    return response


def xlsx_response(header: Sequence[str], rows: Iterable[Sequence], filename: str, **options):
    """The XLSX workbook as a download of known length. It is written whole before the
    response starts, so a failure is an error response, never a truncated file."""
    file = workbook_file(header, rows, **options)
    response = FileResponse(file, content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@dataclass(frozen=True)
class NamesColumn:
    """A column of the linked records' names, put right after the column of their keys
    (`countries` then `country_names`), joined with `;` in the same order."""

    keys: str
    column: str
    model: type[Model]
    key: str = "slug"
    name: str = "name"

    def names(self, keys: set[str], using: str | None = None) -> dict[str, str]:
        """The names of these keys: one query, whatever their number."""
        if not keys:
            return {}
        manager = self.model._default_manager.using(using)
        return dict(manager.filter(**{f"{self.key}__in": keys}).values_list(self.key, self.name))


def with_names(header: Sequence[str], columns: Sequence[NamesColumn]) -> list[str]:
    """The header with each names column right after its column of keys."""
    after = {column.keys: column.column for column in columns}
    out = []
    for name in header:
        out.append(name)
        if name in after:
            out.append(after[name])
    return out


def _keys(value) -> list[str]:
    """The keys a cell of the list representation lists, in its order."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [cell(item, escape=str) for item in items]


def rows_with_names(
    chunks: Iterable[list[dict]],
    header: Sequence[str],
    columns: Sequence[NamesColumn],
    using: str | None = None,
) -> Iterator[list]:
    """The values of each record, chunk by chunk, in the order of `with_names(header)`:
    the names looked up once per names column for each chunk, not once per row."""
    full = with_names(header, columns)
    by_column = {column.column: column for column in columns}
    for chunk in chunks:
        names = {}
        for column in columns:
            wanted = {key for row in chunk for key in _keys(row.get(column.keys))}
            names[column.column] = column.names(wanted, using)
        for row in chunk:
            values = []
            for name in full:
                column = by_column.get(name)
                if column is None:
                    values.append(row.get(name))
                else:
                    found = names[name]
                    values.append([found.get(key, "") for key in _keys(row.get(column.keys))])
            yield values
