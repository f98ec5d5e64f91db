"""Quote verification: a quote is accepted when a person reading the paper in the source
reader reads it there, in one passage or running on through the next passages.

A passage is read in the forms the reader and the papers' text give it (see
`reading_forms`): its converted text, page furniture left out by the splitter
(`coherence.splitting`: the page numbers, running footnotes and page breaks inside a
paragraph); the text the reader shows, footnote markers included ("Development3,") or
left out ("Development,"), list bullets and Markdown syntax gone; a word hyphenated
across a line break joined, keeping its hyphen. Line breaks and runs of spaces never
matter, typographic quotes and dashes do.

A quote may run on from one passage into the next two (a lead-in and its list), never
into or out of a footnote. Anything else is refused: words the paper does not have, or
sentences stitched together from two places. A refused quote gets the passage closest
to it (`nearest`), for the editor to see what the paper says.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Protocol

from django.utils.translation import gettext as _

from .markup import visible_text
from .text import normalize

MAX_SPAN = 3  # passages one quote may run across
EXCERPT_MAX_WORDS = 60
_WORD = re.compile(r"\w+")


class PassageLike(Protocol):
    """What the verifier reads of a passage (`SourcePassage`, `splitting.Passage`)."""

    text: str
    locator: str

    @property
    def is_footnote(self) -> bool: ...


@lru_cache(maxsize=4096)
def reading_forms(text: str) -> tuple[str, ...]:
    """The forms in which a passage's text can be quoted, each normalised
    (`text.normalize`): as converted, as the reader shows it, and as the reader shows it
    without the footnote markers."""
    forms = (
        normalize(text),
        normalize(visible_text(text)),
        normalize(visible_text(text, markers=False)),
    )
    return tuple(dict.fromkeys(forms))  # each once, in that order


def locate(passages: Sequence[PassageLike], quote: str) -> int | None:
    """The index of the passage where `quote` begins, or None when the reader does not
    show it (an empty quote included). A quote held by one passage is found there, before
    any run of passages that holds it too."""
    needle = normalize(quote)
    if not needle:
        return None
    document = _document(
        tuple(passage.text for passage in passages),
        tuple(passage.is_footnote for passage in passages),
    )
    found = []  # (passages spanned, first passage)
    for text, starts in zip(document.texts, document.starts, strict=True):
        at = text.find(needle)
        while at >= 0:
            first = bisect_right(starts, at) - 1
            last = bisect_right(starts, at + len(needle) - 1) - 1
            run = range(first, last + 1)
            if len(run) == 1 or (
                len(run) <= MAX_SPAN and not any(document.footnotes[i] for i in run)
            ):
                found.append((len(run), first))
            at = text.find(needle, at + 1)
    return min(found)[1] if found else None


@dataclass(frozen=True)
class _Document:
    """A paper's passages in each reading form, one after the other (a space between
    two), with where each passage starts."""

    texts: tuple[str, ...]
    starts: tuple[tuple[int, ...], ...]
    footnotes: tuple[bool, ...]


@lru_cache(maxsize=64)
def _document(texts: tuple[str, ...], footnotes: tuple[bool, ...]) -> _Document:
    forms = [reading_forms(text) for text in texts]
    width = max((len(f) for f in forms), default=0)
    joined, starts = [], []
    for index in range(width):
        parts = [f[min(index, len(f) - 1)] for f in forms]
        joined.append(" ".join(parts))
        offsets, offset = [], 0
        for part in parts:
            offsets.append(offset)
            offset += len(part) + 1
        starts.append(tuple(offsets))
    return _Document(tuple(joined), tuple(starts), footnotes)


@dataclass(frozen=True)
class Nearest:
    """The passage closest to a refused quote, and the words of it closest to the quote."""

    passage: PassageLike
    excerpt: str


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _pairs(words: Sequence[str]) -> set[tuple[str, ...]]:
    return set(zip(words, words[1:], strict=False)) or {tuple(words)}


def nearest(passages: Sequence[PassageLike], quote: str) -> Nearest | None:
    """The passage that shares the most word pairs (then words) with `quote`, with the
    stretch of it that reads most like the quote; None when no passage shares a word."""
    needle = normalize(quote)
    words = _words(needle)
    if not words:
        return None
    pairs, vocabulary = _pairs(words), set(words)
    best, best_score = None, (0, 0)
    for passage in passages:
        shown = reading_forms(passage.text)[-1]
        passage_words = _words(shown)
        score = (len(pairs & _pairs(passage_words)), len(vocabulary & set(passage_words)))
        if score > best_score:
            best, best_score = passage, score
    if best is None:
        return None
    return Nearest(best, _excerpt(reading_forms(best.text)[-1], needle))


def _excerpt(text: str, needle: str) -> str:
    """The run of words of `text`, as long as `needle`, that reads most like it: the
    windows sharing the most word pairs with it, the closest of them by difflib's ratio;
    marked with "…" where it cuts the passage."""
    tokens = text.split(" ")
    size = min(max(len(needle.split(" ")), 6), EXCERPT_MAX_WORDS)
    if len(tokens) <= size:
        return text
    pairs = _pairs(_words(needle))
    windows = [
        (len(pairs & _pairs(_words(" ".join(tokens[start : start + size])))), start)
        for start in range(len(tokens) - size + 1)
    ]
    top = max(hits for hits, _start in windows)
    candidates = [start for hits, start in windows if hits == top]

    def likeness(start: int) -> float:
        window = " ".join(tokens[start : start + size])
        return SequenceMatcher(None, window.casefold(), needle.casefold(), autojunk=False).ratio()

    start = max(candidates[:50], key=likeness)
    end = start + size
    return (
        ("… " if start else "") + " ".join(tokens[start:end]) + (" …" if end < len(tokens) else "")
    )


def refusal(passages: Sequence[PassageLike], quote: str, *, source: str) -> list[str]:
    """Why `quote` cannot be cited from the paper `source` whose passages are given: the
    messages every write shows (the admin, the API and the seed loader), the nearest
    passage second; none when the reader shows the quote."""
    if locate(passages, quote) is not None:
        return []
    messages = [
        _(
            "This quote does not occur in “%(source)s” as its source reader shows it: copy it "
            "exactly as the paper gives it (line breaks and spacing may differ)."
        )
        % {"source": source}
    ]
    found = nearest(passages, quote)
    if found is not None:
        messages.append(
            _("Nearest passage (%(locator)s): “%(excerpt)s”")
            % {"locator": found.passage.locator, "excerpt": found.excerpt}
        )
    return messages
