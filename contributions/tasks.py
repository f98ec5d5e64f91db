"""The contributions' slow work, in the task queue (coherence/celery.py): extracting an
uploaded document's text, and sending e-mail. Both run at once where no broker is set."""

from __future__ import annotations

import base64
import contextlib

from celery import shared_task
from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from coherence.splitting import reading_passages

from .models import Document


@shared_task(ignore_result=False)
def extract_document(document_id: int, data: str, filename: str) -> str:
    """Extract the text of the uploaded document (`contributions.extraction`: limits,
    a child process, a time limit) and count its passages; a failure is kept on the
    document as `code: message`."""
    from . import extraction

    data = base64.b64decode(data)  # the file, base64 in the (JSON) message
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    try:
        extracted = extraction.extract(data, filename)
    except extraction.ExtractionError as error:
        Document.objects.filter(pk=document_id).update(
            state=Document.State.FAILED, error=f"{error.code}: {error.message}", text=""
        )
        return Document.State.FAILED
    with transaction.atomic():
        Document.objects.filter(pk=document_id).update(
            state=Document.State.READY,
            error="",
            text=extracted.text,
            media_type=extracted.media_type,
            pages=extracted.pages,
            passages_count=len(reading_passages(extracted.text)),
        )
    return Document.State.READY


def wait(result) -> None:
    """Wait a little for a queued task (CONTRIBUTION_UPLOAD_WAIT_SECONDS), so that most
    uploads are answered with their outcome; one still running is reported as such."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    with contextlib.suppress(CeleryTimeout):
        result.get(timeout=settings.CONTRIBUTION_UPLOAD_WAIT_SECONDS, propagate=False)


@shared_task
def send_email(to: list[str], subject: str, body: str) -> int:
    """One e-mail, through Django's e-mail framework (EMAIL_URL)."""
    return EmailMessage(subject=subject, body=body, to=to).send()
