"""Every write of a contribution: documents uploaded, submissions created and edited,
their state moved on, and publication as a practice. The pages and the API call these;
each checks who may do it, validates before it writes, and runs in one transaction.

Who may do what (the permission matrix, tests/contributions/test_permissions.py):

| action            | from                          | to                | who                 |
|-------------------|-------------------------------|-------------------|---------------------|
| edit              | draft, changes_requested      | (same)            | the owner           |
| submit            | draft, changes_requested      | in_review         | the owner           |
| request_changes   | in_review                     | changes_requested | a reviewer, not the owner |
| approve           | in_review                     | published         | a reviewer, not the owner |
| reject            | in_review, changes_requested  | rejected          | a reviewer, not the owner |
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_contributor, is_reviewer

from .content import complete_problems, validate_content
from .models import Comment, Document, Quote, Submission, SubmissionState, Transition, Version
from .quoting import QuoteRefused, check_quote, resolve_document

State = SubmissionState


class NotAllowed(Exception):
    """The user may not do this (HTTP 403; 404 where the submission is not theirs to see)."""


class WrongState(Exception):
    """The action does not apply to the submission's current state (HTTP 409)."""

    def __init__(self, submission: Submission, action: str):
        self.state = submission.state
        super().__init__(
            _("A submission %(state)s cannot be %(action)s.")
            % {"state": submission.get_state_display().lower(), "action": ACTION_PAST[action]}
        )


ACTION_PAST = {
    "edit": _("edited"),
    "submit": _("submitted"),
    "request_changes": _("sent back for changes"),
    "approve": _("approved"),
    "reject": _("rejected"),
}

TRANSITIONS = {
    # action: (states it applies to, the state it leads to, needs a reviewer)
    "submit": ({State.DRAFT, State.CHANGES_REQUESTED}, State.IN_REVIEW, False),
    "request_changes": ({State.IN_REVIEW}, State.CHANGES_REQUESTED, True),
    "approve": ({State.IN_REVIEW}, State.PUBLISHED, True),
    "reject": ({State.IN_REVIEW, State.CHANGES_REQUESTED}, State.REJECTED, True),
}


def allowed_actions(submission: Submission, user) -> list[str]:
    """The transitions `user` may make now (for buttons and the API's `actions`)."""
    actions = []
    for action, (sources, _target, review) in TRANSITIONS.items():
        if submission.state in sources and _may(submission, user, review):
            actions.append(action)
    return actions


def _may(submission: Submission, user, review: bool) -> bool:
    if review:
        return is_reviewer(user) and submission.owner_id != user.pk
    return submission.owner_id == user.pk


def can_edit(submission: Submission, user) -> bool:
    return submission.owner_id == user.pk and submission.is_editable


# Quotes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteData:
    """A quote as a write gives it: the document (an uploaded document's id or a source's
    slug), the verbatim words, and the claim they support."""

    document: object
    quote: str
    claim: str = "summary"


def check_quotes(quotes: list[QuoteData], *, user) -> list[Quote]:
    """The quotes as unsaved rows, each located in its document; ValidationError on
    `quotes` naming each refused quote, with the nearest passage."""
    from .content import CLAIMS

    rows, problems = [], {}
    for index, data in enumerate(quotes):
        try:
            if data.claim not in CLAIMS:
                raise QuoteRefused(
                    [
                        _("“%(claim)s” is not a claim a quote can support; one of: %(claims)s.")
                        % {"claim": data.claim, "claims": ", ".join(CLAIMS)}
                    ]
                )
            if not (data.quote or "").strip():
                raise QuoteRefused([_("The quote is empty.")])
            located = check_quote(resolve_document(data.document, user=user), data.quote)
        except QuoteRefused as refused:
            problems[str(index)] = [
                f"“{(data.quote or '').strip()}”: {m}" for m in refused.messages
            ]
            continue
        rows.append(
            Quote(
                document=located.document,
                source=located.source,
                claim=data.claim,
                quote=data.quote.strip(),
                locator=located.locator,
                position=index,
            )
        )
    if problems:
        raise ValidationError({"quotes": [m for ms in problems.values() for m in ms]})
    return rows


