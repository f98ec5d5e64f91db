"""What one version of a record changed from another, in words (`changes()`): each field
changed, old and new (long texts word by word, `word_diff()`), the links added, removed or
edited, and the citations, the linked records named by their names (`Names`)."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from ..models import SourceDocument
from .states import LinkRows, State, cites, link_rows, own_fields, plain_many

# Text longer than this (or any text field) is compared word by word.
LONG_TEXT = 60
# In a word-by-word comparison, unchanged stretches longer than this are shortened.
CONTEXT_WORDS = 12
EMPTY = "—"
# Texts that share less than this part of their words read as rewritten, not edited.
REWRITTEN = 0.4


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
