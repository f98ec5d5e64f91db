"""A source document's passages, stored: `rebuild_passages` replaces them with a fresh
split of the document's text (`coherence.splitting`) and points the citations at the
passages that hold their quotes."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from .models import Citation, SourcePassage
from .splitting import Passage, split_passages

__all__ = ["Passage", "passages_rebuilt", "rebuild_passages", "split_passages"]

# Sent with `source` once rebuild_passages has replaced a source's passages. They are
# created in bulk, which sends no post_save, so this is how derived data (the search
# index) hears of them.
passages_rebuilt = Signal()


@transaction.atomic
def rebuild_passages(source) -> int:
    """Replace the passages of `source` by a fresh split of its text, and point its
    citations at the passages that now contain their quotes."""
    source.passages.all().delete()
    SourcePassage.objects.bulk_create(
        SourcePassage(
            source=source,
            position=p.position,
            anchor=p.anchor,
            locator=p.locator,
            text=p.text,
        )
        for p in split_passages(source.text)
    )
    passages_rebuilt.send(sender=type(source), source=source)
    for citation in Citation.objects.filter(source=source):
        passage = citation.find_passage()
        if passage != citation.passage:
            Citation.objects.filter(pk=citation.pk).update(passage=passage)
    return source.passages.count()
