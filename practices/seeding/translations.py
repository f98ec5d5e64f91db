"""The French and Spanish text of the seeded records (fixtures/translations/<lang>.json).

Each entry translates the English of one record's translatable fields and carries the
digest of that English (`from`): a translation whose English has changed since is stale,
and is not loaded (the record shows its English, marked as such) until a translator
updates it. Pure Python, so that scripts/translation_skeleton.py can use it too.
"""

from __future__ import annotations

import hashlib

# The translated languages (English is the records' own text).
LANGUAGES = ("fr", "es")

# record type -> (where its English lives, translatable fields)
TRANSLATABLE = {
    "practice": ("knowledge:practices", ("title", "summary")),
    "recommendation": ("knowledge:recommendations", ("title", "text")),
    "challenge": ("knowledge:challenges", ("title", "summary")),
    "coherence_level": ("reference:coherence_levels", ("name", "definition")),
    "coherence_element": ("reference:coherence_elements", ("name", "description")),
    "theme": ("reference:themes", ("name", "description")),
    "gcm_objective": ("reference:gcm_objectives", ("title", "short_title")),
    "gcm_principle": ("reference:gcm_principles", ("title",)),
    "sdg_target": ("reference:sdg_targets", ("title", "short_title")),
    "definition": ("knowledge:definitions", ("term", "definition")),
    "question": ("knowledge:questions", ("text",)),
    "question_result": ("knowledge:question_results", ("label",)),
    "event": ("knowledge:events", ("name",)),
    "session": ("knowledge:sessions", ("title",)),
}


def digest(values) -> str:
    """The digest of the English a translation was made from."""
    return hashlib.sha1("\x1f".join(values).encode("utf-8")).hexdigest()[:12]


def english_digest(record_type: str, data: dict) -> str:
    _, fields = TRANSLATABLE[record_type]
    return digest([data.get(field) or "" for field in fields])


def apply_translations(document: dict, label: str, entries: dict, problems: list[str]) -> None:
    """Add `<field>_<lang>` to the entries the document translates, leaving out the
    stale ones (their English changed since; tests/test_translations.py names them)."""
    language = document.get("language")
    if language not in LANGUAGES or document.get("translation_of") != "en":
        problems.append(
            f'{label}: "language" must be one of {", ".join(LANGUAGES)}, '
            'with "translation_of": "en"'
        )
        return
    for record_type, section in document.items():
        if not isinstance(section, dict):
            continue
        if record_type not in TRANSLATABLE:
            problems.append(f"{label}: “{record_type}” is not a translated record type")
            continue
        _, fields = TRANSLATABLE[record_type]
        known = {str(key): entry for key, entry in entries.get(record_type, {}).items()}
        for key, translation in section.items():
            entry = known.get(key)
            if entry is None:
                problems.append(f"{label}: no {record_type} “{key}” to translate")
                continue
            if translation.get("_todo"):
                continue
            if translation.get("from") != english_digest(record_type, entry.data):
                continue
            for field in fields:
                if translation.get(field):
                    entry.data[f"{field}_{language}"] = translation[field]
            entry.files.append(label)
