#!/usr/bin/env python
"""Compile the interface catalogues (locale/<lang>/LC_MESSAGES/*.po → .mo) with polib, so
that no machine needs GNU gettext to serve the translated pages; with --check, fail on an
untranslated or fuzzy entry instead (CI runs the check through the test suite).

    python scripts/compile_messages.py            # `make messages`, run by `make run`/`make test`
    python scripts/compile_messages.py --check
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"


def catalogues():
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def problems(path: Path) -> list[str]:
    catalogue = polib.pofile(str(path))
    found = [f"untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    found += [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    return found


def compile_all() -> None:
    for path in catalogues():
        target = path.with_suffix(".mo")
        if target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
            continue
        polib.pofile(str(path)).save_as_mofile(str(target))
        print(f"compiled {target.relative_to(ROOT)}")


if __name__ == "__main__":
    if "--check" in sys.argv:
        failed = {path: problems(path) for path in catalogues()}
        for path, found in failed.items():
            for problem in found:
                print(f"{path.relative_to(ROOT)}: {problem}")
        sys.exit(1 if any(failed.values()) else 0)
    compile_all()
