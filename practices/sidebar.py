"""The practices page's sidebar and chips, built by the shared facet sidebar
(`coherence.sidebar`) from the facet index's counts: the practices' facets and headings,
the sort orders, and the parameters a chip can show. Plain functions of their inputs (no
request, no database), tested on their own (tests/practices/test_sidebar.py).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coherence import sidebar as shared

from .selection import SIDEBAR

HEADINGS = {facet.name: facet.heading for facet in SIDEBAR}
# Other parameters a chip can show (set by a link or a bookmark, not by the sidebar).
OTHER_PARAMETERS = {
    "search": _("Search"),
    "institution": _("Institution"),
    "event": _("Event"),
    "session": _("Session"),
    "year_from": _("Started in or after"),
    "year_to": _("Started in or before"),
    "updated_after": _("Updated after"),
    "ordering": _("Sort"),
}
SORTS = [
    ("", _("Relevance (with a search), else title")),
    ("title", _("Title, A to Z")),
    ("-title", _("Title, Z to A")),
    ("-start_year", _("Newest start first")),
    ("start_year", _("Oldest start first")),
    ("-updated_at", _("Recently updated")),
]


def normalised(params: dict[str, list[str]]) -> dict[str, list[str]]:
    """The parameters with the sidebar's facet values as the index keys them (country
    codes upper-case, slugs and choices lower-case), without repeats."""
    out = {}
    for name, values in params.items():
        if name == "country":
            values = [value.upper() for value in values]
        elif name in HEADINGS:
            values = [value.lower() for value in values]
        out[name] = list(dict.fromkeys(values))
    return out


def facet_groups(facets, params, filterset) -> list[dict]:
    """The sidebar's facets (`coherence.sidebar.facet_groups`)."""
    return shared.facet_groups(facets, params, filterset, HEADINGS)


def chips(params, facets, filterset) -> list[dict]:
    """The active filters, each with its heading, its value's label and the link that
    removes it."""
    return shared.chips(params, facets, filterset, {**OTHER_PARAMETERS, **HEADINGS}, SORTS)


def kept_parameters(params) -> list[tuple[str, str]]:
    """Parameters the form has no control for, kept as hidden fields when it is sent."""
    return shared.kept_parameters(params, {*HEADINGS, "search", "ordering"})
