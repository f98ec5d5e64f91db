"""Facet counts of the reference lists (institutions, tools, recommendations, papers...):
for each facet a list page shows, its values with the number of matching records among
the current results. The practices' facets come from their in-memory index instead
(`practices.facets`); both feed the same sidebar (`coherence.sidebar`).

One query per facet, two for a closed vocabulary of records (its every value is listed,
zero counts included, so a user sees what is absent); whatever the number of values.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F
from django.utils.functional import Promise
from django.utils.translation import get_language

from .collation import sort_key
from .models.base import localized_text, translated_fields
from .translated import is_english


@dataclass(frozen=True)
class ListFacet:
    """A facet of a list page: the FilterSet's filter `name`, its `heading`, and the ORM
    paths from the listed model to a value's key and label (`label=None`: the filter's
    choices label it). `open` facets (countries, years) list the values that occur, most
    frequent first; closed ones every value of their vocabulary, in its order."""

    name: str
    heading: str | Promise
    key: str
    label: str | None = None
    open: bool = False


def list_facets(queryset, facets, filterset) -> dict[str, list[dict]]:
    """{facet name: [{"value", "label", "count"}]} among the records of `queryset` (the
    filtered list)."""
    model = queryset.model
    matching = model._default_manager.filter(pk__in=queryset.order_by().values("pk"))
    found = {}
    for facet in facets:
        labelled = _labels_in_language(model, facet.label) if facet.label else {}
        rows = (
            matching.exclude(**{f"{facet.key}__isnull": True})
            .values(facet.key, **labelled)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        counts = {str(row[facet.key]): row["n"] for row in rows}
        labels = {str(row[facet.key]): row for row in rows} if facet.label else {}
        if facet.open:
            values = []
            for key, n in counts.items():
                row = labels.get(key, {})
                value = {"value": key, "label": str(row.get("facet_label", key)), "count": n}
                if "facet_own" in row and not row["facet_own"]:
                    value["lang"] = "en"  # a record's English on a page in another language
                values.append(value)
            values.sort(key=lambda v: (-v["count"], sort_key(v["label"])))
        else:
            values = []
            for key, label, english in _vocabulary(filterset, facet):
                value = {"value": key, "label": str(label), "count": counts.get(key, 0)}
                if english:  # a record's English on a page in another language
                    value["lang"] = "en"
                values.append(value)
        found[facet.name] = values
    return found


def _labels_in_language(model, path: str) -> dict:
    """The annotations of the label at `path` from `model` (`"country__name"`) as the
    page shows it: `facet_label`, a translated name in the active language or its English
    where it has none; and, on a page in another language than English, `facet_own`, the
    name in that language (empty where the label is the English)."""
    *relations, field = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    if field not in translated_fields(model):
        return {"facet_label": F(path)}
    labels = {"facet_label": localized_text(path)}
    language = get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        labels["facet_own"] = F(f"{path}_{language}")
    return labels


def _vocabulary(filterset, facet) -> list[tuple[str, str, bool]]:
    """Every value of a closed facet with its label, in the vocabulary's order, and
    whether the label is a record's English: the filter's choices, or the records its
    field chooses from (one query)."""
    field = filterset.form.fields[facet.name]
    records = getattr(field, "queryset", None)
    if records is not None:
        key = field.to_field_name
        return [(str(getattr(record, key)), *_label(record)) for record in records]
    return [(str(value), str(label), False) for value, label in field.choices if value != ""]


def _label(record) -> tuple[str, bool]:
    """A record's short name (a paper's short title, else its name), and whether a page
    in the active language shows it in English."""
    for field in ("short_title", "name"):
        if getattr(record, field, None):
            return getattr(record, field), is_english(record, field)
    return str(record), False
