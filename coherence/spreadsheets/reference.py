"""The sheets of the reference records editors curate: institutions, tools and
frameworks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import CoherenceLevel, Country, EditorialState, Institution, PolicyTool
from ..services import record_write
from .columns import Choice, Key, Many, Related, Shown, Text, Year, names
from .sheets import Sheet

STATE = Choice(
    "editorial_state",
    _("where it stands in the editors' workflow"),
    choices=EditorialState,
    width=12,
)


def own_fields_and_links(sheet: Sheet, values: dict) -> tuple[dict, dict]:
    """The changed values split into the record's own fields and its many-to-many links."""
    fields, many = {}, {}
    for key, value in values.items():
        target = many if sheet.column(key).target == "many" else fields
        target[key] = value
    return fields, many


class InstitutionSheet(Sheet):
    model = Institution
    columns = (
        Key("slug", _("the institution's key, as in its address"), width=30),
        Text("name", _("its full official name"), width=40),
        Text("acronym", _("its acronym"), width=10),
        Choice(
            "kind",
            _("its kind"),
            choices=Institution.Kind,
        ),
        Related(
            "country",
            _("the ISO3 code of its country; empty for international bodies"),
            model=Country,
            key_field="iso3",
            upper=True,
            width=8,
        ),
        Shown(
            "country_name",
            _("the country's name"),
            value=lambda r: r.country.name if r.country else "",
        ),
        Related(
            "parent", _("the slug of the institution it is part of"), model=Institution, width=24
        ),
        Year("year_established", _("the year it was established")),
        Text("description", _("what it does"), multiline=True, width=60),
        Text("website", _("its website's address"), width=30),
        STATE,
    )

    def queryset(self, queryset):
        return queryset.select_related("country", "parent")

    def write(self, record, values, reason):
        fields, many = own_fields_and_links(self, values)
        return record_write(record=record, fields=fields, many=many, reason=reason)


class ToolSheet(Sheet):
    model = PolicyTool
    columns = (
        Key("slug", _("the tool's key, as in its address"), width=30),
        Text("name", _("its name"), width=40),
        Text("acronym", _("its acronym"), width=10),
        Choice(
            "kind",
            _("its kind"),
            choices=PolicyTool.Kind,
        ),
        Choice(
            "category",
            _("its category (or empty)"),
            choices=PolicyTool.Category,
            blank=True,
        ),
        Many(
            "publishers",
            _("the slugs of the institutions that publish it"),
            model=Institution,
            width=30,
        ),
        Many(
            "countries",
            _("the ISO3 codes of its countries"),
            model=Country,
            key_field="iso3",
            upper=True,
        ),
        Shown("country_names", _("the countries' names"), value=names("countries")),
        Year("year", _("the year it was published or adopted")),
        Text("url", _("its address on the web"), width=30),
        Text("description", _("what it is"), multiline=True, width=60),
        Many(
            "coherence_levels",
            _("the slugs of its coherence levels"),
            model=CoherenceLevel,
            width=24,
        ),
        STATE,
    )

    def queryset(self, queryset):
        return queryset.prefetch_related("publishers", "countries", "coherence_levels")

    def write(self, record, values, reason):
        fields, many = own_fields_and_links(self, values)
        return record_write(record=record, fields=fields, many=many, reason=reason)


SHEETS = {Institution: InstitutionSheet, PolicyTool: ToolSheet}
