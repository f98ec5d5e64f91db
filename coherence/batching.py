"""Blocks of many writes (`batch()`), such as loading the knowledge base: what the apps
built on this one keep in step with every write (the search documents) may collect what
the block changed and write it once when the block ends, rather than once per save and
once per link (a practice's document was written about six times as its countries,
institutions, tools, themes and citations were set).

A receiver calls `collected(name, finish)` on each write: outside a block it gets None
and writes at once, as always; inside one it gets the block's state for `name` (a dict,
the same for every call) and `finish(state)` is called once, when the block ends
normally, inside the block's transaction (the block closed: what the finishers write
is written at once). A block that fails calls nothing: the transaction it runs in is
meant to roll back with it. A block opened inside another joins it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_current: contextvars.ContextVar[_Batch | None] = contextvars.ContextVar(
    "coherence_batch", default=None
)


class _Batch:
    def __init__(self):
        self.states: dict[str, dict] = {}
        self.finishers: dict[str, Callable[[dict], object]] = {}

    def finish(self) -> None:
        for name, finish in self.finishers.items():
            finish(self.states[name])


@contextmanager
def batch() -> Iterator[None]:
    """Run the block's writes as a batch (see the module's docstring)."""
    if _current.get() is not None:
        yield
        return
    current = _Batch()
    token = _current.set(current)
    try:
        yield
    finally:
        _current.reset(token)
    current.finish()


def collected(name: str, finish: Callable[[dict], object]) -> dict | None:
    """The open block's state for `name` (created empty, with `finish` to run at the
    block's end), or None outside a block."""
    current = _current.get()
    if current is None:
        return None
    if name not in current.states:
        current.states[name] = {}
        current.finishers[name] = finish
    return current.states[name]
