"""Split a source document's text into passages: its headings, paragraphs, list items
and footnotes, each with a locator a reader can follow ("para. 21", "footnote 3",
"2.1 Political commitment, paragraph 2") and a stable anchor for links (`#para-21`).

The papers come from PDF and Word conversions, and the splitter knows their furniture:

- a paragraph may be cut by a page break, with the page's footnotes (introduced by a
  long line of spaces, or by `<sup>n</sup>` markers in the Markdown conversions) and
  the page number in between; the halves are joined again and the footnotes filed
  separately;
- a line that begins with a single space starts a new PDF page: it continues the open
  paragraph unless that paragraph ended a sentence and the line starts a new one;
- numbered paragraphs ("21. ...") keep their number as their locator when a paper
  numbers its paragraphs throughout; numbered lists that restart are "items".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import normalize

_FOOTNOTE_RULE = re.compile(r"^[ \t]{20,}$|^\s*_{5,}\s*$")
_BLANK = re.compile(r"^[\s\xa0]*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_PAGE_TOP = re.compile(r"^ [^\s]")
_MD_RULE = re.compile(r"^\s*-{3,}\s*$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+\S")
_SUP_FOOTNOTE = re.compile(r"^\s*<sup>(\d{1,3})</sup>")
_PLAIN_FOOTNOTE = re.compile(r"^(\d{1,3})\s+\S")
_SECTION_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\)?|[a-z][.)]|[IVX]+\.)\s+\S")
_SENTENCE_END = re.compile(r"[.:;!?”\"’)]\**\s*$")


@dataclass
class Passage:
    position: int
    anchor: str
    locator: str
    text: str
    kind: str = "paragraph"  # heading, paragraph, item, footnote

    @property
    def is_footnote(self) -> bool:
        return self.kind == "footnote"


@dataclass
class _Block:
    kind: str  # body or footnote
    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines).strip()


def _blocks(text: str) -> list[_Block]:
    """Blocks of body text and footnotes, in reading order, with page furniture removed
    and paragraphs that run across a page break joined."""
    blocks: list[_Block] = []
    body: _Block | None = None  # the body paragraph being read (may be interrupted)
    footnote: _Block | None = None
    in_footnotes = False

    for line in text.replace("\r\n", "\n").split("\n"):
        if _FOOTNOTE_RULE.match(line) or _MD_RULE.match(line):
            in_footnotes = bool(_FOOTNOTE_RULE.match(line))
            footnote = None
            continue
        if _BLANK.match(line):
            if footnote is not None:
                footnote = None
            elif body is not None and (not body.text or _SENTENCE_END.search(body.text)):
                body = None
            elif body is not None and body.lines[-1] != "":
                body.lines.append("")  # a break that may be mid-paragraph; decided below
            continue
        if _PAGE_NUMBER.match(line):
            continue
        sup = _SUP_FOOTNOTE.match(line)
        if (
            sup
            or (in_footnotes and not _PAGE_TOP.match(line))
            or (footnote is not None and not in_footnotes)
        ):
            # A Markdown footnote (`<sup>n</sup> ...`) runs to the next blank line; a PDF
            # page's footnotes run from the rule to the top of the next page.
            starts = sup or (
                in_footnotes
                and _PLAIN_FOOTNOTE.match(line)
                and (footnote is None or _SENTENCE_END.search(footnote.text))
            )
            if starts or footnote is None:
                footnote = _Block("footnote", [line])
                blocks.append(footnote)
            else:
                footnote.lines.append(line)
            continue
        # Body text.
        page_top = bool(_PAGE_TOP.match(line))
        if in_footnotes:
            in_footnotes, footnote = False, None
        if body is not None and body.lines and body.lines[-1] == "":
            # A blank line inside a paragraph that had not ended a sentence: it goes on
            # only if this line continues the sentence.
            body.lines.pop()
            if not line.strip()[:1].islower():
                body = None
        if (
            body is not None
            and page_top
            and _SENTENCE_END.search(body.text)
            and not line.strip()[:1].islower()
        ):
            body = None
        if body is not None and (_NUMBERED.match(line) or _MD_HEADING.match(line)):
            body = None
        if body is None:
            body = _Block("body", [])
            blocks.append(body)
        body.lines.append(line)
    return [b for b in blocks if b.text]


def _is_heading(text: str) -> bool:
    if _MD_HEADING.match(text):
        return True
    plain = normalize(text)
    lines = text.count("\n") + 1
    if not plain or len(plain) > 160 or lines > 2:
        return False
    if lines == 2 and not _SECTION_NUMBER.match(text):
        return False
    stripped = text.strip()
    if stripped.startswith("**") and stripped.endswith("**"):
        return True
    if plain.endswith("?") and _SECTION_NUMBER.match(text) and len(plain) < 100:
        return True
    if plain.endswith((".", ",", ";", "?", "!", "”", '"')):
        return False
    if plain.startswith(("-", "•")):
        return False
    if plain.endswith(":") and len(plain) > 60:
        return False
    return bool(_SECTION_NUMBER.match(text)) or len(plain) < 110 and lines == 1


def _heading_label(text: str) -> str:
    return normalize(_MD_HEADING.sub("", text)).rstrip(":").strip()[:150]


def _numbers_paragraphs(blocks: list[_Block]) -> bool:
    """Whether the paper numbers its paragraphs throughout (1, 2, ... never restarting)."""
    numbers = [
        int(m.group(1)) for b in blocks if b.kind == "body" and (m := _NUMBERED.match(b.text))
    ]
    return len(numbers) >= 5 and all(a < b for a, b in zip(numbers, numbers[1:], strict=False))


def split_passages(text: str) -> list[Passage]:
    blocks = _blocks(text)
    numbered_paragraphs = _numbers_paragraphs(blocks)
    passages: list[Passage] = []
    anchors: set[str] = set()
    heading = ""
    in_section = 0

    def add(anchor: str, locator: str, body: str, kind: str):
        base, n = anchor, 2
        while anchor in anchors:
            anchor, n = f"{base}-{n}", n + 1
        anchors.add(anchor)
        passages.append(Passage(len(passages) + 1, anchor, locator, body, kind))

    for block in blocks:
        body = block.text
        if block.kind == "footnote":
            number = (_SUP_FOOTNOTE.match(body) or _PLAIN_FOOTNOTE.match(body) or [None, None])[1]
            if number:
                add(f"fn-{number}", f"footnote {number}", body, "footnote")
            elif passages and passages[-1].kind == "footnote":
                passages[-1].text += "\n" + body
            else:
                add(f"p-{len(passages) + 1}", "footnote", body, "footnote")
            continue
        numbered = _NUMBERED.match(body)
        if _is_heading(body):
            heading, in_section = _heading_label(body), 0
            add(f"s-{len(passages) + 1}", heading, body, "heading")
        elif numbered and numbered_paragraphs:
            number = numbered.group(1)
            add(f"para-{number}", f"para. {number}", body, "paragraph")
        elif numbered:
            number = numbered.group(1)
            where = f"{heading}, item {number}" if heading else f"item {number}"
            add(f"p-{len(passages) + 1}", where, body, "item")
        else:
            in_section += 1
            where = f"{heading}, paragraph {in_section}" if heading else f"paragraph {in_section}"
            add(f"p-{len(passages) + 1}", where, body, "paragraph")
    return passages


@lru_cache(maxsize=16)
def reading_passages(text: str) -> tuple[Passage, ...]:
    """The passages of a paper's text, split once per process and text (quote
    verification reads them for every citation of the paper). Not to be changed."""
    return tuple(split_passages(text))
