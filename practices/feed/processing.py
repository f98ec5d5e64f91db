"""Turning marks into feed entries: render each marked resource as the API serves it to
anyone, compare it with the snapshot, and append `created`, `updated` or `deleted` only
where the representation changed. A renamed resource (a new slug) is `deleted` under
its old key and `created` under its new one."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Exists, F, Max
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation

from ..models import FeedEntry, FeedLock, FeedPending, FeedSnapshot
from ..models.feed import FeedAction
from ..models.feed import FeedType as T
from .rules import MODELS, Mark, embedders

logger = logging.getLogger(__name__)

# The base of the URLs inside a rendered representation: a reserved name (RFC 6761),
# replaced by the request's own base when the snapshot is served (`export`).
BASE = "http://feed.invalid"


@dataclass(frozen=True)
class Resource:
    key_field: str
    url_name: str
    lookup: str = "slug"


RESOURCES: dict[str, Resource] = {
    T.PRACTICE: Resource("slug", "api:practice-detail"),
    T.INSTITUTION: Resource("slug", "api:institution-detail"),
    T.TOOL: Resource("slug", "api:tool-detail"),
    T.RECOMMENDATION: Resource("id", "api:recommendation-detail", "id"),
    T.COUNTRY: Resource("iso3", "api:country-detail", "iso3"),
    T.REGION: Resource("slug", "api:region-detail"),
    T.COHERENCE_LEVEL: Resource("slug", "api:coherencelevel-detail"),
    T.ELEMENT: Resource("slug", "api:element-detail"),
    T.THEME: Resource("slug", "api:theme-detail"),
    T.SOURCE: Resource("slug", "api:source-detail"),
    T.GCM_OBJECTIVE: Resource("number", "api:gcmobjective-detail", "number"),
    T.GCM_PRINCIPLE: Resource("slug", "api:gcmprinciple-detail"),
    T.SDG_TARGET: Resource("code", "api:sdgtarget-detail", "code"),
    T.CHALLENGE: Resource("slug", "api:challenge-detail"),
    T.DEFINITION: Resource("slug", "api:definition-detail"),
    T.QUESTION: Resource("slug", "api:question-detail"),
    T.EVENT: Resource("slug", "api:event-detail"),
}

# How many resources of one type are read, serialized and compared at a time.
BATCH_SIZE = 300

_state = threading.local()


def _detail_view(kind: str, key: str):
    """The resource's detail viewset as it stands once an anonymous `GET` of this key has
    been negotiated and authorised (its `retrieve` action, its Accept, no throttling:
    rendering for the feed must not use up anyone's rate limit), ready to read and
    serialize any record of the type. Built as DRF's `as_view()` and `dispatch()`
    build it."""
    resource = RESOURCES[kind]
    path = reverse(resource.url_name, kwargs={resource.lookup: key})
    match = resolve(path)
    func = match.func
    request = RequestFactory().get(path, HTTP_ACCEPT="application/json")
    request.get_host = lambda: BASE.removeprefix("http://")
    request.user = AnonymousUser()
    view = func.cls(**{**func.initkwargs, "throttle_classes": []})
    view.action_map = dict(func.actions)
    view.args, view.kwargs = (), dict(match.kwargs)
    view.request = request
    view.request = view.initialize_request(request, **view.kwargs)
    view.headers = view.default_response_headers
    view.format_kwarg = view.get_format_suffix(**view.kwargs)
    view.initial(view.request, **view.kwargs)
    return view


def render_batch(
    kind: str, pks: Iterable[int], using: str = "default"
) -> dict[int, tuple[str, str]]:
    """{pk: (key, JSON text)} of the resources as their API detail shows them to anyone,
    read in one queryset: the detail view's own (`get_queryset()` and its filters, so
    the same prefetches, annotations and public-only rules), serialized by its detail
    serializer with its context (`details_data()`: the serializer's fields built once
    for the batch where the context is the same for every record) and rendered by the
    renderer the detail answers with, so that the text is byte for byte the detail's. A
    resource that does not exist or is not public is left out (its detail answers 404).
    Always in English, whatever the language of the request that happens to process the
    marks (`?lang=fr`): a snapshot rendered in another language would differ, and count
    as a change."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render_batch(kind, pks, using)


