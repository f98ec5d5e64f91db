"""Text handling shared by citations, passages and search.

The papers were converted from PDF and Word, so their text carries line breaks inside
sentences, words hyphenated across lines and a little Markdown (bold, footnote markers,
links). A quote is verified against the paper after both are put through `normalize`,
which removes that furniture but keeps every word and the papers' typographic quotes
and dashes as they are.
"""

import re
from functools import lru_cache

_SUP = re.compile(r"<sup>.*?</sup>", re.DOTALL)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*+")
_ESCAPE = re.compile(r"\\([_*\[\]()#`])")
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n\s*(?=\w)")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,.;:)\]])")
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[]) +")


# Whole papers and their passages are normalised again for every quote checked against
# them (a thousand citations on loading the seed): remember the latest results.
@lru_cache(maxsize=2048)
def normalize(text: str) -> str:
    """Return `text` as one line of plain words, for comparing quotes with their source.

    - footnote markers (`<sup>3</sup>`), Markdown emphasis and link targets are dropped;
    - a word hyphenated across a line break is joined, keeping its hyphen
      ("development-\\nrelevant" -> "development-relevant");
    - runs of whitespace become one space, and a space before closing punctuation goes.
    """
    text = _SUP.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _HYPHEN_BREAK.sub(r"\1-", text)
    text = _SPACE.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub("", text)
    text = _SPACE_AFTER_OPEN.sub("", text)
    return text.strip()


def contains_quote(source_text: str, quote: str) -> bool:
    """True when `quote` occurs verbatim in `source_text`, once both are normalised."""
    needle = normalize(quote)
    return bool(needle) and needle in normalize(source_text)


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a control character (NUL, a tab, a line break, DEL...): never
    part of a filter value, a key or a query, and refused wherever one is read."""
    return any(ord(char) < 32 or ord(char) == 127 for char in text)
