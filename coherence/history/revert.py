"""A record made again what one of its versions says it was (`record_revert()`): its
fields, its links and its citations, each written through the services, so that the
change feed and the history record the revert like any other write."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from ..models import SourceDocument
from ..services import (
    CitationData,
    citations_set,
    many_set,
    publication_check,
    record_save,
    record_update,
    rows_set,
    stored_publication,
)
from ..versions import version
from .states import State, cites, link_rows, own_fields, plain_many, versions_of


@transaction.atomic
def record_revert(*, record: models.Model, row: models.Model, reason: str) -> bool:
    """Make `record` what the history row `row` says it was: its fields, its links and
    its citations, each written through the services (only what differs; one new
    version). Returns whether anything changed. Raises ValidationError when the version
    cannot be written back (a linked record is gone, a quote no longer in its source,
    a slug taken since)."""
    model = type(record)
    (wanted,) = versions_of(model, record.pk, [row])
    before = stored_publication(record)
    with version():
        changed = False
        for many in plain_many(model):
            targets = many.related_model._base_manager.filter(pk__in=wanted.many[many.name])
            changed |= many_set(record=record, field=many.name, targets=targets)
        for kind in link_rows(model):
            changed |= rows_set(
                rows=kind.through._default_manager.filter(**{kind.owner: record}),
                owner={kind.owner: record},
                target_field=kind.target,
                wanted={
                    pk: dict(zip(kind.extras, values, strict=True))
                    for pk, values in wanted.rows[kind.name].items()
                },
            )
        if cites(model):
            sources = SourceDocument.objects.in_bulk(v[0] for v in wanted.citations.values())
            if len(sources) < len({v[0] for v in wanted.citations.values()}):
                raise ValidationError(_("A source this version cites has been deleted."))
            changed |= citations_set(
                record=record,
                citations=[
                    CitationData(source=sources[source], locator=locator, quote=quote)
                    for source, locator, quote in wanted.citations.values()
                ],
            )
        saved = record_update(record=record, fields=_field_values(model, wanted), reason=reason)
        if changed and not saved:
            record_save(record=record, reason=reason)
        publication_check(record, before)
    return changed or saved


def _field_values(model, state: State) -> dict:
    values = {}
    for f in own_fields(model):
        value = state.fields[f.attname]
        if f.many_to_one and value is not None:
            target = f.related_model._base_manager.filter(pk=value).first()
            if target is None:
                raise ValidationError(
                    _("The %(field)s this version names has been deleted.")
                    % {"field": f.verbose_name}
                )
            value = target
        values[f.name] = value
    return values