def _render_batch(kind: str, pks: Iterable[int], using: str) -> dict[int, tuple[str, str]]:
    resource = RESOURCES[kind]
    pks = list(pks)
    first = (
        MODELS[kind]
        ._default_manager.using(using)
        .filter(pk__in=pks)
        .values_list(resource.key_field, flat=True)
        .first()
    )
    if first is None:
        return {}
    view = _detail_view(kind, str(first))
    request = view.request
    queryset = view.filter_queryset(view.get_queryset()).filter(pk__in=pks)
    renderer, media_type = request.accepted_renderer, request.accepted_media_type
    instances = list(queryset)
    for instance in instances:
        view.check_object_permissions(request, instance)
    context = view.get_renderer_context()
    return {
        instance.pk: (
            str(getattr(instance, resource.key_field)),
            renderer.render(data, media_type, context).decode(),
        )
        for instance, data in zip(instances, view.details_data(instances), strict=True)
    }


def render(kind: str, pk: int, using: str = "default") -> tuple[str, str] | None:
    """(key, JSON text) of the resource as its API detail shows it to anyone, or None
    when it does not exist or is not public."""
    return render_batch(kind, [pk], using).get(pk)


def _lock(using: str) -> None:
    if not FeedLock.objects.using(using).filter(pk=1).update(runs=F("runs") + 1):
        FeedLock.objects.using(using).get_or_create(pk=1)
        FeedLock.objects.using(using).filter(pk=1).update(runs=1)


def process(using: str = "default") -> int:
    """Process the pending marks (if any); the number of entries appended. Readers of the
    feed, of a Last-Modified and of the export call this first, so that they never see
    a write without its entries; writes call it when they commit."""
    if getattr(_state, "busy", False):
        return 0
    if not FeedPending.objects.using(using).exists():
        return 0
    _state.busy = True
    try:
        with transaction.atomic(using):
            _lock(using)
            pending = list(
                FeedPending.objects.using(using).values_list("id", "type", "object_id", "expand")
            )
            if not pending:
                return 0
            FeedPending.objects.using(using).filter(id__lte=max(row[0] for row in pending)).delete()
            targets: set[Mark] = set()
            expand: dict[str, list[int]] = defaultdict(list)
            for _, kind, pk, wide in pending:
                targets.add((kind, pk))
                if wide:
                    expand[kind].append(pk)
            for kind, pks in expand.items():
                targets |= embedders(kind, pks)
            return _apply(sorted(targets), using)
    finally:
        _state.busy = False


def _apply(targets: list[Mark], using: str) -> int:
    now = timezone.now()
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, pk in targets:
        by_kind[kind].append(pk)
    entries: list[FeedEntry] = []

    def entry(kind, key, action):
        entries.append(FeedEntry(type=kind, key=key, action=action, time=now))

    # In the targets' order (type, then pk), so that the entries' ids keep it.
    for kind, pks in by_kind.items():
        for start in range(0, len(pks), BATCH_SIZE):
            batch = pks[start : start + BATCH_SIZE]
            rendered = render_batch(kind, batch, using)
            snapshots = {
                snapshot.object_id: snapshot
                for snapshot in FeedSnapshot.objects.using(using).filter(
                    type=kind, object_id__in=batch
                )
            }
            created: list[FeedSnapshot] = []
            for pk in batch:
                snapshot = snapshots.get(pk)
                if pk not in rendered:
                    if snapshot is not None:
                        entry(kind, snapshot.key, FeedAction.DELETED)
                        snapshot.delete()
                    continue
                key, content = rendered[pk]
                digest = hashlib.sha256(content.encode()).hexdigest()
                if snapshot is None:
                    entry(kind, key, FeedAction.CREATED)
                    created.append(
                        FeedSnapshot(
                            type=kind,
                            object_id=pk,
                            key=key,
                            digest=digest,
                            content=content,
                            changed_at=now,
                        )
                    )
                    continue
                if snapshot.digest == digest:
                    continue
                if snapshot.key != key:
                    entry(kind, snapshot.key, FeedAction.DELETED)
                    entry(kind, key, FeedAction.CREATED)
                else:
                    entry(kind, key, FeedAction.UPDATED)
                snapshot.key, snapshot.digest, snapshot.content, snapshot.changed_at = (
                    key,
                    digest,
                    content,
                    now,
                )
                snapshot.save(update_fields=["key", "digest", "content", "changed_at"])
            FeedSnapshot.objects.using(using).bulk_create(created)
    FeedEntry.objects.using(using).bulk_create(entries)
    return len(entries)


