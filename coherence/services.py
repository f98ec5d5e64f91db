"""Writes shared by every record of the knowledge base: its own fields, its many-to-many
links and its citations, each changed only where it differs, so that a write that
changes nothing writes nothing (no save, no history row, no change for partners).

The API's serializers, the admin, the seed loader and the imports all write through
these (and through `practices.services` for practices), with the model's validation
(`full_clean()`) before every save.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import Citation, EditorialState, PublishableModel, SourceDocument
from .text import normalize
from .versions import links_changing, version


def record_update(*, record: models.Model, fields: dict, reason: str | None = None) -> bool:
    """Set `fields` on `record`; if any differs (or the record is new), validate and save
    it. `reason` is the change reason its history records. Returns whether it saved."""
    changed = record._state.adding
    for name, value in fields.items():
        field = record._meta.get_field(name)
        if field.is_relation and field.many_to_one:
            differs = getattr(record, field.attname) != (value.pk if value is not None else None)
        else:
            differs = getattr(record, name) != value
        if differs:
            setattr(record, name, value)
            changed = True
    if changed:
        record_save(record=record, reason=reason)
    return changed


def record_save(*, record: models.Model, reason: str | None = None) -> None:
    """Validate and save `record` (a touch when nothing else changed: its `updated_at`
    moves, and its history says so)."""
    record.full_clean()
    if reason:
        record._change_reason = reason
    record.save()


def many_set(*, record: models.Model, field: str, targets: Iterable[models.Model]) -> bool:
    """Make the many-to-many `field` of `record` link exactly `targets`, adding and
    removing only the difference. Returns whether anything changed."""
    manager = getattr(record, field)
    wanted = {target.pk for target in targets}
    current = set(manager.values_list("pk", flat=True))
    if wanted == current:
        return False
    with links_changing(record):
        if current - wanted:
            manager.remove(*(current - wanted))
        if wanted - current:
            manager.add(*(wanted - current))
    return True


def rows_set(
    *, rows: models.QuerySet, owner: dict, target_field: str, wanted: dict[int, dict]
) -> bool:
    """Make the link rows `rows` (a practice's countries: each row a target and its own
    values, such as a role) hold exactly `wanted` {target id: {field: value}}: delete
    the rows of other targets, create the missing ones, update the ones whose values
    differ. `owner` names the record the rows belong to ({"practice": practice}).
    Returns whether anything changed."""
    existing = {getattr(row, f"{target_field}_id"): row for row in rows}
    changed = False
    for target_id, row in existing.items():
        if target_id not in wanted:
            row.delete()
            changed = True
    for target_id, values in wanted.items():
        row = existing.get(target_id)
        if row is None:
            row = rows.model(**owner, **{f"{target_field}_id": target_id}, **values)
        elif all(getattr(row, name) == value for name, value in values.items()):
            continue
        else:
            for name, value in values.items():
                setattr(row, name, value)
        row.full_clean()
        row.save()
        changed = True
    return changed


@transaction.atomic
def record_write(
    *,
    record: models.Model,
    fields: dict,
    many: dict[str, Iterable[models.Model]] | None = None,
    reason: str | None = None,
) -> bool:
    """Create or change a record with many-to-many links (a tool's publishers, a
    recommendation's themes...): its fields, then each link given (one not given is
    left as it is). A change of links alone touches the record once. Returns whether
    anything changed."""
    with version():
        return _record_write(record=record, fields=fields, many=many, reason=reason)


def _record_write(*, record, fields, many, reason) -> bool:
    adding = record._state.adding
    saved = record_update(record=record, fields=fields, reason=reason) if adding else False
    links_changed = False
    for field, targets in (many or {}).items():
        links_changed |= many_set(record=record, field=field, targets=targets)
    if not adding:
        saved = record_update(record=record, fields=fields, reason=reason)
        if links_changed and not saved:
            record_save(record=record, reason=reason)
    return saved or links_changed


@dataclass(frozen=True)
class CitationData:
    """A citation as a write gives it: the source, where in it, and the verbatim quote."""

    source: SourceDocument
    locator: str
    quote: str

    @property
    def identity(self) -> tuple:
        return (self.source.pk, self.locator, normalize(self.quote))


@transaction.atomic
def citations_set(*, record: models.Model, citations: Sequence[CitationData]) -> bool:
    """Make `record` cite exactly `citations`: a citation already there (same source,
    locator and quote, spacing aside) is kept as it is, the others are deleted or
    created (each validated: the quote must be in its source). Returns whether anything
    changed."""
    with version():
        return _citations_set(record=record, citations=citations)


def _citations_set(*, record: models.Model, citations: Sequence[CitationData]) -> bool:
    content_type = ContentType.objects.get_for_model(record)
    existing = Citation.objects.filter(content_type=content_type, object_id=record.pk)
    wanted = {citation.identity: citation for citation in citations}
    changed, kept = False, set()
    for citation in existing:
        identity = (citation.source_id, citation.locator, normalize(citation.quote))
        if identity in wanted and identity not in kept:
            kept.add(identity)
        else:
            citation.delete()
            changed = True
    for identity, data in wanted.items():
        if identity in kept:
            continue
        citation = Citation(
            content_type=content_type,
            object_id=record.pk,
            source=data.source,
            locator=data.locator,
            quote=data.quote,
        )
        citation.full_clean()
        citation.save()
        changed = True
    return changed


def must_cite(model: type[models.Model]) -> bool:
    """Whether records of `model` must cite a source passage to be published: every
    publishable record that can cite (practices, recommendations, country findings,
    institutions, tools)."""
    return issubclass(model, PublishableModel) and hasattr(model, "citations")


def publication_problem(
    *,
    record: models.Model,
    citations: int,
    published_before: bool = False,
    cited_before: int = 0,
) -> str | None:
    """Why `record`, about to be saved with `citations` citations, cannot be: a record
    that must cite is published only with at least one citation. A write is refused when
    it leaves such a record published and uncited and either publishes it or takes its
    last citation away (`published_before`, `cited_before`: the record as stored); a draft
    may have none, and a record published uncited before the rule is not refused for an
    edit that leaves it so. The one rule the admin, the API and the seed loader apply;
    None when it holds."""
    if (
        not must_cite(type(record))
        or record.editorial_state != EditorialState.PUBLISHED
        or citations > 0
        or (published_before and not cited_before)
    ):
        return None
    return _(
        "A published %(type)s must cite at least one passage of a source: add a citation, "
        "or keep it as a draft."
    ) % {"type": record._meta.verbose_name}


def stored_publication(record: models.Model) -> tuple[bool, int]:
    """(published, number of citations) of `record` as stored, for `publication_check`
    after a write that may change either."""
    if record.pk is None or not must_cite(type(record)):
        return False, 0
    stored = (
        type(record)._default_manager.filter(pk=record.pk).values_list("editorial_state", flat=True)
    )
    return (
        stored.first() == EditorialState.PUBLISHED,
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
        ).count(),
    )


def publication_check(record: models.Model, before: tuple[bool, int]) -> None:
    """Refuse (ValidationError on `editorial_state`) a write, already made inside the
    caller's transaction, that left `record` published without a citation
    (`publication_problem`); `before` is `stored_publication(record)` from before it.
    For writes that change a record and its citations by other means than a form (a
    spreadsheet import, a revert)."""
    published_before, cited_before = before
    _published, cited = stored_publication(record)
    problem = publication_problem(
        record=record,
        citations=cited,
        published_before=published_before,
        cited_before=cited_before,
    )
    if problem:
        raise ValidationError({"editorial_state": problem})
