"""A passage's text as a reader sees it: the papers' Markdown and raw HTML rendered to
safe HTML, and that HTML's visible text.

The source reader (`coherence.reader`) shows passages through `to_html`, and quote
verification (`coherence.quotes`) reads the same rendering through `visible_text`, so
that a quote copied from the reader is checked against exactly what the reader shows.

- Markdown (CommonMark with tables and bare URLs made links) through markdown-it-py, then
  the HTML through nh3 with an allow-list, so that the papers' raw HTML is shown as what
  it means and nothing else (no script, no event handler, no style) reaches the page;
- a word hyphenated across a line break of the conversion is shown joined, keeping its
  hyphen ("development-\\nrelevant" -> "development-relevant"), as `text.normalize` reads it;
- a PDF line much shorter than the paper's column keeps its break (`column`).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from django.utils.html import strip_tags
from markdown_it import MarkdownIt

# CommonMark with GFM tables and strikethrough, bare URLs as links. Indented and fenced
# code blocks are off: the papers have none, and a PDF line indented by four spaces is
# text, not code.
_MARKDOWN = (
    MarkdownIt("commonmark", {"html": True, "linkify": True})
    .enable(["table", "strikethrough", "linkify"])
    .disable(["code", "fence"])
)

_TAGS = {
    "a", "b", "blockquote", "br", "del", "em", "hr", "i", "li", "ol", "p", "s", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
_URL_SCHEMES = {"http", "https", "mailto"}

_DOUBLE_ESCAPE = re.compile(r"\\\\(?=[_*\[\]()#`])")  # `\\_` in a link's text: one `_`
_EMPTY_LINK = re.compile(r"\[([^\]]*)\]\(#\)")  # a link the conversion left without target
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t]*(?=\w)")
_MARKDOWN_BLOCK = re.compile(r"^\s*(?:[-*+]\s|\d{1,3}[.)]\s|#{1,6}\s|\||>)")
_WRAPPED_LINES = 40  # lines of wrapped paragraphs that make a paper a PDF conversion
SUP_ELEMENT = re.compile(r"<sup\b[^>]*>.*?</sup>", re.DOTALL)


def _sanitize(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _prepare(text: str, column: int = 0) -> str:
    # A PDF conversion's runs of no-break spaces ("Reducing\xa0costs") would keep whole
    # lines from wrapping on a phone.
    text = _DOUBLE_ESCAPE.sub("", text).replace("\xa0", " ")
    text = _HYPHEN_BREAK.sub(r"\1-", text)
    return _keep_short_lines(_EMPTY_LINK.sub(r"\1", text), column)


def _keep_short_lines(text: str, column: int) -> str:
    """Keep the line breaks a PDF conversion owes to the paper, not to its column.

    A PDF paragraph's lines fill the column (`column` characters, about), and its line
    breaks are spaces. A line much shorter than the column (a speaker in a list, one
    country per line, an address) ended where the paper ended it: it keeps its break
    (Markdown's two trailing spaces). Markdown block lines (items, headings) are left to
    Markdown; so are papers without a column (the Markdown conversions: `column` 0)."""
    if not column or "\n" not in text:
        return text
    lines = text.split("\n")
    kept = []
    for line, following in zip(lines, lines[1:], strict=False):
        short = bool(line.strip()) and len(line.rstrip()) < column * 0.75
        block = _MARKDOWN_BLOCK.match(line) or _MARKDOWN_BLOCK.match(following)
        kept.append(line + "  " if short and not block else line)
    return "\n".join([*kept, lines[-1]])


def column_width(texts) -> int:
    """The width, in characters, a paper's PDF conversion wrapped its paragraphs to: the
    90th percentile of the lengths of the lines of paragraphs of three lines or more,
    or 0 when too few paragraphs are wrapped (a Markdown or Word conversion)."""
    lengths = sorted(
        len(line.rstrip())
        for text in texts
        if text.count("\n") >= 2
        for line in text.split("\n")[:-1]
    )
    if len(lengths) < _WRAPPED_LINES:
        return 0
    return lengths[int(len(lengths) * 0.9)]


# The papers' passages are few (about 350) and never change between loads of the seed:
# each is rendered once per process, not on every view of the reader or quote checked.
@lru_cache(maxsize=4096)
def to_html(text: str, *, inline: bool = False, column: int = 0) -> str:
    """A passage's Markdown (with the papers' raw HTML) as sanitised HTML: blocks, or one
    line's inline HTML (a heading's text) with `inline`."""
    if inline:
        return _sanitize(_MARKDOWN.renderInline(_prepare(text))).strip()
    return _sanitize(_MARKDOWN.render(_prepare(text, column)))


def plain_text(markup: str) -> str:
    """What a reader sees of rendered HTML: its text, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(markup)).split())


@lru_cache(maxsize=4096)
def visible_text(text: str, *, markers: bool = True) -> str:
    """The text a reader sees of a passage's Markdown, on one line; without its
    superscripts (the footnote markers of the Markdown conversions) unless `markers`."""
    markup = to_html(text)
    return plain_text(markup if markers else SUP_ELEMENT.sub("", markup))