def _set_quotes(submission: Submission, rows: list[Quote]) -> None:
    submission.quotes.all().delete()
    for row in rows:
        row.submission = submission
    Quote.objects.bulk_create(rows)


# Submissions -------------------------------------------------------------------------------


@transaction.atomic
def submission_create(
    *, owner, content: dict, quotes: list[QuoteData] | None = None, language: str = "en"
) -> Submission:
    """A new draft of `owner` (a verified contributor)."""
    if not is_contributor(owner):
        raise NotAllowed(_("Verify your e-mail address before you contribute."))
    stored = validate_content(content, partial=True)
    rows = check_quotes(quotes or [], user=owner)
    submission = Submission.objects.create(
        owner=owner, content=stored, title=stored.get("title", ""), language=language
    )
    _set_quotes(submission, rows)
    return submission


@transaction.atomic
def submission_update(
    *, submission: Submission, user, content: dict | None = None, quotes=None
) -> Submission:
    """Change a draft (or a submission sent back for changes): the content fields given
    replace the stored ones (others are kept); `quotes`, when given, replace all."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.owner_id != user.pk:
        raise NotAllowed(_("Only the contributor edits a submission."))
    if not submission.is_editable:
        raise WrongState(submission, "edit")
    if content is not None:
        merged = {**submission.content, **content}
        submission.content = validate_content(merged, partial=True)
        submission.title = submission.content.get("title", "")
    if quotes is not None:
        _set_quotes(submission, check_quotes(quotes, user=user))
    submission.save()
    return submission


def submission_problems(submission: Submission) -> dict[str, list[str]]:
    """What keeps a submission from being sent for review, by field."""
    problems = complete_problems(submission.content)
    quotes = list(submission.quotes.select_related("document", "source"))
    if not quotes:
        problems["quotes"] = [
            _("Add at least one quote, verbatim from a source document, supporting a claim.")
        ]
    for quote in quotes:
        document = quote.document or quote.source
        try:
            if quote.document and not quote.document.is_ready:
                raise QuoteRefused([_("Its document is not ready.")])
            check_quote(document, quote.quote)
        except QuoteRefused as refused:
            problems.setdefault("quotes", []).extend(
                f"“{quote.quote}”: {message}" for message in refused.messages
            )
    for index, proposed in enumerate(submission.content.get("proposed_institutions", [])):
        if not proposed.get("name"):
            problems.setdefault("proposed_institutions", []).append(
                _("Proposed institution %d has no name.") % (index + 1)
            )
    return problems


def _transition(submission, user, action, comment="") -> Transition:
    sources, target, review = TRANSITIONS[action]
    if not user.is_authenticated:
        raise NotAllowed(_("Sign in first."))
    if not _may(submission, user, review):
        if review and submission.owner_id == user.pk and is_reviewer(user):
            raise NotAllowed(_("A reviewer does not review their own submission."))
        raise NotAllowed(
            _("Only a reviewer can do this.") if review else _("Only the contributor can do this.")
        )
    if submission.state not in sources:
        raise WrongState(submission, action)
    transition = Transition.objects.create(
        submission=submission,
        actor=user,
        source_state=submission.state,
        target_state=target,
        comment=comment,
    )
    submission.state = target
    submission._change_reason = f"{action}: {comment}"[:100] if comment else action
    return transition


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().select_related("owner").get(pk=submission.pk)


@transaction.atomic
def submit(*, submission: Submission, user) -> Submission:
    """Send a complete draft (or a changed submission) to the reviewers; its content and
    quotes are kept as version n for the reviewers' comparison."""
    submission = _locked(submission)
    transition = _transition(submission, user, "submit")
    problems = submission_problems(submission)
    if problems:
        raise ValidationError(problems)
    submission.version += 1
    submission.submitted_at = timezone.now()
    submission.save()
    Version.objects.create(
        submission=submission,
        number=submission.version,
        content=submission.content,
        quotes=[quote_snapshot(q) for q in submission.quotes.select_related("document", "source")],
    )
    _announce(transition)
    return submission


