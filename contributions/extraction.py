"""The text of a source document a focal point uploads with a practice (issue 23): a PDF,
a Word (DOCX) or a plain-text file, read into plain text whose paragraphs are separated by
one blank line, so that `coherence.splitting.split_passages` gives one passage per
paragraph, heading or list item and `coherence.quotes` verifies quotes against it.

An upload is untrusted. Its type is read from its content, and its name must agree; its
size, pages and reading time are limited (settings `CONTRIBUTION_UPLOAD_MAX_BYTES`,
`CONTRIBUTION_UPLOAD_MAX_PAGES`, `CONTRIBUTION_EXTRACTION_SECONDS`); PDF and Word files are
parsed in a child process (`_extract_child.py`) with a memory cap, killed at the time
limit, so that a hostile file can neither hang nor exhaust the server; a Word file that
would inflate far beyond its size is refused before it is opened. Nothing is written to
disk. Every refusal is an `ExtractionError` with a code and a translated message.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import re
import signal
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".txt": TEXT, ".text": TEXT, ".md": TEXT}

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PAGES = 300
DEFAULT_SECONDS = 30
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024  # address space of the parsing process
MAX_TEXT_CHARS = 5_000_000  # text a document may hold (a 10 MiB PDF holds far less)
ZIP_MAX_RATIO = 100  # a Word part inflating more than this (and over 1 MiB) is a bomb
ZIP_MAX_TOTAL_FACTOR = 20  # a Word file may inflate to 20 times the upload limit
ZIP_MAX_MEMBERS = 10_000
_CHILD = Path(__file__).with_name("_extract_child.py")


@dataclass(frozen=True)
class Extracted:
    text: str  # paragraphs separated by one blank line
    media_type: str  # PDF, DOCX or TEXT
    pages: int | None  # a PDF's pages; None otherwise


class ExtractionError(Exception):
    """Why an upload's text cannot be read: `code` for programs, `message` (translated)
    for people, `status` for the HTTP response (413 for too large, else 400)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = 413 if code == "too_large" else 400


