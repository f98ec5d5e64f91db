#!/usr/bin/env python
"""How much of each record's own words are copied from its own quotes.

For every practice, recommendation, challenge, definition, institution and tool in
fixtures/knowledge/**, the share of the word 5-grams of each of its prose fields (a
practice's summary, description, outcomes and challenges; a recommendation's text; a
challenge's summary; a glossary entry's definition; an institution's or tool's description)
that also occur in the quotes the record cites (lowercased, punctuation stripped, words
are runs of \\w). A record repeated across files is merged first, as the loader merges it.

    python scripts/summary_overlap.py               # offenders at 40 % or more, worst first
    python scripts/summary_overlap.py --threshold 0.6

Standard library only; tests/test_overlap_fixtures.py imports `overlaps()`.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "fixtures" / "knowledge"

# The prose fields written in the knowledge base's own words, per record type.
FIELDS = {
    "practice": ("summary", "description", "outcomes", "challenges"),
    "recommendation": ("text",),
    "challenge": ("summary",),
    "definition": ("definition",),
    "institution": ("description",),
    "tool": ("description",),
}
N = 5
THRESHOLD = 0.4
WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def ngrams(text: str, n: int = N) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def overlap(text: str, quotes: list[str], n: int = N) -> float:
    """The share of `text`'s word n-grams found in any of `quotes` (0 when it has none)."""
    own = ngrams(text, n)
    if not own:
        return 0.0
    quoted = set().union(*(ngrams(quote, n) for quote in quotes)) if quotes else set()
    return len(own & quoted) / len(own)


def records(root: Path = KNOWLEDGE) -> dict[tuple[str, str], dict]:
    """Records of the measured types, merged across files by (type, slug)."""
    merged: dict[tuple[str, str], dict] = {}
    for path in sorted(root.rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        kind = document.get("type")
        if kind not in FIELDS:
            continue
        for record in document["records"]:
            entry = merged.setdefault(
                (kind, record["slug"]), {"citations": [], "files": [], "fields": {}}
            )
            entry["files"].append(str(path.relative_to(root)))
            entry["citations"].extend(record.get("citations", []))
            for field in FIELDS[kind]:
                if record.get(field):
                    entry["fields"][field] = record[field]
    return merged


def overlaps(root: Path = KNOWLEDGE) -> list[dict]:
    """One row per non-empty prose field: type, slug, field, share, files."""
    rows = []
    for (kind, slug), entry in records(root).items():
        quotes = [citation["quote"] for citation in entry["citations"]]
        for field, text in entry["fields"].items():
            rows.append(
                {
                    "type": kind,
                    "slug": slug,
                    "field": field,
                    "share": overlap(text, quotes),
                    "files": entry["files"],
                }
            )
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args(argv)
    rows = [row for row in overlaps() if row["share"] >= args.threshold]
    rows.sort(key=lambda row: (-row["share"], row["type"], row["slug"], row["field"]))
    for row in rows:
        print(f"{row['share']:6.1%}  {row['type']:<14} {row['field']:<11} {row['slug']}")
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[row["type"], row["field"]] = counts.get((row["type"], row["field"]), 0) + 1
    summary = ", ".join(f"{n} {kind} {field}" for (kind, field), n in sorted(counts.items()))
    print(f"{len(rows)} fields at {args.threshold:.0%} or more" + (f": {summary}" if rows else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
