"""Merging one record into another (the one-record rule: one practice, institution or
recommendation per thing the papers name): what pointed at the merged-away record points
at the one kept, and its old slug answers with a redirect (`SlugRedirect`).

Written against an app registry so that a data migration (its historical models) and the
running site (the admin, a service) merge the same way. At run time every move is a
model save, so history, the change feed, the search index and the data version see it;
a migration marks the change feed itself (its models send no signals the site listens to).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps as global_apps
from django.db import IntegrityError, transaction


@dataclass
class MergeReport:
    moved: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(
        app_label=model._meta.app_label, model=model._meta.model_name
    )[0]


def merge_record(*, source, target, note: str = "", apps=global_apps) -> MergeReport:
    """Move `source`'s citations and links to `target`, delete `source`, and redirect its
    slug to `target`. Links `target`'s type cannot hold (a practice's countries, for a
    recommendation) are dropped and reported. Call inside a transaction."""
    if type(source) is type(target) and source.pk == target.pk:
        raise ValueError("A record cannot be merged into itself.")
    report = MergeReport()
    same_type = source._meta.label_lower == target._meta.label_lower
    Citation = apps.get_model("coherence", "Citation")
    SlugRedirect = apps.get_model("coherence", "SlugRedirect")
    source_type = _content_type(apps, type(source))
    target_type = _content_type(apps, type(target))

    # Citations: every quote the target does not already have.
    have = set(
        Citation.objects.filter(content_type=target_type, object_id=target.pk).values_list(
            "source_id", "quote"
        )
    )
    for citation in Citation.objects.filter(content_type=source_type, object_id=source.pk):
        if (citation.source_id, citation.quote) in have:
            citation.delete()
            continue
        citation.content_type = target_type
        citation.object_id = target.pk
        citation.save()
        have.add((citation.source_id, citation.quote))
        report.moved.append(f"citation {citation.locator}")

    # The source's own many-to-many lists without a model of their own (themes, levels).
    target_fields = {f.name: f for f in target._meta.many_to_many}
    for many in source._meta.many_to_many:
        if not many.remote_field.through._meta.auto_created:
            continue  # a through model with roles: moved below as rows pointing at source
        related = list(getattr(source, many.name).all())
        if not related:
            continue
        kept = target_fields.get(many.name)
        if kept is not None and kept.related_model._meta.label_lower == (
            many.related_model._meta.label_lower
        ):
            getattr(target, many.name).add(*related)
            report.moved.append(f"{many.name}: {len(related)}")
        else:
            report.dropped.append(f"{many.name}: {', '.join(str(r) for r in related)}")

    # Rows of other models pointing at the source (link rows, children, lists that name it).
    for relation in source._meta.related_objects:
        if relation.one_to_one:
            continue  # derived rows (a search document) go with the source
        accessor = relation.field.name
        rows = relation.related_model._default_manager.filter(**{accessor: source.pk})
        if relation.many_to_many:
            for row in rows:
                if same_type:
                    getattr(row, accessor).add(target)
                    report.moved.append(f"{row._meta.model_name} {row}")
                getattr(row, accessor).remove(source)
            continue
        for row in rows:
            if not same_type:
                report.dropped.append(f"{row._meta.verbose_name}: {row}")
                continue
            setattr(row, accessor, target)
            try:
                with transaction.atomic():
                    row.save()
                report.moved.append(f"{row._meta.model_name} {row}")
            except IntegrityError:
                report.dropped.append(f"{row._meta.verbose_name} (already on the target): {row}")
                relation.related_model._default_manager.filter(pk=row.pk).delete()

    # Redirects to the source now go to the target; none may shadow the target's slug.
    SlugRedirect.objects.filter(target_type=source_type, target_id=source.pk).update(
        target_type=target_type, target_id=target.pk
    )
    SlugRedirect.objects.filter(content_type=target_type, old_slug=target.slug).delete()
    old_slug = source.slug
    source.delete()
    SlugRedirect.objects.update_or_create(
        content_type=source_type,
        old_slug=old_slug,
        defaults={"target_type": target_type, "target_id": target.pk, "note": note[:255]},
    )
    return report
