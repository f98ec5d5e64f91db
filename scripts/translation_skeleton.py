#!/usr/bin/env python
"""Write or refresh fixtures/translations/<lang>.json: the French or Spanish text of the
seeded records' translatable fields, each entry marked with the digest of the English it
translates.

    python scripts/translation_skeleton.py fr     # adds missing entries (English text, to translate)

An entry whose English changed since it was translated keeps its text but gets the new
English beside it under "_english" and the new English's digest under "_new_from" (its
`from` stays the old one), so the check
(`tests/test_translation_fixtures.py`) names it until a translator updates it.
"""

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "fixtures" / "knowledge"
REFERENCE = ROOT / "fixtures" / "reference"
OUTPUT = ROOT / "fixtures" / "translations"

# The seed's own definitions (a pure module, loaded without Django).
_spec = importlib.util.spec_from_file_location(
    "translations", ROOT / "practices" / "seeding" / "translations.py"
)
_translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_translations)
TRANSLATABLE, digest = _translations.TRANSLATABLE, _translations.digest

KEYS = {"gcm_objective": "number", "gcm_principle": "number", "sdg_target": "code"}


def _records(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["records"] if isinstance(data, dict) else data


def english_records():
    """{record type: {key: {field: English text}}} read from the seed fixtures."""
    found = {}
    for record_type, (where, fields) in TRANSLATABLE.items():
        key = KEYS.get(record_type, "slug")
        kind, name = where.split(":")
        paths = (
            sorted(KNOWLEDGE.glob(f"*/{name}.json"))
            if kind == "knowledge"
            else [REFERENCE / f"{name}.json"]
        )
        entries = found.setdefault(record_type, {})
        for path in paths:
            if path.parent.name == "classification":
                continue
            for record in _records(path):
                if key not in record or not all(field in record for field in fields):
                    continue
                entries[str(record[key])] = {field: record[field] or "" for field in fields}
    return found


def refresh(language: str) -> Path:
    path = OUTPUT / f"{language}.json"
    current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    out = {
        "language": language,
        "translation_of": "en",
        "note": current.get(
            "note",
            "Translations of the English text of the seeded records. Each entry's 'from' is the "
            "digest of the English it translates (scripts/translation_skeleton.py).",
        ),
    }
    for record_type, entries in english_records().items():
        _, fields = TRANSLATABLE[record_type]
        old = current.get(record_type, {})
        section = {}
        for key, english in entries.items():
            source = digest([english[field] for field in fields])
            entry = old.get(key)
            if entry is None:
                entry = {**english, "from": source, "_todo": True}
            elif entry.get("from") != source:
                entry = {**entry, "_english": english, "_new_from": source}
            section[key] = entry
        out[record_type] = section
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    for language in sys.argv[1:] or ["fr", "es"]:
        print(refresh(language))
