"""Reading the fixture files and merging the records that several files give (an
institution named by two papers), with every inconsistency reported at once."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from coherence.models import Country
from coherence.text import normalize

from .translations import apply_translations
from .types import TYPES_BY_NAME, FixtureError, RecordType


@dataclass
class Entry:
    """A record as the fixtures give it, merged across files."""

    data: dict
    files: list[str]


# Fixture files of the apps above this one, which they load themselves.
OTHER_APPS_TYPES = frozenset({"thesaurus"})


def fixture_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.json") if path.is_file())


def read_fixtures(root: Path) -> dict[str, dict[str, Entry]]:
    """Every record of every fixture file under `root`, by type and natural key."""
    entries: dict[str, dict[str, Entry]] = defaultdict(dict)
    problems = []
    translations = []
    for path in fixture_files(root):
        label = str(path.relative_to(root))
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{label}: not readable as JSON ({error})")
            continue
        if isinstance(document, dict) and document.get("type") in OTHER_APPS_TYPES:
            continue  # loaded by its app (`knowledge_base_loaded`)
        if isinstance(document, dict) and "translation_of" in document:
            translations.append((label, document))  # applied once every record is read
            continue
        record_type = (
            TYPES_BY_NAME.get(document.get("type")) if isinstance(document, dict) else None
        )
        if record_type is None:
            problems.append(
                f'{label}: the file must be an object with a "type" among '
                f'{", ".join(TYPES_BY_NAME)} and a list of "records"'
            )
            continue
        for index, record in enumerate(document.get("records", [])):
            where = f"{label}, record {index + 1}"
            if not isinstance(record, dict) or not record.get(record_type.key):
                problems.append(f"{where}: a {record_type.name} needs its key “{record_type.key}”")
                continue
            unknown = set(record) - record_type.allowed
            if unknown:
                problems.append(
                    f"{where} ({record[record_type.key]}): unknown field(s) {', '.join(sorted(unknown))}"
                )
                continue
            if record_type.text_file and record.get("text_file"):
                record = {**record, "text_file": str((path.parent / record["text_file"]).resolve())}
            key = record[record_type.key]
            if record_type.model is Country:
                key = key.upper()
            existing = entries[record_type.name].get(key)
            if existing is None:
                entries[record_type.name][key] = Entry(dict(record), [label])
            else:
                problems.extend(
                    f"{record_type.name} “{key}” ({', '.join([*existing.files, label])}): {problem}"
                    for problem in merge_into(existing.data, record, record_type)
                )
                existing.files.append(label)
    for label, document in translations:
        apply_translations(document, label, entries, problems)
    if problems:
        raise FixtureError(problems)
    return entries


def _citation_identity(citation: dict):
    return (citation.get("source"), citation.get("locator"), normalize(citation.get("quote", "")))


def _link_identity(record_type: RecordType, name: str, item):
    link = record_type.links[name]
    return item.get(link.key) if isinstance(item, dict) else item


def merge_into(target: dict, other: dict, record_type: RecordType) -> list[str]:
    """Merge `other` into `target`; return the conflicts found."""
    problems = []
    for name, value in other.items():
        current = target.get(name)
        if name == "citations":
            known = {_citation_identity(c) for c in current or []}
            target["citations"] = [*(current or [])] + [
                c for c in value if _citation_identity(c) not in known
            ]
        elif name in record_type.links:
            merged = {_link_identity(record_type, name, item): item for item in current or []}
            for item in value:
                identity = _link_identity(record_type, name, item)
                if identity in merged and merged[identity] != item:
                    problems.append(f"{name}: “{identity}” is given with different roles")
                merged.setdefault(identity, item)
            target[name] = list(merged.values())
        elif name in record_type.many:
            target[name] = list(dict.fromkeys([*(current or []), *value]))
        elif current in (None, "", []):
            target[name] = value
        elif value not in (None, "", []) and value != current:
            problems.append(f"{name}: “{current}” in one file, “{value}” in another")
    return problems
