"""Source documents built in the tests, so that no binary file is committed: PDFs written
by hand (Helvetica, one text line per wrapped line, as a word processor lays them out),
Word files through python-docx, and the hostile files an upload must refuse."""

from __future__ import annotations

import io
import textwrap
import zipfile

import docx
from pypdf import PdfReader, PdfWriter

LINE_WIDTH = 80  # characters per line of a PDF page (Helvetica 10pt on a Letter page)
_LEADING = 14  # points between two lines; a paragraph is followed by one empty line
_TOP, _LEFT = 760, 60


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (cp1252), parentheses and backslashes escaped."""
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte > 126:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def _lines(paragraph: str, width: int) -> list[str]:
    """A paragraph's lines: as given when it holds line breaks, else wrapped at `width`."""
    if "\n" in paragraph:
        return paragraph.split("\n")
    return textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)


def _content_stream(paragraphs: list[str], width: int, spacing: bool, indent: int) -> bytes:
    ops = [b"BT", b"/F1 10 Tf"]
    y = _TOP
    for paragraph in paragraphs:
        for number, line in enumerate(_lines(paragraph, width)):
            x = _LEFT + (indent if number == 0 else 0)
            ops.append(b"1 0 0 1 %d %d Tm " % (x, y) + _pdf_string(line) + b" Tj")
            y -= _LEADING
        if spacing:
            y -= _LEADING  # an empty line between two paragraphs
    ops.append(b"ET")
    return b"\n".join(ops)


def pdf_bytes(
    pages: list[list[str]], *, width: int = LINE_WIDTH, spacing: bool = True, indent: int = 0
) -> bytes:
    """A valid PDF with one page per item of `pages`, each page the given paragraphs in
    Helvetica, wrapped at `width` characters (a paragraph holding "\\n" keeps its lines as
    given: a word hyphenated across a line break, a list). Paragraphs are set apart by an
    empty line (`spacing`), or not, and their first line indented by `indent` points. An
    empty page list makes a PDF with one page and no text (a scanned paper, as text
    extraction sees it)."""
    pages = pages or [[]]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for paragraphs in pages:
        stream = _content_stream(paragraphs, width, spacing, indent) if paragraphs else b""
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % content
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def encrypted_pdf_bytes(pages: list[list[str]], *, user_password: str = "") -> bytes:
    """`pdf_bytes(pages)` encrypted (RC4): with the default empty user password any reader
    opens it without asking, yet it is encrypted all the same."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(pages))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraphs: list[str], *, heading: str = "", table: list[list[str]] = ()) -> bytes:
    """A Word document: an optional level-1 `heading`, the `paragraphs` (one Word paragraph
    each), then an optional `table` (rows of cell texts)."""
    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for row, cells in zip(grid.rows, table, strict=False):
            for cell, text in zip(row.cells, cells, strict=False):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx_bytes(*, inflated_bytes: int = 4 * 1024 * 1024) -> bytes:
    """A real Word document plus a part that inflates a thousandfold (`inflated_bytes` of
    zeros in a few kilobytes): what a decompression bomb looks like, kept small enough for
    a fast test."""
    out = io.BytesIO(docx_bytes(["An innocent paragraph."]))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * inflated_bytes)
    return out.getvalue()
