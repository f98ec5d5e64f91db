"""What a version of a record holds (`State`): its fields, its many-to-many links, its
link rows with their values (a practice's countries, with roles) and its citations, each
as it stood at the moment of a history row. `versions_of()` reads the versions of a page
of history rows in a fixed number of queries; `current_state()` reads the record as the
database holds it now."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords

from ..models import Citation


@dataclass(frozen=True)
class LinkRows:
    """A kind of link row with history of its own (a practice's countries, with roles)."""

    name: str  # the record's many-to-many field ("countries")
    label: str
    through: type[models.Model]
    owner: str  # the link row's field naming the record ("practice")
    target: str  # the link row's field naming the linked record ("country")
    extras: tuple[str, ...]  # the link row's own values ("role",)


@dataclass
class State:
    """A record as one version has it: its fields, many-to-many links, link rows with
    their values, and citations."""

    fields: dict[str, Any]
    many: dict[str, frozenset[int]] = field(default_factory=dict)
    rows: dict[str, dict[int, tuple]] = field(default_factory=dict)
    citations: dict[int, tuple[int, str, str]] = field(default_factory=dict)


def own_fields(model) -> list[models.Field]:
    """The record's fields its history keeps and an editor can change."""
    kept = {f.name for f in model.history.model._meta.fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name in kept
    ]


def plain_many(model) -> list[models.ManyToManyField]:
    return sorted(model.history.model._history_m2m_fields, key=lambda f: f.name)


def link_rows(model) -> list[LinkRows]:
    kinds = []
    for many in model._meta.many_to_many:
        through = many.remote_field.through
        if through._meta.auto_created or not hasattr(
            through._meta, "simple_history_manager_attribute"
        ):
            continue
        owner, target = many.m2m_field_name(), many.m2m_reverse_field_name()
        extras = tuple(
            f.name
            for f in through._meta.concrete_fields
            if not f.primary_key and f.name not in {owner, target}
        )
        kinds.append(
            LinkRows(many.name, capfirst(many.verbose_name), through, owner, target, extras)
        )
    return kinds


def cites(model) -> bool:
    return any(
        isinstance(f, GenericRelation) and f.related_model is Citation
        for f in model._meta.private_fields
    )


def _replay(events: Sequence[tuple], moments: Sequence) -> list[dict]:
    """What existed at each moment (ascending), from history events (moment, type, key,
    *values) in order."""
    live, states, index = {}, [], 0
    for moment in moments:
        while index < len(events) and events[index][0] <= moment:
            _, kind, key, *values = events[index]
            if kind == "-":
                live.pop(key, None)
            else:
                live[key] = tuple(values)
            index += 1
        states.append(dict(live))
    return states


def versions_of(model, pk, rows: Sequence[models.Model]) -> list[State]:
    """The versions of the record `pk` that the history rows `rows` (oldest first) make."""
    states = [
        State(fields={f.attname: getattr(row, f.attname) for f in own_fields(model)})
        for row in rows
    ]
    row_ids = [row.history_id for row in rows]
    moments = [row.history_date for row in rows]
    for many in plain_many(model):
        target = many.remote_field.through._meta.get_field(many.m2m_reverse_field_name())
        held = defaultdict(set)
        snapshot = HistoricalRecords.m2m_models[many]
        for history_id, target_id in snapshot.objects.filter(history_id__in=row_ids).values_list(
            "history_id", target.attname
        ):
            held[history_id].add(target_id)
        for state, row_id in zip(states, row_ids, strict=True):
            state.many[many.name] = frozenset(held[row_id])
    for kind in link_rows(model):
        target = kind.through._meta.get_field(kind.target).attname
        owner = kind.through._meta.get_field(kind.owner).attname
        events = kind.through.history.filter(**{owner: pk}).order_by("history_date", "history_id")
        events = events.values_list("history_date", "history_type", "id", target, *kind.extras)
        for state, live in zip(states, _replay(list(events), moments), strict=True):
            state.rows[kind.name] = {values[0]: values[1:] for values in live.values()}
    if cites(model):
        events = Citation.history.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=pk
        ).order_by("history_date", "history_id")
        events = events.values_list(
            "history_date", "history_type", "id", "source_id", "locator", "quote"
        )
        for state, live in zip(states, _replay(list(events), moments), strict=True):
            state.citations = live
    return states


def current_state(record: models.Model) -> State:
    """The record as the database holds it now."""
    model = type(record)
    state = State(fields={f.attname: getattr(record, f.attname) for f in own_fields(model)})
    for many in plain_many(model):
        state.many[many.name] = frozenset(getattr(record, many.name).values_list("pk", flat=True))
    for kind in link_rows(model):
        links = kind.through._default_manager.filter(**{kind.owner: record})
        state.rows[kind.name] = {
            values[0]: values[1:] for values in links.values_list(f"{kind.target}_id", *kind.extras)
        }
    if cites(model):
        citations = Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=record.pk
        )
        state.citations = {
            values[0]: values[1:]
            for values in citations.values_list("id", "source_id", "locator", "quote")
        }
    return state
