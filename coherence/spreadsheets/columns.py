"""The columns of a spreadsheet of records: how each reads a record's current value,
writes it into a cell, and reads an edited cell back (refusing what cannot be a value of
the field, with the reason), and where an import puts what it read: among the record's
own fields, its many-to-many links, or its link rows with a role.

Values are compared, not cells: a list of links in another order, or a text with spaces
around it, is the same value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from ..text import has_control_characters

SEPARATOR = ";"
ROLE_SEPARATOR = ":"


class CellRefused(Exception):
    """A cell whose text cannot be a value of its column, with the reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Lookup:
    """Records found by their key (a slug, a country's ISO code) during one import, each
    fetched once however many rows name it."""

    def __init__(self):
        self.found: dict[tuple[type, str, str], models.Model | None] = {}

    def get(self, model: type[models.Model], key_field: str, keys: list[str]) -> dict:
        wanted = [key for key in keys if (model, key_field, key) not in self.found]
        if wanted:
            for record in model._default_manager.filter(**{f"{key_field}__in": wanted}):
                self.found[(model, key_field, getattr(record, key_field))] = record
            for key in wanted:
                self.found.setdefault((model, key_field, key), None)
        return {key: self.found[(model, key_field, key)] for key in keys}


def _text_of(raw) -> str:
    """A cell as text: empty for none, whole numbers without a decimal point."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _pieces(raw) -> list[str]:
    return [piece.strip() for piece in _text_of(raw).split(SEPARATOR) if piece.strip()]


@dataclass
class Column:
    """A column: `key` heads it in the file; `help` is its line in the sheet's notes.
    A read-only column is exported and ignored on import."""

    key: str
    help: str = ""
    read_only: bool = False
    width: int = 16

    # What an import changes: "field" (the record's own), "many" or "links".
    target = "field"

    def current(self, record) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        """The column's line in the sheet's notes."""
        return str(self.help)

    def cell(self, value) -> Any:
        """The value as the file shows it."""
        return value

    def shown(self, value) -> str:
        """The value as the dry run shows it."""
        cell = self.cell(value)
        return "" if cell is None else str(cell)

    def parse(self, raw, lookup: Lookup) -> Any:
        raise CellRefused(_("This column is read-only."))

    def same(self, old, new) -> bool:
        return old == new


@dataclass
class Key(Column):
    """The column that names the record (its slug): how rows are matched, never changed."""

    read_only: bool = True

    def current(self, record):
        return getattr(record, self.key)


@dataclass
class Text(Column):
    """A text field. Spaces around the text are dropped; a one-line field refuses line
    breaks, tabs and other control characters, a multi-line one accepts line breaks."""

    multiline: bool = False

    def current(self, record):
        return getattr(record, self.key)

    def parse(self, raw, lookup):
        text = _text_of(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
        checked = text.replace("\n", "").replace("\t", "") if self.multiline else text
        if has_control_characters(checked):
            raise CellRefused(
                _(
                    "The text holds a control character (a line break, a tab...), which this column cannot hold."
                )
                if not self.multiline
                else _("The text holds a control character, which no text may hold.")
            )
        return text

    def same(self, old, new):
        return (old or "").replace("\r\n", "\n").strip() == new


@dataclass
class Choice(Column):
    """A field with choices: the value's code, or its label in any case."""

    choices: type[models.TextChoices] | None = None
    blank: bool = False

    def current(self, record):
        return getattr(record, self.key)

    def describe(self):
        return _("%(help)s: one of %(values)s") % {
            "help": self.help,
            "values": ", ".join(self.choices.values),
        }

    def parse(self, raw, lookup):
        text = _text_of(raw).strip()
        if not text and self.blank:
            return ""
        for value, label in self.choices.choices:
            if text.casefold() in (value.casefold(), str(label).casefold()):
                return value
        raise CellRefused(
            _("“%(text)s” is not one of: %(values)s.")
            % {"text": text, "values": ", ".join(self.choices.values)}
        )


@dataclass
class Year(Column):
    """A year, or empty. Its range is the model's constraint, checked on writing."""

    width: int = 10

    def current(self, record):
        return getattr(record, self.key)

    def parse(self, raw, lookup):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, bool):
            raise CellRefused(_("“%(text)s” is not a year.") % {"text": raw})
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        text = str(raw).strip()
        if text.isascii() and text.isdigit():
            return int(text)
        raise CellRefused(
            _("“%(text)s” is not a year (a whole number such as 2008).") % {"text": text}
        )


