"""Lines of text laid out into paragraphs (one blank line between two), as the splitter
reads them: a PDF's lines wrapped at a column and cut by page breaks, a Word file's
paragraphs, a plain-text file's lines, each cleaned of what the database refuses."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_RULE = re.compile(r"^\s*(?:_{3,}|-{3,}|={3,}|\*{3,})\s*$")  # would read as a footnote rule
_PAGE_FURNITURE = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_ITEM = re.compile(
    r"^(?:[•◦▪▫‣⁃●○■□➢►✓–—*-]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s|\(?[ivx]{1,4}[.)]\s)"
)
_SENTENCE_END = re.compile(r"[.!?:;…][\"”’)\]]*$")
_STARTS_SENTENCE = re.compile(r"^[\"“‘(]?[A-Z\d\u00c0-\u00de]")
_HYPHENATED = re.compile(r"\w-$")


def clean(text: str) -> str:
    """One paragraph as one line: control characters and runs of spaces gone, and
    nothing PostgreSQL's text type or UTF-8 refuses (NUL, lone surrogates)."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join(_CONTROL.sub(" ", text).split())


def tidy(text: str) -> str:
    paragraphs = (p for p in text.split("\n\n") if p.strip() and not _RULE.match(p))
    return "\n\n".join(paragraphs).strip()


@dataclass(frozen=True)
class Line:
    """A line of text; for a PDF, its page and where it starts (points, from the bottom
    left of the page), when pypdf tells."""

    text: str
    page: int = 0
    x: float | None = None
    y: float | None = None


def pdf_lines(pages: list[list]) -> list[Line]:
    """The lines of a PDF's pages, in order, without the page numbers between them."""
    return [
        Line(text, number, x, y)
        for number, lines in enumerate(pages)
        for text, x, y in lines
        if not _PAGE_FURNITURE.match(text)
    ]


def _line_spacing(lines: list[Line]) -> float:
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


def layout(lines: list[Line], *, wrapped: bool | None) -> str:
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
    lines = [Line(clean(line.text), line.page, line.x, line.y) for line in lines]
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


def _starts_paragraph(previous: Line, line: Line, column: int, spacing: float) -> bool:
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
