"""Contributed practices on their way to the knowledge base: a submission holds what a
focal point proposes (its fields, in the shapes of the practices write API), the documents
it cites and the verbatim quotes that support its claims; reviewers move it from state to
state until it is published as a practice or rejected (docs/decisions/0018-contributions.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coherence.models import SourceDocument
from coherence.models.base import TimestampedModel, choices_constraint
from coherence.models.constraints import Check


class DocumentState(models.TextChoices):
    EXTRACTING = "extracting", _("Extracting text")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Document(TimestampedModel):
    """A source document a contributor uploaded: its extracted text, never the file
    itself (a hostile file leaves nothing behind). Private to its owner and the
    reviewers until a submission citing it is published, when it becomes a
    `coherence.SourceDocument`."""

    State = DocumentState

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="contributed_documents",
    )
    title = models.CharField(_("title"), max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(_("media type"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=DocumentState.choices, default=DocumentState.EXTRACTING
    )
    error = models.TextField(_("error"), blank=True)
    text = models.TextField(_("text"), blank=True)
    passages_count = models.PositiveIntegerField(_("passages"), null=True, blank=True)
    source = models.OneToOneField(
        SourceDocument,
        verbose_name=_("published as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributed_document",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("uploaded document")
        verbose_name_plural = _("uploaded documents")
        constraints = [
            choices_constraint("state", DocumentState, "document_state_valid"),
            Check(
                condition=~models.Q(state=DocumentState.READY) | ~models.Q(text=""),
                name="document_ready_has_text",
            ),
        ]

    def __str__(self):
        return self.title or self.filename

    @property
    def is_ready(self) -> bool:
        return self.state == DocumentState.READY


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


# The states in which the contributor may still edit a submission.
EDITABLE_STATES = frozenset({SubmissionState.DRAFT, SubmissionState.CHANGES_REQUESTED})


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The submissions `user` may see: their own; every one but drafts for a
        reviewer."""
        from accounts.roles import is_reviewer

        if not user.is_authenticated:
            return self.none()
        if is_reviewer(user):
            return self.filter(models.Q(owner=user) | ~models.Q(state=SubmissionState.DRAFT))
        return self.filter(owner=user)

    def queue(self):
        """The reviewers' queue: submissions waiting for a reviewer, oldest first."""
        return self.filter(state=SubmissionState.IN_REVIEW).order_by("submitted_at", "id")


class Submission(TimestampedModel):
    """A practice proposed by a contributor. `content` holds its fields in the shapes of
    the practices write API (`contributions.content`); `quotes` tie its claims to
    verbatim passages of documents."""

    State = SubmissionState

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributor"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    title = models.CharField(_("title"), max_length=255, blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason for rejection"), blank=True)
    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("published as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
    )

    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        permissions = [("review_submission", _("Can review submissions"))]
        constraints = [
            choices_constraint("state", SubmissionState, "submission_state_valid"),
            Check(
                condition=~models.Q(state=SubmissionState.REJECTED) | ~models.Q(reason=""),
                name="submission_rejected_has_reason",
            ),
            Check(
                condition=~models.Q(state=SubmissionState.PUBLISHED)
                | models.Q(practice__isnull=False),
                name="submission_published_has_practice",
            ),
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="submission_queue_idx")]

    def __str__(self):
        return self.title or str(_("Untitled submission"))

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class Quote(models.Model):
    """A verbatim quote supporting one claim of a submission, from an uploaded document
    or from a source already in the knowledge base (exactly one of the two)."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="quotes"
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("uploaded document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
    )
    source = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributed_quotes",
    )
    claim = models.CharField(
        _("claim"), max_length=60, default="summary", help_text=_("The field the quote supports.")
    )
    quote = models.TextField(_("quote"))
    locator = models.CharField(_("locator"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["submission", "position", "id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            Check(
                condition=models.Q(document__isnull=True, source__isnull=False)
                | models.Q(document__isnull=False, source__isnull=True),
                name="quote_one_document",
            ),
            Check(condition=~models.Q(quote=""), name="quote_not_empty"),
        ]

    def __str__(self):
        return self.quote[:80]

    @property
    def document_label(self) -> str:
        return str(self.document or self.source)


class Comment(models.Model):
    """A reviewer's (or the contributor's) remark on a submission, on one field or on the
    whole, made while it was at `version`."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="submission_comments",
    )
    field = models.CharField(_("field"), max_length=60, blank=True)
    text = models.TextField(_("comment"))
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            Check(condition=~models.Q(text=""), name="comment_not_empty"),
        ]

    def __str__(self):
        return self.text[:80]


class Transition(models.Model):
    """One change of a submission's state: who, when, from what to what, and why."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="submission_transitions",
    )
    source_state = models.CharField(_("from"), max_length=20, choices=SubmissionState.choices)
    target_state = models.CharField(_("to"), max_length=20, choices=SubmissionState.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.source_state} → {self.target_state}"


class Version(models.Model):
    """What a submission said when it was submitted for the `number`th time: its
    content and quotes, so a reviewer sees what changed since the last round."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    content = models.JSONField(_("content"))
    quotes = models.JSONField(_("quotes"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["submission", "number"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="version_submission_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.submission} v{self.number}"
