"""The catalogues and the seeded translations are complete and current; counts are
written as each language writes numbers."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from practices.seeding.translations import LANGUAGES, TRANSLATABLE, english_digest
from practices.seeding.types import TYPES_BY_NAME

ROOT = Path(settings.BASE_DIR)


def test_the_interface_catalogues_are_complete():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "compile_messages", ROOT / "scripts" / "compile_messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    catalogues = module.catalogues()
    assert {path.parts[-3] for path in catalogues} == set(LANGUAGES)
    for path in catalogues:
        assert module.problems(path) == [], path


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_seeded_record_has_a_current_translation(language):
    """Each entry translates the English the fixtures hold now (its digest matches), has
    every field, and no entry is left to translate."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "skeleton", ROOT / "scripts" / "translation_skeleton.py"
    )
    skeleton = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(skeleton)
    english = skeleton.english_records()
    document = json.loads((ROOT / "fixtures" / "translations" / f"{language}.json").read_text())
    problems = []
    for record_type, (_where, fields) in TRANSLATABLE.items():
        assert record_type in TYPES_BY_NAME
        section = document.get(record_type, {})
        missing = set(english[record_type]) - set(section)
        problems += [f"{record_type} {key}: not translated" for key in sorted(missing)]
        for key, entry in section.items():
            if key not in english[record_type]:
                problems.append(f"{record_type} {key}: no such record")
                continue
            if entry.get("_todo") or any(not entry.get(field) for field in fields):
                problems.append(f"{record_type} {key}: incomplete")
            if entry.get("from") != english_digest(record_type, english[record_type][key]):
                problems.append(f"{record_type} {key}: its English changed since")
    assert problems == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "12,500 practices"), ("fr", "12\u202f500 pratiques"), ("es", "12\u202f500 prácticas")],
)
def test_counts_are_written_as_the_language_writes_numbers(language, expected):
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n with shown=n|grouped %}{{ shown }} practice"
        "{% plural %}{{ shown }} practices{% endblocktranslate %}"
    )
    with translation.override(language):
        rendered = template.render(Context({"n": 12500}))
    # Django's own format of each language: its thousands separator may be a (narrow)
    # no-break space in French.
    assert rendered.replace("\xa0", "\u202f") == expected