def max_bytes() -> int:
    return getattr(settings, "CONTRIBUTION_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pages() -> int:
    return getattr(settings, "CONTRIBUTION_UPLOAD_MAX_PAGES", DEFAULT_MAX_PAGES)


def time_limit() -> float:
    return getattr(settings, "CONTRIBUTION_EXTRACTION_SECONDS", DEFAULT_SECONDS)


# Reading the type from the content ------------------------------------------------------

_SIGNATURES = (  # other files people upload by mistake or by malice
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"\xcf\xfa\xed\xfe", "executable"),
    (b"\xfe\xed\xfa\xcf", "executable"),
    (b"#!", "executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "doc"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"PK\x03\x04", "zip"),
)


def _kind_label(kind: str) -> str:
    return {
        PDF: _("a PDF"),
        DOCX: _("a Word (DOCX) document"),
        TEXT: _("plain text"),
        "executable": _("an executable program"),
        "doc": _("an old Word (.doc) document"),
        "rtf": _("a rich-text (RTF) document"),
        "image": _("an image"),
        "zip": _("a ZIP archive"),
    }[kind]


def _is_docx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _decode_text(data: bytes) -> str | None:
    """The text of a UTF-8 file (with or without a byte-order mark) or a UTF-16 file with
    one; None when the bytes are not such text (NUL bytes, other control characters)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f\x1a")
    if "\0" in text or controls > len(text) / 100:
        return None
    return text


def _sniff(data: bytes) -> str | None:
    """The kind of file `data` holds: PDF, DOCX, TEXT, another kind we name, or None."""
    if b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith(b"PK\x03\x04") and _is_docx_zip(data):
        return DOCX
    for signature, kind in _SIGNATURES:
        if data.startswith(signature) and (signature != b"#!" or _decode_text(data) is None):
            return kind
    if _decode_text(data) is not None:
        return TEXT
    return None


def media_type_of(data: bytes, filename: str) -> str:
    """The media type of an upload, read from its content (a PDF, a ZIP holding
    word/document.xml, UTF-8 or UTF-16 text); its name's extension must agree."""
    if not data:
        raise ExtractionError("empty", _("The file is empty."))
    name = PurePath(filename or "").name
    named = EXTENSIONS.get(PurePath(name).suffix.lower())
    found = _sniff(data)
    if named is None:
        raise ExtractionError(
            "unsupported_type",
            _(
                "“%(name)s” is not a PDF, a Word (DOCX) or a plain-text file: its name must "
                "end with .pdf, .docx or .txt."
            )
            % {"name": name},
        )
    if found == named:
        return found
    if found is None and named == TEXT:
        raise ExtractionError(
            "malformed",
            _("“%(name)s” is not UTF-8 or UTF-16 text: save it as UTF-8 and upload it again.")
            % {"name": name},
        )
    if found is None:
        raise ExtractionError(
            "malformed",
            _("“%(name)s” is not a valid file of its kind (%(named)s): it may be damaged.")
            % {"name": name, "named": _kind_label(named)},
        )
    raise ExtractionError(
        "unsupported_type",
        _(
            "“%(name)s” is named as %(named)s but holds %(found)s: upload a PDF, a Word "
            "(DOCX) or a plain-text file whose name matches its content."
        )
        % {"name": name, "named": _kind_label(named), "found": _kind_label(found)},
    )


# Reading the text -----------------------------------------------------------------------


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
        lines = [_Line(line) for line in _decode_text(data).splitlines()]
        text = _layout(lines, wrapped=None)
    elif media_type == DOCX:
        _refuse_zip_bomb(data, limit)
        result = _parse_in_child("docx", data)
        text = "\n\n".join(_clean(paragraph) for paragraph in result["paragraphs"])
    else:
        result = _parse_in_child("pdf", data)
        pages = result["count"]
        text = _layout(_pdf_lines(result["pages"]), wrapped=True)
    text = _tidy(text)
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


def _child_command(kind: str) -> list[str]:
    seconds = max(1, int(time_limit()))
    return [
        sys.executable,
        "-I",  # no environment variables, no user site, not the current directory
        str(_CHILD),
        kind,
        str(max_pages()),
        str(CHILD_MEMORY_BYTES),
        str(seconds + 1),  # CPU seconds: a backstop behind the wall-clock limit
        str(MAX_TEXT_CHARS),
    ]


def _parse_in_child(kind: str, data: bytes) -> dict:
    """Run `_extract_child.py` on `data`, killed at the time limit."""
    seconds = time_limit()
    try:
        completed = subprocess.run(
            _child_command(kind),
            input=data,
            capture_output=True,
            timeout=seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the child and reaped it
        raise _child_error("timeout", kind, {}, seconds) from None
    try:
        result = json.loads(completed.stdout) if completed.returncode == 0 else {}
    except ValueError:
        result = {}
    if not isinstance(result, dict) or not result:
        logger.warning(
            "Extraction of a %s upload failed (exit %s): %s",
            kind,
            completed.returncode,
            completed.stderr[-2000:].decode(errors="replace"),
        )
        # Out of CPU time (RLIMIT_CPU) is a timeout; any other failure, a file it could not read.
        timed_out = completed.returncode == -signal.SIGXCPU
        result = {"error": "timeout" if timed_out else "malformed"}
    error = result.get("error")
    if error is not None:
        raise _child_error(error, kind, result, seconds)
    return result


def _child_error(code: str, kind: str, result: dict, seconds: float) -> ExtractionError:
    if code == "encrypted":
        message = _(
            "The PDF is encrypted (even one that opens without a password keeps its text "
            "locked): upload a copy saved without a password or encryption."
        )
    elif code == "too_many_pages":
        message = _("The PDF has %(count)s pages; the limit is %(limit)s.") % {
            "count": result.get("count"),
            "limit": max_pages(),
        }
    elif code == "too_large":
        message = _("The document holds too much text: upload a shorter document.")
    elif code == "timeout":
        message = _(
            "Reading the file took longer than %(seconds)s seconds: upload a smaller or "
            "simpler file (a PDF saved by a word processor, or a Word file)."
        ) % {"seconds": seconds}
    else:
        code = "malformed"
        message = (
            _("The PDF could not be read: it may be damaged or incomplete.")
            if kind == "pdf"
            else _("The Word file could not be read: it may be damaged or incomplete.")
        )
    return ExtractionError(code, message)


# Paragraphs ------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_RULE = re.compile(r"^\s*(?:_{3,}|-{3,}|={3,}|\*{3,})\s*$")  # would read as a footnote rule
_PAGE_FURNITURE = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_ITEM = re.compile(
    r"^(?:[•◦▪▫‣⁃●○■□➢►✓–—*-]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s|\(?[ivx]{1,4}[.)]\s)"
)
_SENTENCE_END = re.compile(r"[.!?:;…][\"”’)\]]*$")
_STARTS_SENTENCE = re.compile(r"^[\"“‘(]?[A-Z\d\u00c0-\u00de]")
_HYPHENATED = re.compile(r"\w-$")


def _clean(text: str) -> str:
    """One paragraph as one line: control characters and runs of spaces gone, and
    nothing PostgreSQL's text type or UTF-8 refuses (NUL, lone surrogates)."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join(_CONTROL.sub(" ", text).split())


def _tidy(text: str) -> str:
    paragraphs = (p for p in text.split("\n\n") if p.strip() and not _RULE.match(p))
    return "\n\n".join(paragraphs).strip()


@dataclass(frozen=True)
class _Line:
    """A line of text; for a PDF, its page and where it starts (points, from the bottom
    left of the page), when pypdf tells."""

    text: str
    page: int = 0
    x: float | None = None
    y: float | None = None


def _pdf_lines(pages: list[list]) -> list[_Line]:
    """The lines of a PDF's pages, in order, without the page numbers between them."""
    return [
        _Line(text, number, x, y)
        for number, lines in enumerate(pages)
        for text, x, y in lines
        if not _PAGE_FURNITURE.match(text)
    ]


def _line_spacing(lines: list[_Line]) -> float:
    """The distance between two lines of a paragraph: the commonest (median) drop from a
    line to the next on a page; 0 when the positions are not known."""
    drops = sorted(
        previous.y - line.y
        for previous, line in zip(lines, lines[1:], strict=False)
        if previous.page == line.page
        and previous.y is not None
        and line.y is not None
        and 0 < previous.y - line.y < 100
    )
    return drops[len(drops) // 2] if len(drops) >= 3 else 0


def _layout(lines: list[_Line], *, wrapped: bool | None) -> str:
    """Paragraphs (one blank line between two) from lines of text that may be wrapped
    at a column, as a PDF's text comes out.

    A blank line ends a paragraph; so does, on a PDF page, a line set lower than the
    page's line spacing (the space between two paragraphs), or indented after a sentence
    ends; across a page break, a sentence ended and a new one begun (as
    `coherence.splitting` reads a page break). Otherwise a line ending a sentence ends its paragraph when the next starts one
    (capital, digit, opening quote) and the line stops short of the column (the last line
    of a paragraph) — or whatever its length when the text is not wrapped (`wrapped`
    False: one paragraph per line unless a line runs on) or too short to tell. A list item
    (bullet, "1.", "a)") starts a paragraph, and so does a line after a short one that ends
    no sentence (a heading). A word hyphenated across a line break is joined, keeping its
    hyphen, as `coherence.text.normalize` reads it. `wrapped` None: decide from the lines
    (a plain-text file whose lines run past 120 characters is not wrapped).
    """
    lines = [_Line(_clean(line.text), line.page, line.x, line.y) for line in lines]
    lengths = sorted(len(line.text) for line in lines if len(line.text) > 20)
    if wrapped is None:
        wrapped = bool(lengths) and lengths[-1] <= 120
    column = lengths[int(len(lengths) * 0.9)] if wrapped and len(lengths) >= 5 else 0
    spacing = _line_spacing(lines)

    paragraphs: list[str] = []
    current = ""
    previous = None
    for line in lines:
        if not line.text:
            if current:
                paragraphs.append(current)
            current, previous = "", None
            continue
        if current and _starts_paragraph(previous, line, column, spacing):
            paragraphs.append(current)
            current = ""
        if not current:
            current = line.text
        elif _HYPHENATED.search(current) and line.text[:1].isalpha():
            current += line.text
        else:
            current += " " + line.text
        previous = line
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _starts_paragraph(previous: _Line, line: _Line, column: int, spacing: float) -> bool:
    text, before = line.text, previous.text
    if _ITEM.match(text):
        return True
    starts_sentence = bool(_STARTS_SENTENCE.match(text))
    ends_sentence = bool(_SENTENCE_END.search(before))
    if previous.page != line.page:  # as `coherence.splitting` reads a page break
        return ends_sentence and starts_sentence
    if spacing and previous.page == line.page and None not in (previous.y, line.y):
        drop = previous.y - line.y
        if drop > 1.4 * spacing:  # the space between two paragraphs
            return starts_sentence or ends_sentence
        indented = line.x - previous.x > 6  # a paragraph's indented first line
        if indented and ends_sentence and starts_sentence and abs(drop - spacing) <= spacing / 4:
            return True
    if not starts_sentence:
        return False
    short = not column or len(before) < 0.85 * column
    if ends_sentence:
        return short
    # A heading: a line well short of the column that ends no sentence and no clause.
    return bool(column) and len(before) < 0.6 * column and not before.endswith((",", "-"))
