"""What a reviewer reads beside a submission: each quote in its document (its passage
marked, with its neighbours, or the whole of a short document) and the differences
between two submitted versions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coherence.quotes import locate
from coherence.reader import build_document
from coherence.splitting import reading_passages

from ..content import TEXT_FIELDS
from .common import Names, field_label

# A document of at most this many passages is listed whole under each quote; a longer one
# shows the quoted passage and its neighbours, with a link to the whole.
WHOLE_DOCUMENT_PASSAGES = 12
NEIGHBOURS = 2


@dataclass
class ShownPassage:
    anchor: str
    locator: str
    html: SafeString
    quoted: bool = False


@dataclass
class QuoteInContext:
    quote: object
    document_label: str
    passages: list[ShownPassage] = field(default_factory=list)
    anchor: str = ""  # the quoted passage's anchor on this page
    locator: str = ""
    found: bool = False
    whole: bool = True
    full_url: str = ""


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def mark_quote(plain: str, quote: str) -> SafeString:
    """The passage's text with the quote's words marked; the whole passage when the quote
    runs beyond it."""
    words = _words(quote)
    if words:
        pattern = r"\W+".join(re.escape(word) for word in words)
        match = re.search(pattern, plain, flags=re.IGNORECASE)
        if match:
            return mark_safe(  # escaped parts
                escape(plain[: match.start()])
                + "<mark>"
                + escape(match.group(0))
                + "</mark>"
                + escape(plain[match.end() :])
            )
        # The quote begins here and runs on: mark from its first words to the end.
        head = r"\W+".join(re.escape(word) for word in words[:4])
        match = re.search(head, plain, flags=re.IGNORECASE)
        if match:
            return mark_safe(
                escape(plain[: match.start()])
                + "<mark>"
                + escape(plain[match.start() :])
                + "</mark>"
            )
    return mark_safe("<mark>" + escape(plain) + "</mark>")


def _reader(passages) -> list:
    adapted = [
        SimpleNamespace(anchor=p.anchor, locator=p.locator, text=p.text, pk=None) for p in passages
    ]
    return build_document(adapted).passages


def quote_in_context(quote, *, prefix: str, full_url: str) -> QuoteInContext:
    """The quote's document around it; anchors prefixed so that several quotes share a
    page."""
    document = quote.document or quote.source
    shown = QuoteInContext(quote=quote, document_label=quote.document_label, full_url=full_url)
    if document is None or not document.text:
        return shown
    passages = reading_passages(document.text)
    index = locate(passages, quote.quote)
    shown.found = index is not None
    if index is None:
        return shown
    shown.whole = len(passages) <= WHOLE_DOCUMENT_PASSAGES
    start, end = (
        (0, len(passages))
        if shown.whole
        else (max(0, index - NEIGHBOURS), min(len(passages), index + NEIGHBOURS + 1))
    )
    for position, passage in zip(range(start, end), _reader(passages[start:end]), strict=True):
        quoted = position == index
        shown.passages.append(
            ShownPassage(
                anchor=f"{prefix}-{passage.anchor}",
                locator=passage.locator,
                html=mark_quote(passage.plain, quote.quote) if quoted else escape(passage.plain),
                quoted=quoted,
            )
        )
        if quoted:
            shown.anchor, shown.locator = f"{prefix}-{passage.anchor}", passage.locator
    return shown


def whole_document(document, quotes) -> list[ShownPassage]:
    """Every passage of an uploaded document, those the quotes begin in marked."""
    passages = reading_passages(document.text)
    starts = {}
    for quote in quotes:
        index = locate(passages, quote.quote)
        if index is not None:
            starts.setdefault(index, quote.quote)
    shown = []
    for index, passage in enumerate(_reader(passages)):
        quoted = index in starts
        shown.append(
            ShownPassage(
                anchor=passage.anchor,
                locator=passage.locator,
                html=mark_quote(passage.plain, starts[index]) if quoted else escape(passage.plain),
                quoted=quoted,
            )
        )
    return shown


# Versions --------------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    diff: SafeString  # the text's words removed and added, for the text fields


def word_diff(old: str, new: str) -> SafeString:
    """`new` with the words taken out of `old` in <del> and the words put in as <ins>."""
    # Words with the spaces after them, so that a run of changed words reads as one
    # deletion and one insertion, not word by word.
    a, b = re.findall(r"\s*\S+\s*", old), re.findall(r"\s*\S+\s*", new)
    out = []
    opcodes = difflib.SequenceMatcher(
        None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False
    ).get_opcodes()
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]).strip())}</del> ")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]).strip())}</ins> ")
    return mark_safe("".join(out).strip())  # escaped parts


def _quotes_text(quotes: list[dict]) -> str:
    return "\n".join(
        f"[{q.get('claim')}] {q.get('document_title', q.get('document'))}: “{q.get('quote')}”"
        for q in quotes
    )


def version_changes(old, new) -> list[FieldChange]:
    """What changed from version `old` to version `new`, field by field."""
    names = Names()
    changes = []
    fields = list(dict.fromkeys([*new.content, *old.content]))
    for name in fields:
        before, after = old.content.get(name), new.content.get(name)
        if before == after or (not before and not after):
            continue
        old_text, new_text = names.value(name, before), names.value(name, after)
        changes.append(
            FieldChange(
                name=name,
                label=field_label(name),
                old=old_text,
                new=new_text,
                diff=word_diff(old_text, new_text) if name in TEXT_FIELDS else mark_safe(""),
            )
        )
    if old.quotes != new.quotes:
        old_text, new_text = _quotes_text(old.quotes), _quotes_text(new.quotes)
        changes.append(
            FieldChange("quotes", field_label("quotes"), old_text, new_text, mark_safe(""))
        )
    return changes
