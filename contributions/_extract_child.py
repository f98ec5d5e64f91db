"""Parse one uploaded PDF or Word file in a child process (run by `contributions.extraction`,
never imported by the server): a hostile file can then hang or exhaust only this process,
which the parent kills at its time limit and which the limits below cap.

    python _extract_child.py pdf|docx MAX_PAGES MEMORY_BYTES CPU_SECONDS MAX_TEXT_CHARS < file

Writes one JSON object to stdout: {"pages": [page text, ...], "count": n} for a PDF,
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
        text = page.extract_text() or ""
        total += len(text)
        if total > max_chars:
            raise _TooLong
        pages.append(text)
    return {"pages": pages, "count": count}


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
