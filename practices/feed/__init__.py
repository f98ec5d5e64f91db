"""The change feed: what changed in the public representations, so that a partner keeps
an exact copy (docs/decisions/0008-change-feed.md).

Writes mark the resources they may have changed (`marking`, in the write's transaction);
processing renders those resources as the API serves them and appends an entry where the
representation changed (`processing`). `changes/` lists the entries, `export/` serves the
representations with the cursor to follow them from."""

from . import additions, embedded, receivers
from .processing import (
    RESOURCES,
    changed_at,
    export,
    latest,
    process,
    process_on_commit,
    reconcile,
    render,
    render_batch,
    unseen,
)

__all__ = [
    "RESOURCES",
    "changed_at",
    "connect",
    "export",
    "latest",
    "process",
    "process_on_commit",
    "reconcile",
    "render",
    "render_batch",
    "unseen",
]


def connect() -> None:
    """Connect the feed's receivers (`receivers`; status reports and memberships:
    `additions`; what challenges, questions and events embed: `embedded`)."""
    receivers.connect()
    additions.connect()
    embedded.connect()
