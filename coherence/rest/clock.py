"""When a resource's representation last changed, for `Last-Modified` and
`If-Modified-Since`.

A representation embeds more than its record's own row (a practice names its
institutions and quotes its citations), so the record's `updated_at` is not its
representation's time. The change feed knows (it compares every representation a write
may have changed): `practices.feed` provides this clock when Django starts, as
`search` provides full text (docs/decisions/0007-layers.md). Without a clock, or for a
resource the feed has not seen, responses carry no `Last-Modified` (their ETag still
holds) rather than a wrong one."""

from __future__ import annotations

import datetime
from typing import Protocol


class Clock(Protocol):
    def changed_at(self, kind: str, key: str) -> datetime.datetime | None:
        """When the public representation of this resource last changed."""

    def latest(self, kind: str) -> datetime.datetime | None:
        """When any resource of this type last changed, appeared or went."""


_clock: Clock | None = None


def provide(clock: Clock) -> None:
    global _clock
    _clock = clock


def changed_at(kind: str | None, key: str) -> datetime.datetime | None:
    return _clock.changed_at(kind, key) if _clock is not None and kind else None


def latest(kind: str | None) -> datetime.datetime | None:
    return _clock.latest(kind) if _clock is not None and kind else None
