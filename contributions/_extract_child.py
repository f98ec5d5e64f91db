"""Parse one uploaded PDF or Word file in a child process (run by `contributions.extraction`,
never imported by the server): a hostile file can then hang or exhaust only this process,
which the parent kills at its time limit and which the limits below cap.

    python _extract_child.py pdf|docx MAX_PAGES MEMORY_BYTES CPU_SECONDS MAX_TEXT_CHARS < file

Writes one JSON object to stdout: {"pages": [[[line, x, y], ...], ...], "count": n} for
a PDF (each page's lines and where they start),
{"paragraphs": [...]} for a Word file, or {"error": code} (the codes of
`ExtractionError`). Needs only pypdf and python-docx, not Django.
"""

from __future__ import annotations

import io
import json
import resource
import sys


def _limit(memory: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # nothing written to disk
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class _TooLong(Exception):
    pass


def _pdf(data: bytes, max_pages: int, max_chars: int) -> dict:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return {"error": "encrypted"}
        count = len(reader.pages)
    except PdfReadError:
        return {"error": "malformed"}
    if count == 0:
        return {"error": "malformed"}
    if count > max_pages:
        return {"error": "too_many_pages", "count": count}
    pages, total = [], 0
    for page in reader.pages:
        lines = _page_lines(page)
        total += sum(len(line[0]) for line in lines)
        if total > max_chars:
            raise _TooLong
        pages.append(lines)
    return {"pages": pages, "count": count}


def _page_lines(page) -> list[list]:
    """A page's text lines as pypdf extracts them, each with where it starts on the page:
    [text, x, y] (points from the bottom left; None and None when pypdf's pieces of text
    do not add up to its text, and the position cannot be told)."""
    pieces = []

    def visit(text, cm, tm, font_dict, font_size):
        if text:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((text, round(x, 1), round(y, 1)))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(piece[0] for piece in pieces) != text:
        return [[line, None, None] for line in text.split("\n")]
    lines, line, at = [], "", None
    for piece, x, y in pieces:
        for index, part in enumerate(piece.split("\n")):
            if index:
                lines.append([line, *(at or (None, None))])
                line, at = "", None
            line += part
            if at is None and part.strip():
                at = (x, y)
    if line:
        lines.append([line, *(at or (None, None))])
    return lines


def _docx_paragraphs(data: bytes, max_chars: int) -> list[str]:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    paragraphs: list[str] = []
    total = 0

    def add(text: str) -> None:
        nonlocal total
        total += len(text)
        if total > max_chars:
            raise _TooLong
        paragraphs.append(text)

    def walk(container, parent) -> None:
        """Paragraphs in reading order: the body's, each table cell's (merged cells once),
        and those inside content controls."""
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                add(Paragraph(child, parent).text)
            elif child.tag == qn("w:tbl"):
                seen = set()  # the cells' elements, kept alive so that each is met once
                for row in Table(child, parent).rows:
                    for cell in row.cells:
                        if cell._tc in seen:
                            continue
                        seen.add(cell._tc)
                        walk(cell._tc, cell)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content, parent)

    walk(document.element.body, document._body)
    return paragraphs


def main(argv: list[str]) -> int:
    kind, max_pages, memory, cpu, max_chars = argv[0], *map(int, argv[1:5])
    _limit(memory, cpu)
    data = sys.stdin.buffer.read()
    try:
        if kind == "pdf":
            result = _pdf(data, max_pages, max_chars)
        else:
            result = {"paragraphs": _docx_paragraphs(data, max_chars)}
    except _TooLong:
        result = {"error": "too_large"}
    except MemoryError:
        result = {"error": "malformed"}
    except Exception:  # any parser failure on a damaged file
        result = {"error": "malformed"}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