def process_on_commit(using: str = "default") -> None:
    """After the write's transaction commits (at once outside one); a failure is logged,
    never raised into the write, and the marks stay for the next reader."""

    def run():
        try:
            process(using)
        except Exception:  # the marks are kept; the next reader processes them
            logger.exception("Processing the change feed's marks failed")

    transaction.on_commit(run, using=using)


def reconcile(using: str = "default") -> int:
    """Look at every resource, public or with a snapshot: entries for whatever the feed
    missed (writes that sent no signals, such as bulk loads). Idempotent."""
    marks: list[FeedPending] = []
    for kind, model in MODELS.items():
        pks = set(model._default_manager.using(using).values_list("pk", flat=True))
        pks |= set(
            FeedSnapshot.objects.using(using).filter(type=kind).values_list("object_id", flat=True)
        )
        marks += [FeedPending(type=kind, object_id=pk) for pk in pks]
    FeedPending.objects.using(using).bulk_create(marks, batch_size=1000)
    return process(using)


def unseen(using: str = "default") -> bool:
    """Whether the feed has never looked at this database's resources."""
    return (
        not FeedSnapshot.objects.using(using).exists()
        and not FeedEntry.objects.using(using).exists()
    )


def changed_at(kind: str, key: str, using: str = "default"):
    """When the resource's representation last changed (None: not known to the feed)."""
    process(using)
    return (
        FeedSnapshot.objects.using(using)
        .filter(type=kind, key=key)
        .values_list("changed_at", flat=True)
        .first()
    )


def latest(kind: str, using: str = "default"):
    """When any resource of this type last changed, appeared or went. One query where no
    marks wait to be processed (nearly always): the type's latest entry and whether any
    mark waits, read together, so that the entry is what processing first would have
    left. Otherwise (marks wait, or the feed has no entry of the type yet) the marks are
    processed, then the latest entry read."""
    entries = FeedEntry.objects.using(using).filter(type=kind).order_by("-id")
    waiting = Exists(FeedPending.objects.using(using))
    found = entries.annotate(waiting=waiting).values_list("time", "waiting").first()
    if found is not None and not found[1]:
        return found[0]
    process(using)
    return entries.values_list("time", flat=True).first()


def export(
    base: str, kinds: Iterable[str] | None = None, using: str = "default"
) -> tuple[int, Iterator]:
    """The cursor (the last entry's id) and every public resource's representation as
    the feed knows it, with URLs under `base`: a complete copy to follow with `changes/`
    from that cursor."""
    process(using)
    cursor = FeedEntry.objects.using(using).aggregate(last=Max("id"))["last"] or 0
    snapshots = FeedSnapshot.objects.using(using).order_by("type", "key")
    if kinds:
        snapshots = snapshots.filter(type__in=list(kinds))
    rows = snapshots.values_list("type", "key", "content").iterator(chunk_size=500)

    def records():
        for kind, key, content in rows:
            yield kind, key, content.replace(BASE, base)

    return cursor, records()
