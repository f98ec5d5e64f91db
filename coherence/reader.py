"""The source reader: a paper's passages shown as a document.

The papers are stored as their conversions give them (Markdown headings and emphasis,
`<sup>n</sup>` footnote markers, `<br>`, escaped underscores), and each passage keeps that
text verbatim. This module shows a passage's text as a document:

- its Markdown and raw HTML rendered safely by `coherence.markup`, the rendering quote
  verification (`coherence.quotes`) reads too, so that what the reader shows is what a
  quote is checked against; wide tables scroll on their own;
- footnote markers become links to their note, and each note's number a link back to the
  first marker that points to it;
- a table of contents from the headings, and a search within the document that marks the
  words in the passages and lists the passages that contain them all.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.contrib.contenttypes.models import ContentType
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .markup import SUP_ELEMENT, column_width, plain_text, to_html
from .models import Citation
from .models.base import public
from .models.sources import CitedQuerySet

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MIN_TERM_LENGTH = 2

_HEADING_HASHES = re.compile(r"^\s*(#{1,6})\s+")
_SECTION_NUMBER = re.compile(r"^\s*(?:\*+\s*)?(\d+(?:\.\d+)*)[.)]?\s")
_FOOTNOTE_NUMBER = re.compile(r"^\s*(?:<sup>\s*(\d{1,3})\s*</sup>|(\d{1,3})(?=\s))\s*")
_SUP_MARKER = re.compile(r"<sup>(\d{1,3})</sup>")
# A PDF's footnote marker: a number of one or two digits glued to a word or to its
# closing punctuation, before a space ("policy.2 It", "focal points5 for", "(PRSPs).4").
_PLAIN_MARKER = re.compile(
    r"(?:(?<=[a-z])|(?<=[a-z][.,;:)”’\"])|(?<=[a-zA-Z][.,;:)”’\"][.,;:)”’\"]))(\d{1,2})(?=\s|$)"
)
_PLAIN_REACH = 8  # passages between a PDF marker and its note, at most
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&[#\w]+;)")
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)


def render_markdown(text: str, column: int = 0) -> SafeString:
    """A passage's Markdown (with the papers' raw HTML) as safe HTML blocks; `column`:
    the width its paper was wrapped to, if a PDF conversion (see `column_width`)."""
    return mark_safe(_render(text, False, column, get_language()))  # sanitised


def render_inline(text: str) -> SafeString:
    """One line of Markdown (a heading's text) as safe inline HTML."""
    return mark_safe(_render(text, True, 0, get_language()))  # sanitised


# Rendered once per process and language (the table's label is translated), not on every
# view of the reader.
@lru_cache(maxsize=4096)
def _render(text: str, inline: bool, column: int, language: str | None) -> str:
    markup = to_html(text, inline=inline, column=column)
    return markup if inline else _TABLE.sub(_scrollable_table, markup)


def _scrollable_table(match: re.Match) -> str:
    # A wide table scrolls on its own instead of widening the page; the region can take
    # the focus, so that keyboard users can scroll it too.
    label = html.escape(_("Table (scrolls sideways)"))
    return (
        f'<div class="reader-table" role="region" tabindex="0" aria-label="{label}">'
        f"<table>{match.group(1)}</table></div>"
    )


# ---------------------------------------------------------------------------------------
# In-document search


class QueryError(ValueError):
    """A search within the document that cannot be run; the message says why."""


def search_terms(query: str) -> list[str]:
    """The words to look for: those of two characters or more, lower-cased, each once, at
    most eight. An empty query is no search (`[]`); a query with no such word, or an
    overlong one, raises QueryError with a message for the reader."""
    query = query.strip()
    if not query:
        return []
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(
            _("Search for at most %(max)d characters within this paper.")
            % {"max": MAX_QUERY_LENGTH}
        )
    terms = []
    for word in re.findall(r"\w+", query.casefold()):
        if len(word) >= MIN_TERM_LENGTH and word not in terms:
            terms.append(word)
    if not terms:
        raise QueryError(_("Type a word of at least two letters or digits to search this paper."))
    return terms[:MAX_TERMS]


def mark_terms(markup: str, terms: list[str]) -> tuple[str, int]:
    """`markup` with every occurrence of the terms in its text (never in a tag or an
    entity) wrapped in `<mark>`, and the number of marks."""
    if not terms:
        return markup, 0
    pattern = re.compile(
        "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    count = 0
    parts = _TAG_OR_ENTITY.split(markup)
    for index in range(0, len(parts), 2):  # the text between tags and entities
        parts[index], found = pattern.subn(r"<mark>\g<0></mark>", parts[index])
        count += found
    return "".join(parts), count


def excerpt(plain: str, terms: list[str], *, width: int = 180) -> SafeString:
    """Some `width` characters of `plain` around the first of the terms, marked."""
    folded = plain.casefold()
    first = min((i for term in terms if (i := folded.find(term)) >= 0), default=0)
    start = max(0, first - width // 3)
    if start:
        start = plain.find(" ", start) + 1 or start
    end = min(len(plain), start + width)
    if end < len(plain):
        end = plain.rfind(" ", start, end) if plain.rfind(" ", start, end) > first else end
    text = ("… " if start else "") + plain[start:end].strip() + (" …" if end < len(plain) else "")
    return mark_safe(mark_terms(html.escape(text, quote=False), terms)[0])


# ---------------------------------------------------------------------------------------
# The document


@dataclass
class CitingRecord:
    """A published record whose citation points to a passage, for a link to it."""

    label: str
    kind: str
    url: str


@dataclass
class ReaderPassage:
    """A passage as the reader shows it."""

    anchor: str
    locator: str
    kind: str  # heading, footnote or text
    html: SafeString
    level: int = 0  # a heading's HTML level (3 to 6)
    footnote_number: str = ""
    backlink: str = ""  # a note's first marker
    matches: int = 0
    cited_by: list[CitingRecord] = field(default_factory=list)

    plain: str = ""  # the text a reader sees, for the search (footnote numbers aside)


@dataclass
class SearchHit:
    anchor: str
    locator: str
    excerpt: SafeString


@dataclass
class Document:
    passages: list[ReaderPassage]
    terms: list[str]

    @property
    def toc(self) -> list[ReaderPassage]:
        return [p for p in self.passages if p.kind == "heading"]

    @cached_property
    def hits(self) -> list[SearchHit]:
        """The passages that contain every search term, in reading order, each with an
        excerpt around the first term."""
        if not self.terms:
            return []
        return [
            SearchHit(p.anchor, p.locator, excerpt(p.plain, self.terms))
            for p in self.passages
            if all(term in p.plain.casefold() for term in self.terms)
        ]


def _kind(passage) -> str:
    if passage.anchor.startswith("s-"):
        return "heading"
    if passage.locator.startswith("footnote"):
        return "footnote"
    return "text"


def _heading_levels(passages) -> dict[str, int]:
    """HTML levels (h3 to h6: the page has its h1 and the full text's h2) for the headings:
    Markdown's `#` levels, shifted so that the paper's top level is h3; a heading without
    `#` one level below the last `#` heading, or by its section number (2.1 -> h4)."""
    hashes = {
        p.anchor: len(m.group(1))
        for p in passages
        if _kind(p) == "heading" and (m := _HEADING_HASHES.match(p.text))
    }
    top = min(hashes.values(), default=1)
    levels, last = {}, None
    for p in passages:
        if _kind(p) != "heading":
            continue
        if p.anchor in hashes:
            level = 3 + hashes[p.anchor] - top
            last = level
        elif last is not None:
            level = last + 1
        elif m := _SECTION_NUMBER.match(p.text):
            level = 3 + m.group(1).count(".")
        else:
            level = 3
        levels[p.anchor] = min(level, 6)
    return levels


def _link_footnotes(passages: list[ReaderPassage]) -> None:
    """Turn footnote markers into links to their note, and give each note a link back to
    its first marker.

    The Markdown conversions mark a note `<sup>n</sup>`: it links to the first note
    numbered n after it (a page's notes follow its text), else the last one before it.
    The PDF conversions lost the superscript: there a marker is a number glued to a word
    or its punctuation ("policy.2 It"), taken as one only if a note of that number, not
    yet claimed, follows within a few passages.
    """
    notes = defaultdict(list)  # number -> [(index, passage)]
    for index, p in enumerate(passages):
        if p.kind == "footnote" and p.footnote_number:
            notes[p.footnote_number].append((index, p))
    if not notes:
        return
    superscripts = any(_SUP_MARKER.search(p.html) for p in passages if p.kind != "footnote")
    used = set()

    def note_for(index, number):
        candidates = notes.get(number, [])
        after = [p for i, p in candidates if i > index]
        if not superscripts:
            after = [
                p for i, p in candidates if index < i <= index + _PLAIN_REACH and not p.backlink
            ]
            return after[0] if after else None
        before = [p for i, p in candidates if i < index]
        return after[0] if after else (before[-1] if before else None)

    def link(number, note):
        ref, n = f"ref-{note.anchor}", 2
        while ref in used:
            ref, n = f"ref-{note.anchor}-{n}", n + 1
        used.add(ref)
        if not note.backlink:
            note.backlink = ref
        hidden = html.escape(_("Footnote"))
        return (
            f'<sup class="fnref"><a id="{ref}" href="#{note.anchor}">'
            f'<span class="visually-hidden">{hidden} </span>{number}</a></sup>'
        )

    for index, p in enumerate(passages):
        if p.kind == "footnote":
            continue

        def replace(match, index=index):
            note = note_for(index, match.group(1))
            return match.group(0) if note is None else link(match.group(1), note)

        if superscripts:
            markup = _SUP_MARKER.sub(replace, p.html)
        else:
            parts = _TAG_OR_ENTITY.split(p.html)
            for i in range(0, len(parts), 2):  # the text between tags and entities
                parts[i] = _PLAIN_MARKER.sub(replace, parts[i])
            markup = "".join(parts)
        p.html = mark_safe(markup)  # sanitised, and our links


def build_document(passages, *, terms=(), cited_by=None) -> Document:
    """The passages of a paper (in reading order) as the reader shows them, with their
    citing records (`cited_by`: passage id -> records) and the search terms marked."""
    passages = list(passages)
    levels = _heading_levels(passages)
    column = column_width(p.text for p in passages)
    cited_by = cited_by or {}
    shown = []
    for p in passages:
        kind = _kind(p)
        number = ""
        if kind == "heading":
            markup = render_inline(_HEADING_HASHES.sub("", p.text))
        elif kind == "footnote":
            m = _FOOTNOTE_NUMBER.match(p.text)
            number = (m.group(1) or m.group(2)) if m else ""
            markup = render_markdown(p.text[m.end() :] if m else p.text, column)
        else:
            markup = render_markdown(p.text, column)
        shown.append(
            ReaderPassage(
                anchor=p.anchor,
                locator=p.locator,
                kind=kind,
                html=markup,
                level=levels.get(p.anchor, 0),
                footnote_number=number,
                plain=plain_text(SUP_ELEMENT.sub("", markup)),
                cited_by=cited_by.get(p.pk, []),
            )
        )
    _link_footnotes(shown)
    terms = list(terms)
    for p in shown:
        if terms:
            marked, p.matches = mark_terms(p.html, terms)
            p.html = mark_safe(marked)
    return Document(shown, terms)


def citing_records(source) -> dict[int, list[CitingRecord]]:
    """The published records whose citations point into `source`, by passage id, each
    record once per passage, in the citations' order: one query for the citations and
    one per type of record cited."""
    citations = list(
        Citation.objects.public()
        .filter(source=source, passage__isnull=False)
        .order_by("passage__position", "id")
        .values_list("passage_id", "content_type_id", "object_id")
    )
    ids = defaultdict(set)
    for _passage, type_id, object_id in citations:
        ids[type_id].add(object_id)
    records = {}
    for type_id, object_ids in ids.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        queryset = public(model).filter(pk__in=object_ids)
        if isinstance(queryset, CitedQuerySet):
            queryset = queryset.for_links()
        kind = str(model._meta.verbose_name).capitalize()
        for record in queryset:
            records[type_id, record.pk] = CitingRecord(
                label=str(record), kind=kind, url=record.get_absolute_url()
            )
    by_passage = defaultdict(list)
    for passage_id, type_id, object_id in citations:
        record = records.get((type_id, object_id))
        if record is not None and record not in by_passage[passage_id]:
            by_passage[passage_id].append(record)
    return dict(by_passage)
