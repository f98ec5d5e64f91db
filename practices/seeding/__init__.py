"""Load the curated seed data in `fixtures/` into the database.

Every fixture file is a JSON object `{"type": "<record type>", "records": [...]}` whose
records name each other by natural key (slugs and ISO alpha-3 codes), never by primary
key. The same record may appear in several files (an institution named by two papers):
the loader merges them, provided their values agree, and unions their lists and
citations. Loading is idempotent: a record that already matches its fixture is left
untouched (no write, no history entry), a record whose fixture changed is updated in
place, and nothing outside the fixtures is deleted. See `fixtures/README.md`.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.dispatch import Signal

from coherence import batching

from .loader import CHANGE_REASON, Loader, LoadReport
from .reading import read_fixtures
from .types import RECORD_TYPES, FixtureError

__all__ = [
    "CHANGE_REASON",
    "RECORD_TYPES",
    "FixtureError",
    "LoadReport",
    "knowledge_base_loaded",
    "load_knowledge_base",
]

# Sent once the records are loaded, in the same transaction, with `root` (the fixtures'
# folder) and `report` (the LoadReport, whose `notes` a receiver may add a line to): how
# the apps above this one load their own fixtures (the search app its thesaurus,
# `thesaurus.json`), without this layer importing them.
knowledge_base_loaded = Signal()


def load_knowledge_base(root: Path) -> LoadReport:
    """Load every fixture under `root` in one transaction; raise FixtureError on any problem
    (and then leave the database as it was)."""
    entries = read_fixtures(root)
    # What the apps above derive from each record (its search document) is written once
    # per record, when the records are loaded (`coherence.batching`).
    with transaction.atomic(), batching.batch():
        report = Loader(entries).load()
        knowledge_base_loaded.send(sender=load_knowledge_base, root=root, report=report)
        return report
