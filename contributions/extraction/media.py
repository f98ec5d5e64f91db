"""The media type of an upload, read from its content: a PDF, a Word (DOCX) or a
plain-text file (UTF-8 or UTF-16), which its name's extension must agree with; other
kinds people upload by mistake or by malice (programs, images, old Word files...) are
named in the refusal."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext as _

from .errors import ExtractionError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".txt": TEXT, ".text": TEXT, ".md": TEXT}

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


def decode_text(data: bytes) -> str | None:
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
        if data.startswith(signature) and (signature != b"#!" or decode_text(data) is None):
            return kind
    if decode_text(data) is not None:
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
