"""The facet sidebar every list page shares (templates/includes/facet_sidebar.html): from
the facet counts, the query's parameters and the FilterSet, each facet's values as
checkboxes and links that add or remove them, the active filters as removable chips, the
parameters the form keeps, and what an empty result can suggest. Plain functions of their
inputs (no request, no database), tested through the practices' sidebar
(tests/practices/test_sidebar.py).

A facet's values are dicts {"value", "label", "count"}. A value no current result has
(count 0) is shown, so a user sees what is absent, but neither linked nor offered: choosing
it would lead to no result. In a facet with a value already chosen every value stays
offered: values of one facet combine with OR, so adding one only widens the results.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote_plus, urlencode

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .web import encode, without_value

# Where the links and the form land: the results' heading (tabindex=-1), so that the
# focus and the view stay on the results after a full page load.
RESULTS_ANCHOR = "#results"
# What a chip calls the sort order.
SORT_HEADING = _("Sort")
# How many values of a facet show before "more".
FACET_VISIBLE = 8
# At most this many values of a facet are listed (the chosen ones always).
FACET_LIMIT = 60


def selected_labels(name: str, filterset) -> dict[str, str]:
    """Labels of the chosen values of a facet, from the records the filter found."""
    form = filterset.form
    # A facet not given has nothing chosen: its cleaned value, an empty queryset for the
    # records' facets, is not even looked at (each would be compiled to find it empty).
    if not form.is_bound or not hasattr(form, "cleaned_data") or name not in form.data:
        return {}
    chosen = form.cleaned_data.get(name)
    if not chosen:
        return {}
    field = form.fields[name]
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


@lru_cache(maxsize=4096)
def _ident(value: str) -> str:
    """A value's part of its checkbox's id (values repeat on every page: computed once)."""
    return slugify(value) or "blank"


def facet_groups(facets, params, filterset, headings: dict[str, str]) -> list[dict]:
    """The sidebar: for each facet (`headings`: name → heading, in order), its values (at
    most FACET_LIMIT, the chosen ones always) with their counts, whether each is chosen,
    whether it can be chosen (a result has it), and the link that chooses or unchooses
    it; the first FACET_VISIBLE shown, the rest behind "more"."""
    groups = []
    for name, heading in headings.items():
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
        # A value not chosen adds itself to the chosen ones: `urlencode()`'s pairs
        # written out, the chosen ones encoded once.
        key, chosen_query = quote_plus(name), urlencode([(name, v) for v in selected])
        for value in values:
            own_value = value["value"]
            value["id"] = _ident(own_value)
            value["selected"] = is_selected = own_value in selected
            # Adding a value to a facet already chosen widens the results (values of one
            # facet combine with OR), so it is never a dead end, whatever its count.
            value["linked"] = is_selected or value["count"] > 0 or bool(selected)
            if is_selected:
                own = urlencode([(name, v) for v in selected if v != own_value])
            else:
                added = f"{key}={quote_plus(own_value)}"
                own = f"{chosen_query}&{added}" if chosen_query else added
            query = prefix + own if own else (f"?{others}" if others else "?")
            value["url"] = query + RESULTS_ANCHOR
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
                "selected": len(selected),
            }
        )
    return groups


def chips(params, facets, filterset, headings: dict[str, str], sorts=()) -> list[dict]:
    """The active filters (the parameters `headings` names), each with its heading, its
    value's label and the link that removes it."""
    found = []
    for name, values in params.items():
        if name not in headings:
            continue
        labels = {v["value"]: v["label"] for v in facets.get(name, [])}
        labels.update(selected_labels(name, filterset))
        if name == "ordering":
            labels.update({key: str(label) for key, label in sorts})
        for value in values:
            found.append(
                {
                    "name": name,
                    "heading": headings[name],
                    "label": labels.get(value, value),
                    "remove": "?" + without_value(params, name, value) + RESULTS_ANCHOR,
                }
            )
    return found


def kept_parameters(params, shown) -> list[tuple[str, str]]:
    """Parameters the form has no control for, kept as hidden fields when it is sent."""
    shown = {*shown, "page"}
    return [
        (name, value) for name, values in params.items() if name not in shown for value in values
    ]


def active_count(params, headings) -> int:
    """How many filter values are chosen (the sort is not a filter)."""
    return sum(len(values) for name, values in params.items() if name in headings)
