"""A sheet of one kind of record: its columns, how an export lists a selection of them,
and how an import writes a row's corrections (through the write services, as the API,
the admin and the loader do).

Each kind of record declares a `Sheet` subclass: its model, its columns, the
`queryset()` that fetches what the columns read in a few queries, any rule a write must
keep that the model alone does not (a practice's coherence level and theme), and the
service that writes a row (`write()`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import files
from .columns import Column


class Sheet:
    model: type[models.Model]
    columns: tuple[Column, ...] = ()
    key = "slug"

    def queryset(self, queryset: models.QuerySet) -> models.QuerySet:
        """`queryset` with what the columns read fetched along."""
        return queryset

    def write(self, record, values: dict[str, Any], reason: str) -> bool:
        """Write the changed `values` (column key: value) to `record` through the write
        services. Returns whether anything was written."""
        raise NotImplementedError

    def check(self, record, values: dict[str, Any]) -> dict[str, str]:
        """Rules of a write beyond the model's own validation: {column key: message}.
        `values` holds every editable column of the row, read."""
        return {}

    # -- derived --------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return slugify(str(self.model._meta.verbose_name_plural))

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)

    @property
    def header(self) -> list[str]:
        return [column.key for column in self.columns]

    def rows(self, queryset: models.QuerySet) -> Iterable[list]:
        for record in self.queryset(queryset).iterator(chunk_size=500):
            yield [column.cell(column.current(record)) for column in self.columns]

    def notes(self) -> list[tuple[str, str]]:
        model = self.model._meta.verbose_name_plural
        lines = [
            (
                _("How to correct"),
                _(
                    "Edit the cells of the first sheet and import the file in the admin's "
                    "list of %(model)s (“Import corrections”). Rows are matched by their "
                    "“%(key)s”, which cannot be changed; an import corrects existing records "
                    "and creates none. A dry run shows every change before it is applied, "
                    "and nothing is written unless every row is valid."
                )
                % {"model": model, "key": self.key},
            ),
            (
                _("Citations"),
                _(
                    "Citations are not in the spreadsheet and are not changed by an "
                    "import: edit them on the record's page in the admin."
                ),
            ),
            (
                _("Lists"),
                _(
                    "Several values in a cell are separated by “;”. Links with a role "
                    "are written KEY:role (e.g. “MEX:implementing; USA:partner”)."
                ),
            ),
            (
                _("Columns"),
                _(
                    "Columns can be left out (they stay as they are) or reordered; an empty "
                    "cell empties the field. Read-only columns are ignored on import."
                ),
            ),
        ]
        for column in self.columns:
            text = column.describe()
            if column.read_only:
                text = _("%(help)s (read-only)") % {"help": text}
            lines.append((column.key, text))
        return lines

    def filename(self, kind: str) -> str:
        return f"{self.name}-{timezone.localtime():%Y-%m-%d-%H%M}.{kind}"

    def export(self, queryset: models.QuerySet, kind: str) -> bytes:
        rows = self.rows(queryset)
        if kind == "csv":
            return files.csv_bytes(self.header, rows)
        return files.xlsx_bytes(
            self.header,
            rows,
            title=str(self.model._meta.verbose_name_plural),
            notes=self.notes(),
            widths=[column.width for column in self.columns],
        )
