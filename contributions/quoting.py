"""A contribution's quotes checked as the seed's are: verbatim in the document as its
reader shows it (`coherence.quotes`, after the same normalisation), else refused with the
quote and the nearest passage."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from coherence.models import SourceDocument
from coherence.quotes import locate, refusal
from coherence.splitting import reading_passages

from .models import Document


@dataclass(frozen=True)
class Located:
    """Where a quote was found: its document (uploaded, or a source of the knowledge
    base) and the locator of the passage it begins in."""

    document: Document | None
    source: SourceDocument | None
    locator: str


class QuoteRefused(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def resolve_document(reference, *, user) -> Document | SourceDocument:
    """The document a quote names: an uploaded document's id (one `user` may cite: their
    own) or the slug of a source of the knowledge base. Raises QuoteRefused."""
    if isinstance(reference, int) or (isinstance(reference, str) and reference.isdigit()):
        document = Document.objects.filter(pk=int(reference), owner=user).first()
        if document is None:
            raise QuoteRefused([_("No uploaded document of yours has the id %s.") % reference])
        if document.state != Document.State.READY:
            raise QuoteRefused(
                [
                    _("The document “%(title)s” is not ready to be quoted (%(state)s).")
                    % {"title": document, "state": document.get_state_display()}
                ]
            )
        return document
    if isinstance(reference, str) and reference:
        source = SourceDocument.objects.filter(slug=reference).first()
        if source is None:
            raise QuoteRefused(
                [_("No source of the knowledge base has the slug “%s”.") % reference]
            )
        return source
    raise QuoteRefused([_("Name the document: an uploaded document's id or a source's slug.")])


def check_quote(document: Document | SourceDocument, quote: str) -> Located:
    """The quote located in `document`, or QuoteRefused with the reasons (the quote is not
    verbatim there; the nearest passage)."""
    passages = reading_passages(document.text)
    index = locate(passages, quote)
    if index is None:
        raise QuoteRefused(refusal(passages, quote, source=str(document)))
    uploaded = isinstance(document, Document)
    return Located(
        document=document if uploaded else None,
        source=None if uploaded else document,
        locator=passages[index].locator,
    )
