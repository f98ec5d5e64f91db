"""Reading an upload's text: `extract` checks its size and type, refuses a Word
compression bomb before it is opened, has a PDF or Word file parsed in the child process,
and lays the text out into paragraphs."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import child
from .errors import ExtractionError
from .limits import ZIP_MAX_MEMBERS, ZIP_MAX_RATIO, ZIP_MAX_TOTAL_FACTOR, max_bytes
from .media import DOCX, PDF, TEXT, decode_text, media_type_of
from .paragraphs import Line, clean, layout, pdf_lines, tidy


@dataclass(frozen=True)
class Extracted:
    text: str  # paragraphs separated by one blank line
    media_type: str  # PDF, DOCX or TEXT
    pages: int | None  # a PDF's pages; None otherwise


def extract(data: bytes, filename: str) -> Extracted:
    """The text of an uploaded PDF, Word or plain-text file; raises `ExtractionError`."""
    limit = max_bytes()
    if len(data) > limit:
        raise ExtractionError(
            "too_large",
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)},
        )
    media_type = media_type_of(data, filename)
    pages = None
    if media_type == TEXT:
        lines = [Line(line) for line in decode_text(data).splitlines()]
        text = layout(lines, wrapped=None)
    elif media_type == DOCX:
        _refuse_zip_bomb(data, limit)
        result = child.parse_in_child("docx", data)
        text = "\n\n".join(clean(paragraph) for paragraph in result["paragraphs"])
    else:
        result = child.parse_in_child("pdf", data)
        pages = result["count"]
        text = layout(pdf_lines(result["pages"]), wrapped=True)
    text = tidy(text)
    if not text:
        if media_type == PDF:
            message = _(
                "The PDF has no text to extract (is it a scanned paper?): upload a PDF with "
                "a text layer, or a Word (DOCX) file."
            )
        else:
            message = _("The document holds no text.")
        raise ExtractionError("no_text", message)
    return Extracted(text=text, media_type=media_type, pages=pages)


def _refuse_zip_bomb(data: bytes, limit: int) -> None:
    """Refuse a Word file that would inflate far beyond its size, before it is opened."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    inflating = any(
        member.file_size > 1024 * 1024
        and member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > ZIP_MAX_MEMBERS or total > ZIP_MAX_TOTAL_FACTOR * limit or inflating:
        raise ExtractionError(
            "malformed",
            _(
                "The Word file would expand to far more than its size (a compression bomb?): "
                "it was not opened. Save the document again and upload the new copy."
            ),
        )
