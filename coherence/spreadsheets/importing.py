"""Importing corrections from a spreadsheet: each row matched to its record by key, each
edited cell read and compared with the record, and each changed row written through the
sheet's write service (`Sheet.write()`, which validates with `full_clean()` like every
other write), inside one transaction.

A dry run does exactly what applying does, then rolls the transaction back: what it
reports as an error is what applying would refuse, for the same reason. Applying keeps
the writes only when every row is valid (all or nothing), and only when the changes are
those the dry run showed (the `fingerprint`), so that what an editor approved is what
is written. A row that changes nothing is not written at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ..services import publication_check, stored_publication
from .columns import CellRefused, Lookup
from .files import Table
from .sheets import Sheet


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowResult:
    """One row of the file: the record it names, what would change, what is wrong."""

    row: int
    key: str
    record: models.Model | None = None
    label: str = ""
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Report:
    rows: list[RowResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    applied: bool = False
    stale: bool = False

    @property
    def changed(self) -> list[RowResult]:
        return [row for row in self.rows if row.changes and not row.errors]

    @property
    def unchanged(self) -> list[RowResult]:
        return [row for row in self.rows if not row.changes and not row.errors]

    @property
    def refused(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def all_errors(self) -> list[RowError]:
        return self.errors + [error for row in self.rows for error in row.errors]

    @property
    def valid(self) -> bool:
        return not self.all_errors

    @property
    def fingerprint(self) -> str:
        """What the import changes, summed up: applying checks it is what was shown."""
        digest = hashlib.sha256()
        for row in self.rows:
            for change in row.changes:
                digest.update(repr((row.key, change.column, change.old, change.new)).encode())
        return digest.hexdigest()


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (name, message) for name, messages in error.message_dict.items() for message in messages
        ]
    return [(NON_FIELD_ERRORS, message) for message in error.messages]


def _columns(sheet: Sheet, table: Table, report: Report) -> dict[int, Any]:
    """The file's columns that an import reads, by position; the others are reported."""
    positions: dict[str, int] = {}
    for position, name in enumerate(table.header):
        if name in positions:
            report.errors.append(
                RowError(1, name, _("Two columns are named “%(name)s”.") % {"name": name})
            )
        positions[name] = position
    if sheet.key not in positions:
        report.errors.append(
            RowError(
                1,
                sheet.key,
                _("The first row must name the columns, one of them “%(key)s” (the key).")
                % {"key": sheet.key},
            )
        )
    unknown = [name for name in positions if sheet.column(name) is None]
    if unknown:
        report.warnings.append(
            _("Unknown columns, ignored: %(names)s.") % {"names": ", ".join(unknown)}
        )
    return {
        positions[column.key]: column
        for column in sheet.columns
        if column.key in positions and not column.read_only
    }


def _read_row(sheet, result, record, cells, columns, lookup) -> dict[str, Any]:
    """The row's edited cells as values, the changes and the refusals noted in `result`."""
    values: dict[str, Any] = {}
    for position, column in columns.items():
        try:
            new = column.parse(cells[position], lookup)
        except CellRefused as refusal:
            result.errors.append(RowError(result.row, column.key, refusal.message))
            continue
        values[column.key] = new
        old = column.current(record)
        if not column.same(old, new):
            result.changes.append(Change(column.key, column.shown(old), column.shown(new)))
    return values


def _constrained_column(sheet: Sheet, message: str, result: RowResult) -> str:
    """The column a constraint's refusal is about: of the fields the constraint names
    (found by its message), the first that the row changes."""
    for constraint in sheet.model._meta.constraints:
        if str(constraint.get_violation_error_message()) != message:
            continue
        condition = getattr(constraint, "condition", None)
        named = condition.referenced_base_fields if condition is not None else set()
        named |= set(getattr(constraint, "fields", ()))
        for change in result.changes:
            if change.column in named:
                return change.column
    return ""


def _write(sheet, result, values, reason) -> None:
    changed = {change.column for change in result.changes}
    try:
        with transaction.atomic():
            before = stored_publication(result.record)
            sheet.write(result.record, {k: v for k, v in values.items() if k in changed}, reason)
            publication_check(result.record, before)
    except ValidationError as error:
        for name, message in _messages(error):
            if name == NON_FIELD_ERRORS:
                column = _constrained_column(sheet, message, result)
            else:
                column = name if sheet.column(name) else ""
            result.errors.append(RowError(result.row, column, message))
    except IntegrityError as error:
        result.errors.append(
            RowError(
                result.row, "", _("The database refused the row: %(error)s") % {"error": error}
            )
        )


def run_import(
    sheet: Sheet,
    table: Table,
    *,
    commit: bool,
    reason: str,
    expected: str | None = None,
) -> Report:
    """Read `table` against the records and write its corrections; keep them if `commit`,
    every row is valid and (when given) the changes are still the `expected` ones."""
    report = Report()
    columns = _columns(sheet, table, report)
    if report.errors:
        return report
    key_at = table.header.index(sheet.key)
    keys = [str(cells[key_at] or "").strip() for _number, cells in table.rows]
    records = {
        getattr(record, sheet.key): record
        for record in sheet.queryset(
            sheet.model._default_manager.filter(**{f"{sheet.key}__in": keys})
        )
    }
    lookup, seen = Lookup(), {}
    with transaction.atomic():
        for (number, cells), key in zip(table.rows, keys, strict=True):
            record = records.get(key)
            result = RowResult(row=number, key=key, record=record, label=str(record or ""))
            report.rows.append(result)
            if not key:
                result.errors.append(RowError(number, sheet.key, _("The key is empty.")))
            elif key in seen:
                result.errors.append(
                    RowError(
                        number,
                        sheet.key,
                        _("“%(key)s” is also on row %(row)s; a record can be corrected once.")
                        % {"key": key, "row": seen[key]},
                    )
                )
            elif result.record is None:
                result.errors.append(
                    RowError(
                        number,
                        sheet.key,
                        _(
                            "No %(model)s has the key “%(key)s”; an import corrects existing "
                            "records and creates none."
                        )
                        % {"model": sheet.model._meta.verbose_name, "key": key},
                    )
                )
            seen.setdefault(key, number)
            if result.errors:
                continue
            values = _read_row(sheet, result, result.record, cells, columns, lookup)
            if result.errors:
                continue
            for column, message in sheet.check(result.record, values).items():
                result.errors.append(RowError(number, column, message))
            if result.changes and not result.errors:
                _write(sheet, result, values, reason)
        report.stale = expected is not None and expected != report.fingerprint
        report.applied = commit and report.valid and not report.stale
        if not report.applied:
            transaction.set_rollback(True)
    return report
