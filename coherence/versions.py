"""One write, one version: the history rows a write leaves share one moment.

A record's version is its own history row together with its links as they stood at that
row's moment: its many-to-many links (simple-history's snapshot on the row), its link rows
with roles (a practice's countries and institutions, which have history of their own) and
its citations (which have history of their own). A write (a service call, an admin save, a
revert) runs inside `version()`: every history row written inside it, the record's and its
links', takes the moment the write began, so that "the links as of the row's moment" are
exactly the links this write left, whichever was saved first. When the write ends, the
many-to-many snapshot of each record row it wrote is taken again, since the admin saves a
record before its links. Many-to-many changes write no history rows of their own
(`links_changing()`): the write's one row of the record says what changed.

Outside `version()` (a factory in a test, a bare `save()`) history is written as
simple-history writes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record, pre_create_historical_record


@dataclass
class _Version:
    moment: datetime
    rows: list[tuple[models.Model, models.Model]] = field(default_factory=list)


_current: ContextVar[_Version | None] = ContextVar("coherence_version", default=None)


@contextmanager
def version() -> Iterator[None]:
    """Make the history rows written inside one version (nested calls join the outer)."""
    if _current.get() is not None:
        yield
        return
    current = _Version(moment=timezone.now())
    token = _current.set(current)
    try:
        yield
        for row, instance in current.rows:
            _snapshot_many(row, instance)
    finally:
        _current.reset(token)


@contextmanager
def links_changing(record: models.Model) -> Iterator[None]:
    """Change `record`'s many-to-many links without a history row per change."""
    already = hasattr(record, "skip_history_when_saving")
    record.skip_history_when_saving = True
    try:
        yield
    finally:
        if not already:
            del record.skip_history_when_saving


@receiver(pre_create_historical_record)
def _same_moment(sender, history_instance, **kwargs):
    current = _current.get()
    if current is not None:
        history_instance.history_date = current.moment


@receiver(post_create_historical_record)
def _remember_many(sender, history_instance, instance, **kwargs):
    current = _current.get()
    if current is not None and history_instance._history_m2m_fields:
        current.rows.append((history_instance, instance))


def _snapshot_many(row: models.Model, instance: models.Model) -> None:
    """Replace the row's many-to-many snapshot with the links `instance` has now."""
    for many in row._history_m2m_fields:
        snapshot = HistoricalRecords.m2m_models[many]
        through = many.remote_field.through
        owner = many.m2m_field_name()
        names = [f.name for f in through._meta.fields]
        snapshot.objects.filter(history=row).delete()
        snapshot.objects.bulk_create(
            snapshot(history=row, **{name: getattr(link, name) for name in names})
            for link in through.objects.filter(**{owner: instance}).select_related(
                *(f.name for f in through._meta.fields if f.is_relation)
            )
        )
