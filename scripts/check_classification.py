#!/usr/bin/env python
"""Check the knowledge base's own classification of the seeded practices.

fixtures/knowledge/classification/practices.json files every practice of the fixtures under
the Global Compact for Migration's 23 objectives and 10 guiding principles (A/RES/73/195,
paras 15-16) and the SDG targets on migration, each with a short reason. This script checks
the file against the practice fixtures, standard library only:

    python scripts/check_classification.py

- every practice slug has exactly one record, and no record names an unknown practice;
- the records are sorted by slug;
- objective numbers are 1-23, principle numbers 1-10, SDG codes from the agreed list,
  none repeated within a record;
- every record has at least one objective;
- every reason is non-empty, at most 200 characters, and no two reasons are identical.

It prints the number of practices filed under each objective, principle and target, and
exits with status 1 (listing every problem) if any check fails.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "fixtures" / "knowledge"
CLASSIFICATION = KNOWLEDGE / "classification" / "practices.json"

OBJECTIVES = range(1, 24)
PRINCIPLES = range(1, 11)
SDG_TARGETS = (
    "4.b",
    "5.2",
    "8.7",
    "8.8",
    "10.7",
    "10.c",
    "16.2",
    "16.9",
    "17.3",
    "17.16",
    "17.17",
    "17.18",
)
MAX_REASON = 200

# The three kinds of classification: list field, key of each item, allowed values.
KINDS = (
    ("gcm_objectives", "number", OBJECTIVES),
    ("gcm_principles", "number", PRINCIPLES),
    ("sdg_targets", "code", SDG_TARGETS),
)
RECORD_FIELDS = {"practice", *(field for field, _, _ in KINDS)}


def practice_slugs(knowledge: Path = KNOWLEDGE) -> set[str]:
    """Every practice slug the fixtures seed (a practice may appear in several files)."""
    slugs = set()
    for path in sorted(knowledge.rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and document.get("type") == "practice":
            slugs.update(record["slug"] for record in document.get("records", []))
    return slugs


def load_classification(path: Path = CLASSIFICATION) -> list[dict]:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("type") != "classification":
        raise ValueError(f'{path}: expected an object with "type": "classification"')
    return document.get("records", [])


def check_records(records: list[dict], slugs: set[str]) -> list[str]:
    """Every problem found in the classification records, as readable sentences."""
    problems = []
    seen = Counter(record.get("practice") for record in records)
    for slug, count in sorted(seen.items(), key=lambda item: str(item[0])):
        if count > 1:
            problems.append(f"{slug}: {count} records, expected one")
        if slug not in slugs:
            problems.append(f"{slug}: no such practice in the fixtures")
    for slug in sorted(slugs - set(seen)):
        problems.append(f"{slug}: practice not classified")
    order = [record.get("practice") or "" for record in records]
    if order != sorted(order):
        problems.append("records are not sorted by practice slug")

    reasons: dict[str, str] = {}
    for record in records:
        slug = record.get("practice")
        unknown = set(record) - RECORD_FIELDS
        if unknown:
            problems.append(f"{slug}: unknown field(s) {', '.join(sorted(unknown))}")
        if not record.get("gcm_objectives"):
            problems.append(f"{slug}: no GCM objective")
        for field, key, allowed in KINDS:
            items = record.get(field, [])
            if not isinstance(items, list):
                problems.append(f"{slug}: {field} must be a list")
                continue
            values = [item.get(key) for item in items]
            for value, count in Counter(values).items():
                if count > 1:
                    problems.append(f"{slug}: {field} {value} given {count} times")
            for item in items:
                value, reason = item.get(key), item.get("reason")
                where = f"{slug}: {field} {value}"
                if set(item) != {key, "reason"}:
                    problems.append(f"{where}: expected exactly the fields {key}, reason")
                if value not in allowed or isinstance(value, bool):
                    problems.append(f"{where}: not a valid {key}")
                if not isinstance(reason, str) or not reason.strip():
                    problems.append(f"{where}: empty reason")
                    continue
                if len(reason) > MAX_REASON:
                    problems.append(
                        f"{where}: reason is {len(reason)} characters (max {MAX_REASON})"
                    )
                if reason in reasons:
                    problems.append(f"{where}: same reason as {reasons[reason]}")
                else:
                    reasons[reason] = where
    return problems


def counts(records: list[dict]) -> dict[str, Counter]:
    """How many practices each objective, principle and SDG target classifies."""
    return {
        field: Counter(item[key] for record in records for item in record.get(field, []))
        for field, key, _ in KINDS
    }


def report(records: list[dict]) -> str:
    tally = counts(records)
    lines = [f"{len(records)} practices classified"]
    for field, _, allowed in KINDS:
        lines.append(f"{field}:")
        lines.extend(f"  {value:>5}: {tally[field][value]}" for value in allowed)
    return "\n".join(lines)


def main() -> int:
    records = load_classification()
    problems = check_records(records, practice_slugs())
    print(report(records))
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
