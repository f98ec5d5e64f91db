"""Seeding the thesaurus from `fixtures/thesaurus.json` (after `load_knowledge_base`
loads the records: `practices.seeding.knowledge_base_loaded`).

The file: `{"type": "thesaurus", "entries": [{"label": ..., "source": ..., "source_url":
..., "note": ..., "terms": [{"text": ..., "language": "en|fr|es|any", "kind":
"synonym|variant|acronym|expansion|translation|narrower|demonym", "expands": true}, ...]}]}`.

Entries are matched by label. A missing entry is created; an existing one is the
editors' and left as it is (they edit the thesaurus in the admin), so loading again
changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import ThesaurusEntry, ThesaurusTerm

ENTRY_FIELDS = {"label", "source", "source_url", "note", "terms"}
TERM_FIELDS = {"text", "language", "kind", "expands"}


def read_thesaurus(path: Path) -> list[dict]:
    """The entries of a thesaurus file, checked; raises ValueError with the problems."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("type") != "thesaurus":
        raise ValueError(f'{path.name}: an object with "type": "thesaurus" and "entries"')
    problems, labels = [], set()
    entries = document.get("entries", [])
    for number, entry in enumerate(entries, 1):
        where = f"{path.name}, entry {number}"
        if not isinstance(entry, dict) or not entry.get("label"):
            problems.append(f"{where}: an entry needs a label")
            continue
        if unknown := set(entry) - ENTRY_FIELDS:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if entry["label"] in labels:
            problems.append(f"{where}: the label “{entry['label']}” is used twice")
        labels.add(entry["label"])
        terms = entry.get("terms") or []
        if len(terms) < 2:
            problems.append(f"{where} ({entry['label']}): at least two expressions")
        for term in terms:
            if not isinstance(term, dict) or not term.get("text") or set(term) - TERM_FIELDS:
                problems.append(f"{where} ({entry['label']}): a term is {{text, language, kind}}")
    if problems:
        raise ValueError("\n".join(problems))
    return entries


@transaction.atomic
def load_thesaurus_file(path: Path) -> str:
    """Create the entries of the file that the database does not have; return a line
    for the load's report."""
    entries = read_thesaurus(path)
    existing = set(ThesaurusEntry.objects.values_list("label", flat=True))
    created = 0
    for data in entries:
        if data["label"] in existing:
            continue
        entry = ThesaurusEntry(
            label=data["label"],
            source=data.get("source", ""),
            source_url=data.get("source_url", ""),
            note=data.get("note", ""),
        )
        entry.full_clean()
        entry.save()
        for term_data in data["terms"]:
            term = ThesaurusTerm(
                entry=entry,
                text=" ".join(term_data["text"].split()),
                language=term_data.get("language", "any"),
                kind=term_data.get("kind", "synonym"),
                expands=term_data.get("expands", True),
            )
            try:
                term.full_clean()
            except ValidationError as error:
                raise ValueError(f"{path.name} ({data['label']}): {error}") from error
            term.save()
        created += 1
    kept = len(entries) - created
    return f"thesaurus: {len(entries)} entries ({created} created, {kept} kept as they are)"
