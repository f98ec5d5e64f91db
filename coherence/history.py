"""A record's versions, read back and compared, and a revert to one of them.

A version (see `coherence.versions`) is a history row of the record with its links as they
stood at that row's moment: the many-to-many links from the row's own snapshot, the link
rows with roles (a practice's countries and institutions) and the citations from their own
history, replayed up to the moment. `versions_of()` reads the versions of a page of
history rows in a fixed number of queries; `changes()` says in words what one version
changed from another; `record_revert()` writes a version back through the services, so
that the change feed and the history record the revert like any other write.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .models import Citation, SourceDocument
from .services import (
    CitationData,
    citations_set,
    many_set,
    publication_check,
    record_save,
    record_update,
    rows_set,
    stored_publication,
)
from .versions import version

# Text longer than this (or any text field) is compared word by word.
LONG_TEXT = 60
# In a word-by-word comparison, unchanged stretches longer than this are shortened.
CONTEXT_WORDS = 12
EMPTY = "—"
# Texts that share less than this part of their words read as rewritten, not edited.
REWRITTEN = 0.4


# What a version holds ---------------------------------------------------------------------


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


# What changed, in words -------------------------------------------------------------------


@dataclass
class Edit:
    """One linked thing that stayed but changed (a country's role, a citation's quote)."""

    name: str
    old: str = ""
    new: str = ""
    words: list[tuple[str, str]] | None = None


@dataclass
class Change:
    """What one version changed in one field or one kind of link."""

    label: str
    old: str = ""
    new: str = ""
    words: list[tuple[str, str]] | None = None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    edited: list[Edit] = field(default_factory=list)

    @property
    def is_links(self) -> bool:
        return bool(self.added or self.removed or self.edited)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """`old` against `new`, word by word: ("same" | "del" | "ins", text) pieces, long
    unchanged stretches shortened to their ends."""
    before, after = re.findall(r"\S+|\s+", old or ""), re.findall(r"\S+|\s+", new or "")
    pieces = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    words = difflib.SequenceMatcher(None, (old or "").split(), (new or "").split(), autojunk=False)
    if words.ratio() < REWRITTEN:
        return [(op, text) for op, text in (("del", old), ("ins", new)) if text]
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same = before[i1:i2]
            if len(same) > 4 * CONTEXT_WORDS:
                head, tail = same[: 2 * CONTEXT_WORDS], same[-2 * CONTEXT_WORDS :]
                same = [*(head if pieces else []), " … ", *tail]
            pieces.append(("same", "".join(same)))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(after[j1:j2])))
    return pieces


class Names:
    """The names of the records versions point to, read in one query per model."""

    def __init__(self):
        self.wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self.found: dict[type[models.Model], dict[int, models.Model]] = {}

    def want(self, model, ids):
        self.wanted[model].update(i for i in ids if i is not None)

    def load(self):
        for model, ids in self.wanted.items():
            self.found[model] = model._base_manager.in_bulk(ids)

    def __call__(self, model, pk) -> str:
        if pk is None:
            return EMPTY
        obj = self.found.get(model, {}).get(pk)
        return str(obj) if obj is not None else str(_("deleted record #%(id)s") % {"id": pk})


def names_for(model, states: Sequence[State]) -> Names:
    names = Names()
    fks = [f for f in own_fields(model) if f.many_to_one]
    for state in states:
        for f in fks:
            names.want(f.related_model, [state.fields.get(f.attname)])
        for many in plain_many(model):
            names.want(many.related_model, state.many.get(many.name, ()))
        for kind in link_rows(model):
            target = kind.through._meta.get_field(kind.target).related_model
            names.want(target, state.rows.get(kind.name, {}).keys())
        names.want(SourceDocument, (c[0] for c in state.citations.values()))
    names.load()
    return names


def _display(f: models.Field, value, names: Names) -> str:
    if f.many_to_one:
        return names(f.related_model, value)
    if value is None or value == "":
        return EMPTY
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _text_change(label: str, f: models.Field, old, new, names: Names) -> Change:
    before, after = _display(f, old, names), _display(f, new, names)
    if isinstance(f, models.TextField) or max(len(before), len(after)) > LONG_TEXT:
        return Change(label, words=word_diff(old or "", new or ""))
    return Change(label, old=before, new=after)


def _quote(text: str) -> str:
    return f"“{Truncator(text).chars(90)}”"


def _citation_changes(old: dict, new: dict, names: Names) -> Change | None:
    def place(values):
        return f"{names(SourceDocument, values[0])}, {values[1]}"

    change = Change(str(_("Citations")))
    added = {key: values for key, values in new.items() if key not in old}
    removed = {key: values for key, values in old.items() if key not in new}
    for key in sorted(old.keys() & new.keys()):
        if old[key] != new[key]:
            change.edited.append(_citation_edit(place(new[key]), old[key], new[key], place))
    # A citation replaced by one at the same place reads as an edit of its quote.
    for key, values in list(added.items()):
        twin = next((k for k, v in removed.items() if v[:2] == values[:2]), None)
        if twin is not None:
            change.edited.append(_citation_edit(place(values), removed.pop(twin), values, place))
            del added[key]
    change.added = [f"{place(v)} {_quote(v[2])}" for v in added.values()]
    change.removed = [f"{place(v)} {_quote(v[2])}" for v in removed.values()]
    return change if change.is_links else None


def _citation_edit(name, old, new, place) -> Edit:
    if old[:2] != new[:2]:
        return Edit(name, old=place(old), new=place(new))
    return Edit(
        str(_("%(place)s, quote edited") % {"place": name}), words=word_diff(old[2], new[2])
    )


def _rows_changes(kind: LinkRows, old: dict, new: dict, names: Names) -> Change | None:
    target = kind.through._meta.get_field(kind.target).related_model
    extras = [kind.through._meta.get_field(name) for name in kind.extras]

    def values(vals):
        return ", ".join(_display(f, v, names) for f, v in zip(extras, vals, strict=True))

    change = Change(kind.label)
    for pk in sorted(new.keys() - old.keys(), key=lambda pk: names(target, pk)):
        shown = values(new[pk])
        change.added.append(f"{names(target, pk)} ({shown})" if shown else names(target, pk))
    for pk in sorted(old.keys() - new.keys(), key=lambda pk: names(target, pk)):
        change.removed.append(names(target, pk))
    for pk in sorted(old.keys() & new.keys(), key=lambda pk: names(target, pk)):
        if old[pk] != new[pk]:
            change.edited.append(Edit(names(target, pk), old=values(old[pk]), new=values(new[pk])))
    return change if change.is_links else None


def changes(model, old: State | None, new: State, names: Names) -> list[Change]:
    """What `new` changed from `old` (None: the record's first version, whose links are
    listed as added), fields first, then links, then citations."""
    found = []
    if old is not None:
        for f in own_fields(model):
            before, after = old.fields.get(f.attname), new.fields.get(f.attname)
            if before != after:
                found.append(_text_change(str(capfirst(f.verbose_name)), f, before, after, names))
    old = old or State(fields={})
    for many in plain_many(model):
        before, after = old.many.get(many.name, frozenset()), new.many.get(many.name, frozenset())
        if before != after:
            found.append(
                Change(
                    str(capfirst(many.verbose_name)),
                    added=sorted(names(many.related_model, pk) for pk in after - before),
                    removed=sorted(names(many.related_model, pk) for pk in before - after),
                )
            )
    for kind in link_rows(model):
        change = _rows_changes(
            kind, old.rows.get(kind.name, {}), new.rows.get(kind.name, {}), names
        )
        if change:
            found.append(change)
    if cites(model):
        change = _citation_changes(old.citations, new.citations, names)
        if change:
            found.append(change)
    return found


# Revert -----------------------------------------------------------------------------------


@transaction.atomic
def record_revert(*, record: models.Model, row: models.Model, reason: str) -> bool:
    """Make `record` what the history row `row` says it was: its fields, its links and
    its citations, each written through the services (only what differs; one new
    version). Returns whether anything changed. Raises ValidationError when the version
    cannot be written back (a linked record is gone, a quote no longer in its source,
    a slug taken since)."""
    model = type(record)
    (wanted,) = versions_of(model, record.pk, [row])
    before = stored_publication(record)
    with version():
        changed = False
        for many in plain_many(model):
            targets = many.related_model._base_manager.filter(pk__in=wanted.many[many.name])
            changed |= many_set(record=record, field=many.name, targets=targets)
        for kind in link_rows(model):
            changed |= rows_set(
                rows=kind.through._default_manager.filter(**{kind.owner: record}),
                owner={kind.owner: record},
                target_field=kind.target,
                wanted={
                    pk: dict(zip(kind.extras, values, strict=True))
                    for pk, values in wanted.rows[kind.name].items()
                },
            )
        if cites(model):
            sources = SourceDocument.objects.in_bulk(v[0] for v in wanted.citations.values())
            if len(sources) < len({v[0] for v in wanted.citations.values()}):
                raise ValidationError(_("A source this version cites has been deleted."))
            changed |= citations_set(
                record=record,
                citations=[
                    CitationData(source=sources[source], locator=locator, quote=quote)
                    for source, locator, quote in wanted.citations.values()
                ],
            )
        saved = record_update(record=record, fields=_field_values(model, wanted), reason=reason)
        if changed and not saved:
            record_save(record=record, reason=reason)
        publication_check(record, before)
    return changed or saved


def _field_values(model, state: State) -> dict:
    values = {}
    for f in own_fields(model):
        value = state.fields[f.attname]
        if f.many_to_one and value is not None:
            target = f.related_model._base_manager.filter(pk=value).first()
            if target is None:
                raise ValidationError(
                    _("The %(field)s this version names has been deleted.")
                    % {"field": f.verbose_name}
                )
            value = target
        values[f.name] = value
    return values