def quote_snapshot(quote: Quote) -> dict:
    return {
        "document": quote.document_id if quote.document_id else quote.source.slug,
        "document_title": quote.document_label,
        "claim": quote.claim,
        "quote": quote.quote,
        "locator": quote.locator,
    }


@transaction.atomic
def request_changes(*, submission: Submission, user, comment: str) -> Submission:
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Say what should change.")]})
    submission = _locked(submission)
    transition = _transition(submission, user, "request_changes", comment.strip())
    submission.save()
    Comment.objects.create(
        submission=submission, author=user, text=comment.strip(), version=submission.version
    )
    _announce(transition)
    return submission


@transaction.atomic
def reject(*, submission: Submission, user, reason: str) -> Submission:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the rejection.")]})
    submission = _locked(submission)
    transition = _transition(submission, user, "reject", reason.strip())
    submission.reason = reason.strip()
    submission.decided_at = timezone.now()
    submission.save()
    _announce(transition)
    return submission


@transaction.atomic
def approve(
    *, submission: Submission, user, comment: str = "", merges: dict | None = None
) -> Submission:
    """Publish the submission as a practice (`contributions.publishing`), in this
    transaction: a failure leaves the submission in review and writes nothing."""
    from .publishing import publish

    submission = _locked(submission)
    transition = _transition(submission, user, "approve", (comment or "").strip())
    problems = submission_problems(submission)
    if problems:
        raise ValidationError(problems)
    submission.practice = publish(submission, merges=merges or {})
    submission.decided_at = timezone.now()
    submission.save()
    _announce(transition)
    return submission


@transaction.atomic
def comment_add(*, submission: Submission, user, text: str, field: str = "") -> Comment:
    """A remark on one field (or the whole): by a reviewer, or by the contributor."""
    if not (is_reviewer(user) or submission.owner_id == user.pk):
        raise NotAllowed(_("Only the contributor and the reviewers comment."))
    if not (text or "").strip():
        raise ValidationError({"text": [_("The comment is empty.")]})
    return Comment.objects.create(
        submission=submission,
        author=user,
        field=field,
        text=text.strip(),
        version=submission.version,
    )


def _announce(transition: Transition) -> None:
    from .notifications import announce

    transaction.on_commit(lambda: announce(transition.pk))


# Documents ---------------------------------------------------------------------------------


class UploadRefused(Exception):
    """An upload refused: `code`, a message naming the problem, and the HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def document_upload(*, owner, data: bytes, filename: str, title: str = "") -> Document:
    """Store an uploaded document and extract its text in the task queue; the size and
    the type (by content) are checked here, before anything is stored. Where extraction
    ran at once (no broker, or the worker answered within the wait) and failed, the
    document is deleted and UploadRefused raised: nothing is left behind."""
    from . import extraction
    from .tasks import extract_document, wait

    if not is_contributor(owner):
        raise NotAllowed(_("Verify your e-mail address before you upload documents."))
    limit = getattr(settings, "CONTRIBUTION_UPLOAD_MAX_BYTES", 10 * 2**20)
    if len(data) > limit:
        raise UploadRefused(
            "too_large",
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(data) / 2**20, 1), "limit": round(limit / 2**20, 1)},
            413,
        )
    try:
        media_type = extraction.media_type_of(data, filename)
    except extraction.ExtractionError as error:
        raise UploadRefused(error.code, error.message, error.status) from error
    document = Document.objects.create(
        owner=owner,
        title=(title or "").strip()[:300] or filename.rsplit(".", 1)[0][:300] or filename,
        filename=filename[:255],
        media_type=media_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    result = extract_document.delay(document.pk, base64.b64encode(data).decode(), filename)
    wait(result)
    document.refresh_from_db()
    if document.state == Document.State.FAILED:
        code, _sep, message = document.error.partition(": ")
        document.delete()
        raise UploadRefused(code, message, 413 if code == "too_large" else 400)
    return document


def document_delete(*, document: Document, user) -> None:
    if document.owner_id != user.pk:
        raise NotAllowed(_("Only its owner deletes a document."))
    if document.quotes.exists():
        raise ValidationError(
            {"document": [_("A quote of a submission cites this document: remove it first.")]}
        )
    document.delete()
