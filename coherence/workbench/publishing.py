"""The publishing panel of a publishable record's change page: its state, who published it
and when, who changed it last, read from its django-simple-history rows (no columns of
its own). Its buttons post the change form with the state set, so that a publication is
validated and saved by the same path as any other save of the admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from coherence.models import EditorialState

# A record's history rows read to find its last publication (newest first).
HISTORY_READ = 500

PUBLISH = "_publish"
UNPUBLISH = "_unpublish"
BUTTONS = {PUBLISH: EditorialState.PUBLISHED, UNPUBLISH: EditorialState.DRAFT}


@dataclass(frozen=True)
class Event:
    """A change in the record's history: who (a user's name, or empty) and when."""

    user: str
    date: datetime


@dataclass(frozen=True)
class PublishingState:
    state: str
    state_label: str
    published: Event | None  # the publication that made it public, while it is
    unpublished: Event | None  # the change that took it back to a draft, while it is one
    last_changed: Event | None

    @property
    def is_published(self) -> bool:
        return self.state == EditorialState.PUBLISHED


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def publishing_state(record: models.Model) -> PublishingState:
    """Where `record` stands, from its newest `HISTORY_READ` history rows: one query."""
    rows = list(
        record.history.select_related("history_user")
        .only("editorial_state", "history_date", "history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_READ]
    )
    last = Event(_user_name(rows[0].history_user), rows[0].history_date) if rows else None
    # The newest run of rows in the current state began with the change that set it.
    start = None
    for row in rows:
        if row.editorial_state != record.editorial_state:
            break
        start = row
    since = Event(_user_name(start.history_user), start.history_date) if start else None
    published = record.editorial_state == EditorialState.PUBLISHED
    was_published = any(row.editorial_state == EditorialState.PUBLISHED for row in rows)
    return PublishingState(
        state=record.editorial_state,
        state_label=record.get_editorial_state_display(),
        published=since if published else None,
        unpublished=since if not published and was_published else None,
        last_changed=last,
    )