@dataclass
class Related(Column):
    """A foreign key, by the related record's key (`key_field`), or empty where the
    field may be."""

    model: type[models.Model] | None = None
    key_field: str = "slug"
    upper: bool = False
    blank: bool = True

    def current(self, record):
        return getattr(record, self.key)

    def cell(self, value):
        return getattr(value, self.key_field) if value is not None else ""

    def parse(self, raw, lookup):
        text = _text_of(raw).strip()
        if self.upper:
            text = text.upper()
        if not text:
            if not self.blank:
                raise CellRefused(_("This column cannot be empty."))
            return None
        found = lookup.get(self.model, self.key_field, [text])[text]
        if found is None:
            raise CellRefused(
                _("No %(model)s has the key “%(key)s”.")
                % {"model": self.model._meta.verbose_name, "key": text}
            )
        return found

    def same(self, old, new):
        return (old.pk if old is not None else None) == (new.pk if new is not None else None)


def _found_all(model, key_field: str, keys: list[str], lookup: Lookup) -> list:
    seen, twice = set(), []
    for key in keys:
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)
    if twice:
        raise CellRefused(_("Listed more than once: %(keys)s.") % {"keys": ", ".join(twice)})
    found = lookup.get(model, key_field, keys)
    unknown = [key for key in keys if found[key] is None]
    if unknown:
        raise CellRefused(
            _("Unknown %(model)s: %(keys)s.")
            % {"model": model._meta.verbose_name_plural, "keys": ", ".join(unknown)}
        )
    return [found[key] for key in keys]


@dataclass
class Many(Column):
    """A many-to-many field: the linked records' keys separated by `;`, in any order."""

    model: type[models.Model] | None = None
    key_field: str = "slug"
    upper: bool = False
    target = "many"

    def current(self, record):
        return list(getattr(record, self.key).all())

    def cell(self, value):
        return f"{SEPARATOR} ".join(getattr(item, self.key_field) for item in value)

    def parse(self, raw, lookup):
        keys = [key.upper() if self.upper else key for key in _pieces(raw)]
        return _found_all(self.model, self.key_field, keys, lookup)

    def same(self, old, new):
        return {item.pk for item in old} == {item.pk for item in new}


@dataclass
class Roles(Column):
    """Link rows with a role (a practice's countries): `KEY:role` separated by `;`, the
    role left out meaning `default`."""

    relation: str = ""
    target_field: str = ""
    model: type[models.Model] | None = None
    key_field: str = "slug"
    upper: bool = False
    roles: type[models.TextChoices] | None = None
    default: str = ""
    target = "links"

    def current(self, record):
        return [
            (getattr(row, self.target_field), row.role)
            for row in getattr(record, self.relation).all()
        ]

    def cell(self, value):
        return f"{SEPARATOR} ".join(
            f"{getattr(target, self.key_field)}{ROLE_SEPARATOR}{role}" for target, role in value
        )

    def parse(self, raw, lookup):
        keys, roles = [], []
        for piece in _pieces(raw):
            key, _colon, role = piece.partition(ROLE_SEPARATOR)
            key, role = key.strip(), role.strip().lower() or self.default
            if role not in self.roles.values:
                raise CellRefused(
                    _("“%(role)s” (for %(key)s) is not a role; the roles are: %(roles)s.")
                    % {"role": role, "key": key, "roles": ", ".join(self.roles.values)}
                )
            keys.append(key.upper() if self.upper else key)
            roles.append(role)
        return list(zip(_found_all(self.model, self.key_field, keys, lookup), roles, strict=True))

    def same(self, old, new):
        return {(target.pk, role) for target, role in old} == {
            (target.pk, role) for target, role in new
        }


@dataclass
class Shown(Column):
    """A read-only column computed from the record (the names beside the keys, when it
    was updated, its address)."""

    read_only: bool = True
    value: Callable[[Any], Any] = field(default=lambda record: None)

    def current(self, record):
        return self.value(record)


def names(relation: str, attribute: str = "name", through: str | None = None) -> Callable:
    """The names of the records linked through `relation`, in the order of their keys."""

    def value(record):
        rows = getattr(record, relation).all()
        return f"{SEPARATOR} ".join(
            str(getattr(getattr(row, through) if through else row, attribute)) for row in rows
        )

    return value
