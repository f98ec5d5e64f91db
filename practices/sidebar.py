"""The practices page's sidebar and chips: from the facet counts, the query's parameters
and the FilterSet, each facet's values as links that add or remove them, the active
filters as removable chips, and the parameters the form keeps. Plain functions of their
inputs (no request, no database), tested on their own (tests/practices/test_sidebar.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from coherence.web import encode, without_value

from .selection import SIDEBAR

HEADINGS = {facet.name: facet.heading for facet in SIDEBAR}
# Other parameters a chip can show (set by a link or a bookmark, not by the sidebar).
OTHER_PARAMETERS = {
    "search": _("Search"),
    "institution": _("Institution"),
    "year_from": _("Started in or after"),
    "year_to": _("Started in or before"),
    "updated_after": _("Updated after"),
    "ordering": _("Sort"),
}
# How many values of a facet show before "more".
FACET_VISIBLE = 8
# At most this many values of an open facet (countries, tools...) are listed.
FACET_LIMIT = 60
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


def selected_labels(name: str, filterset) -> dict[str, str]:
    """Labels of the chosen values of a facet, from the records the filter found."""
    if not filterset.form.is_bound or not hasattr(filterset.form, "cleaned_data"):
        return {}
    chosen = filterset.form.cleaned_data.get(name)
    if not chosen:
        return {}
    field = filterset.form.fields[name]
    if getattr(field, "to_field_name", None):
        return {
            str(getattr(obj, field.to_field_name)): getattr(obj, "name", None)
            or getattr(obj, "title", None)
            or str(obj)
            for obj in chosen
        }
    if not hasattr(field, "choices"):
        return {}
    choices = dict(field.choices)
    return {value: str(choices.get(value, value)) for value in chosen}


def facet_groups(facets, params, filterset) -> list[dict]:
    """The sidebar: for each facet, its values (at most FACET_LIMIT, the chosen ones
    always) with their counts, whether each is chosen, and the link that chooses or
    unchooses it; the first FACET_VISIBLE shown, the rest behind "more"."""
    groups = []
    for name, heading in HEADINGS.items():
        selected = params.get(name, [])
        values = [dict(v) for v in facets.get(name, [])]
        listed = {v["value"] for v in values}
        labels = selected_labels(name, filterset)
        for value in selected:  # a chosen value no result has any more still shows
            if value not in listed and value in labels:
                values.append({"value": value, "label": labels[value], "count": 0})
        values = [v for i, v in enumerate(values) if i < FACET_LIMIT or v["value"] in selected]
        # The other parameters are encoded once per facet, not once per value.
        others = encode({key: v for key, v in params.items() if key != name})
        prefix = f"?{others}&" if others else "?"
        for value in values:
            value["id"] = slugify(value["value"]) or "blank"
            value["selected"] = value["value"] in selected
            chosen = (
                [v for v in selected if v != value["value"]]
                if value["selected"]
                else [*selected, value["value"]]
            )
            own = urlencode([(name, v) for v in chosen])
            value["url"] = prefix + own if own else (f"?{others}" if others else "?")
        shown = [v for i, v in enumerate(values) if i < FACET_VISIBLE or v["selected"]]
        more = [v for i, v in enumerate(values) if i >= FACET_VISIBLE and not v["selected"]]
        groups.append(
            {
                "name": name,
                "heading": heading,
                "values": shown + more,
                "visible": len(shown),
                "hidden": len(more),
                "open": bool(selected),
            }
        )
    return groups


def chips(params, facets, filterset) -> list[dict]:
    """The active filters, each with its heading, its value's label and the link that
    removes it."""
    found = []
    for name, values in params.items():
        if name not in HEADINGS and name not in OTHER_PARAMETERS:
            continue
        heading = HEADINGS.get(name) or OTHER_PARAMETERS[name]
        labels = {v["value"]: v["label"] for v in facets.get(name, [])}
        labels.update(selected_labels(name, filterset))
        if name == "ordering":
            labels.update({key: str(label) for key, label in SORTS})
        for value in values:
            found.append(
                {
                    "heading": heading,
                    "label": labels.get(value, value),
                    "remove": "?" + without_value(params, name, value),
                }
            )
    return found


def kept_parameters(params) -> list[tuple[str, str]]:
    """Parameters the form has no control for, kept as hidden fields when it is sent."""
    shown = set(HEADINGS) | {"search", "ordering", "page"}
    return [
        (name, value) for name, values in params.items() if name not in shown for value in values
    ]
