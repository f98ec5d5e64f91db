"""The site's data version: one token, new with every committed write to a public record,
that the shared response cache keys its entries by (`coherence.response_cache`,
docs/decisions/0012-response-cache.md).

Every save or deletion of a watched model, and every change of its many-to-many links,
sets a new random token in the one row of `DataVersion`, in the write's own transaction:
when the write commits, the token does; a rolled-back write restores the old token, which
still describes the data. Each app watches its own public records (`watch()`, from its
`ready()`); writes that send no signals say so: `coherence.signals.bulk_written` (a
restore, generated data), `coherence.passages.passages_rebuilt`, and the search index's
rebuild (`search.indexing.rebuild`) call `bump()`.

Bookkeeping that a reader derives itself, in the write's transaction or before it answers,
is not watched: history rows (written with their record), the facet index's token, the
change feed's marks, snapshots and entries (its readers process the marks first, and the
marks come with a watched write), the search documents (written with their record).

A request reads the token before the data: a write that commits between the two is in the
data and leaves a token the request does not know, so what the request caches under the
old token is never served after the write (no request reads the old token again).
"""

from __future__ import annotations

import uuid

from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import DataVersion
from .passages import passages_rebuilt
from .signals import bulk_written


def current(using: str = DEFAULT_DB_ALIAS) -> str:
    """The token of the data as the database holds it now (one small query)."""
    token = DataVersion.objects.using(using).filter(pk=1).values_list("token", flat=True).first()
    if token is None:  # the row was deleted (a flushed database): start a new one
        token = DataVersion.objects.using(using).get_or_create(pk=1)[0].token
    return token.hex


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Give the data a new version, in the current transaction."""
    if not DataVersion.objects.using(using).filter(pk=1).update(token=uuid.uuid4()):
        DataVersion.objects.using(using).get_or_create(pk=1)


# The models whose writes change the version (`watch()`).
watched: set[type[models.Model]] = set()


def record_written(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """A record saved or deleted, or records written in bulk (`bulk_written`)."""
    bump(using)


def links_written(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump(using)


def passages_replaced(sender, source, **kwargs):
    bump(source._state.db or DEFAULT_DB_ALIAS)


def watched_models(app_config, exclude=()) -> list[type[models.Model]]:
    """The app's concrete models, but for history tables and those excluded."""
    return [
        model
        for model in app_config.get_models()
        if model not in exclude
        and not model._meta.proxy
        and not hasattr(model, "instance_type")  # simple-history's historical models
    ]


def watch(app_config, exclude=()) -> None:
    """Bump the version with every save and deletion of the app's models (all but
    `exclude` and their history) and every change of their many-to-many links."""
    for model in watched_models(app_config, exclude):
        watched.add(model)
        uid = f"data-version-{model._meta.label_lower}"
        post_save.connect(record_written, sender=model, dispatch_uid=uid)
        post_delete.connect(record_written, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                links_written, sender=field.remote_field.through, dispatch_uid=uid + field.name
            )


def connect(app_config) -> None:
    """The reference framework's records, and the writes that send no model signals."""
    watch(app_config, exclude=(DataVersion,))
    bulk_written.connect(record_written, dispatch_uid="data-version-bulk-written")
    passages_rebuilt.connect(passages_replaced, dispatch_uid="data-version-passages")
