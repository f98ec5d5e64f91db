"""Keeping the search documents in step with the records.

- `index(kind, pks)` writes fresh documents for records that were saved;
- `refresh(kind, pks)` rewrites the documents that exist, for records whose links or
  related names changed (it never creates one: a link deleted together with its record
  must not bring the record's document back);
- `rebuild()` rewrites every document, for `python manage.py rebuild_search_index`.

Deleting a record deletes its document (a cascading foreign key), and the database's own
index follows the document table (PostgreSQL's generated column and GIN index; SQLite's
triggers). `search.signals` calls these functions on every save, delete and link change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection, transaction

from coherence import batching, data_version

from .backends import backend_for
from .kinds import KINDS, Kind
from .spelling import add_words, rebuild_vocabulary

BATCH_SIZE = 1000


def _batches(pks: list[int], size: int = BATCH_SIZE):
    for start in range(0, len(pks), size):
        yield pks[start : start + size]


def _write(kind: Kind, pks: Iterable[int], *, create: bool) -> int:
    written = 0
    for batch in _batches(sorted(set(pks))):
        documents = kind.documents(batch)
        # The vocabulary of corrections knows every word of the index (search.spelling).
        add_words(documents)
        existing = set(
            kind.document.objects.filter(pk__in=[d.pk for d in documents]).values_list(
                "pk", flat=True
            )
        )
        updated = [d for d in documents if d.pk in existing]
        if updated:
            kind.document.objects.bulk_update(updated, kind.text_fields)
        if create:
            created = [d for d in documents if d.pk not in existing]
            kind.document.objects.bulk_create(created)
            written += len(created)
        written += len(updated)
    return written


def index(kind: Kind, pks: Iterable[int]) -> int:
    """Write the documents of these records (created where missing); in a batch of
    writes (`coherence.batching`), once at its end (0 written now)."""
    if (pending := _pending()) is not None:
        pending.setdefault(kind.name, ({}, {}))[0].update(dict.fromkeys(pks))
        return 0
    return _write(kind, pks, create=True)


def refresh(kind: Kind, pks: Iterable[int]) -> int:
    """Rewrite the existing documents of these records; in a batch of writes, once at
    its end (0 written now)."""
    if (pending := _pending()) is not None:
        pending.setdefault(kind.name, ({}, {}))[1].update(dict.fromkeys(pks))
        return 0
    return _write(kind, pks, create=False)


def _pending() -> dict | None:
    """The records a batch of writes will index at its end, by type: (the keys to index,
    the keys to refresh), each in the order first given."""
    return batching.collected("search-index", _write_pending)


def _write_pending(pending: dict) -> None:
    """A batch's end: each record's document written once, from the records as they are
    now (one deleted since is left out; one only refreshed gets no new document)."""
    for name, (indexed, refreshed) in pending.items():
        kind = KINDS[name]
        if indexed:
            _write(kind, indexed, create=True)
        refreshed = [pk for pk in refreshed if pk not in indexed]
        if refreshed:
            _write(kind, refreshed, create=False)


@transaction.atomic
def rebuild(*, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Rewrite every document and the database's index from scratch; return the number
    of documents per type. `progress(type, n)` is called after each batch of n records."""
    backend = backend_for(connection)
    backend.rebuild_started(connection)
    counts = {}
    for kind in KINDS.values():
        kind.document.objects.all().delete()
        pks = list(kind.model._default_manager.order_by("pk").values_list("pk", flat=True))
        for batch in _batches(pks):
            kind.document.objects.bulk_create(kind.documents(batch))
            if progress:
                progress(kind.name, len(batch))
        counts[kind.name] = len(pks)
    backend.rebuild_finished(connection)
    rebuild_vocabulary(using=connection.alias)
    # Searches answer from the new documents: responses cached before are out of date.
    data_version.bump(connection.alias)
    return counts
