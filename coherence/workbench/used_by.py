"""The "used by" panel of a reference record's change page: every record of the admin
that points to it (a country's practices, findings, institutions and tools...), found
from the models' relations rather than named, so that the reference framework never
imports the apps built on it.

Each relation costs two queries whatever its size: its counts (by editorial state), then
its first `SHOWN` records; the rest are a link to the referring records' filtered list.
A source lists its citations grouped by the record they support.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coherence.models import (
    Citation,
    EditorialState,
    PublishableModel,
    SourceDocument,
    SourcePassage,
)

# How many referring records each group lists before linking to the filtered list.
SHOWN = 10

# Derived records, not references an editor curates: left out of the panel.
IGNORED = {SourcePassage}

# The groups in the order editors read them (others follow in the models' order).
ORDER = [
    "practices.practice",
    "practices.recommendation",
    "practices.countryfinding",
    "coherence.institution",
    "coherence.policytool",
    "coherence.country",
    "coherence.region",
    "coherence.citation",
]


def admin_change_url(record: models.Model) -> str | None:
    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return None


def admin_changelist_url(model: type[models.Model], params: dict | None = None) -> str | None:
    opts = model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(params)}" if params else url


@dataclass
class UseRow:
    """A referring record: its label, its change page, its editorial state (if it has one)
    and, for a source's records, the citations it makes."""

    label: str
    url: str | None
    state: str = ""
    state_name: str = ""
    citations: list[UseRow] = field(default_factory=list)


@dataclass
class UseGroup:
    """The records of one type that point to the record through one field."""

    label: str
    total: int
    rows: list[UseRow]
    states: list[tuple[str, int]]
    list_url: str | None

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _row(record: models.Model) -> UseRow:
    if isinstance(record, PublishableModel):
        return UseRow(
            label=str(record),
            url=admin_change_url(record),
            state=record.get_editorial_state_display(),
            state_name=record.editorial_state,
        )
    return UseRow(label=str(record), url=admin_change_url(record))


def _counts(queryset: models.QuerySet, publishable: bool) -> tuple[int, list[tuple[str, int]]]:
    """The number of records and, for publishable ones, how many are in each state: one
    query."""
    aggregates = {"total": models.Count("pk")}
    if publishable:
        for value, _label in EditorialState.choices:
            aggregates[value] = models.Count("pk", filter=models.Q(editorial_state=value))
    counts = queryset.aggregate(**aggregates)
    states = []
    if publishable:
        states = [
            (label, counts[value]) for value, label in EditorialState.choices if counts[value]
        ]
    return counts["total"], states


def _relations(record: models.Model, site: AdminSite):
    """The (model, field name) pairs of the admin's models that point to `record`'s model."""
    found = []
    for relation in record._meta.related_objects:
        model = relation.related_model
        if model in IGNORED or model._meta.auto_created or model not in site._registry:
            continue
        if not (relation.many_to_one or relation.one_to_many or relation.many_to_many):
            continue
        found.append((model, relation.field.name))

    def rank(pair):
        label = pair[0]._meta.label_lower
        return ORDER.index(label) if label in ORDER else len(ORDER)

    return sorted(found, key=rank)


def used_by(record: models.Model, site: AdminSite) -> list[UseGroup]:
    """The groups of records of the admin that point to `record`, the empty ones left out.
    A source's citations come grouped by the record they support."""
    groups = []
    for model, field_name in _relations(record, site):
        if model is Citation and isinstance(record, SourceDocument):
            group = citations_by_record(record)
        else:
            group = _group(record, model, field_name, site)
        if group.total:
            groups.append(group)
    return groups


def _group(record, model, field_name, site) -> UseGroup:
    queryset = model._default_manager.filter(**{field_name: record})
    publishable = issubclass(model, PublishableModel)
    total, states = _counts(queryset, publishable)
    rows = []
    if total:
        related = site._registry[model].list_select_related
        if isinstance(related, list | tuple):
            queryset = queryset.select_related(*related)
        rows = [_row(obj) for obj in queryset[:SHOWN]]
    verbose = capfirst(model._meta.verbose_name_plural)
    field_label = model._meta.get_field(field_name).verbose_name
    return UseGroup(
        label=f"{verbose} ({field_label})",
        total=total,
        rows=rows,
        states=states,
        list_url=admin_changelist_url(
            model, {f"{field_name}__{record._meta.pk.name}__exact": record.pk}
        ),
    )


def citations_by_record(source: SourceDocument) -> UseGroup:
    """The records citing `source`, each with its citations: two queries for the counts,
    one for the first `SHOWN` records' keys, one per record type among them, one for
    their citations."""
    citations = Citation.objects.filter(source=source)
    citation_total = citations.count()
    if not citation_total:
        return UseGroup(label="", total=0, rows=[], states=[], list_url=None)
    records = citations.values("content_type_id", "object_id").distinct()
    keys = [
        (key["content_type_id"], key["object_id"])
        for key in records.order_by("content_type_id", "object_id")[:SHOWN]
    ]
    by_type: dict[int, list[int]] = {}
    for type_id, object_id in keys:
        by_type.setdefault(type_id, []).append(object_id)
    found = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if hasattr(queryset, "for_links"):
            queryset = queryset.for_links()
        found.update({(type_id, obj.pk): obj for obj in queryset})
    rows = {}
    for key in keys:
        record = found.get(key)
        rows[key] = _row(record) if record is not None else UseRow(label=f"#{key[1]}", url=None)
        if record is not None:
            rows[key].label = f"{capfirst(record._meta.verbose_name)}: {record}"
    wanted = models.Q()
    for type_id, ids in by_type.items():
        wanted |= models.Q(content_type_id=type_id, object_id__in=ids)
    for citation in citations.filter(wanted).only("locator", "content_type_id", "object_id"):
        rows[(citation.content_type_id, citation.object_id)].citations.append(
            UseRow(label=citation.locator, url=admin_change_url(citation))
        )
    return UseGroup(
        label=str(_("Records citing this source")),
        total=records.count(),
        rows=list(rows.values()),
        states=[(str(_("citations")), citation_total)],
        list_url=admin_changelist_url(Citation, {"source__id__exact": source.pk}),
    )
