"""The reviewers' pages: the queue, a submission under review (its fields with their
comments, its quotes in their documents, the changes since the last version, the
proposed records, and the decision forms), and an uploaded document read whole."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.roles import is_reviewer

from .. import services
from ..forms import ApproveForm, CommentForm, RejectForm, RequestChangesForm
from ..models import Document, Submission, SubmissionState
from .common import FIELDS, PrivatePage, errors_by_field, field_label, refuse, shown_fields
from .passages import quote_in_context, version_changes, whole_document

State = SubmissionState

# The queue's tabs: the state shown, and its label.
TABS = [
    (State.IN_REVIEW, gettext_lazy("Waiting for review")),
    (State.CHANGES_REQUESTED, gettext_lazy("Changes requested")),
    (State.PUBLISHED, gettext_lazy("Published")),
    (State.REJECTED, gettext_lazy("Rejected")),
]


class ReviewerPage(PrivatePage):
    """Reviewers only: anonymous users are sent to sign in, others are refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_reviewer(request.user):
            return refuse(request, _("Only reviewers see this page."), 403)
        return super().dispatch(request, *args, **kwargs)


class QueueView(ReviewerPage, TemplateView):
    template_name = "contributions/review_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", State.IN_REVIEW)
        if state not in dict(TABS):
            state = State.IN_REVIEW
        submissions = Submission.objects.visible_to(self.request.user).select_related(
            "owner", "owner__profile"
        )
        counts = dict(
            submissions.values_list("state").annotate(n=Count("id")).values_list("state", "n")
        )
        shown = (
            submissions.queue()
            if state == State.IN_REVIEW
            else submissions.filter(state=state).order_by("-updated_at", "-id")
        )
        context.update(
            state=state,
            tabs=[(value, label, counts.get(value, 0)) for value, label in TABS],
            submissions=shown,
        )
        return context


def reviewable(request, pk) -> Submission:
    submission = (
        Submission.objects.visible_to(request.user)
        .select_related("owner", "practice")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404(_("No submission with this number is open to review."))
    return submission


class ReviewView(ReviewerPage, TemplateView):
    """GET: the submission for review. POST `action`: `comment` (on a field or the
    whole), `request_changes`, `approve`, `reject`."""

    template_name = "contributions/review.html"

    def get(self, request, *args, **kwargs):
        return self.show(reviewable(request, kwargs["pk"]))

    def show(self, submission, *, status=200, **forms):
        user = self.request.user
        actions = services.allowed_actions(submission, user)
        proposals = {
            kind: submission.content.get(kind, [])
            for kind in ("proposed_institutions", "proposed_tools")
            if submission.content.get(kind)
        }
        comments = list(submission.comments.select_related("author").order_by("created_at"))
        by_field = {}
        for comment in comments:
            by_field.setdefault(comment.field, []).append(comment)
        comment_field = forms.pop("comment_field", None)
        comment_form = forms.pop("comment_form", None)
        fields = []
        for field in shown_fields(submission.content):
            form = comment_form if comment_field == field.name else None
            fields.append((field, by_field.get(field.name, []), form))
        quotes = []
        for position, quote in enumerate(submission.quotes.select_related("document", "source")):
            if quote.document_id:
                full = reverse(
                    "contributions:review-document",
                    kwargs={"pk": submission.pk, "document": quote.document_id},
                )
            else:
                full = reverse("coherence:source-detail", kwargs={"slug": quote.source.slug})
            shown = quote_in_context(quote, prefix=f"q{position + 1}", full_url=full)
            if quote.locator or shown.anchor:
                anchor = shown.anchor.split("-", 1)[-1] if shown.anchor else ""
                shown.full_url = f"{full}#{anchor}" if anchor else full
            quotes.append(shown)
        versions = list(submission.versions.order_by("number"))
        changes = version_changes(versions[-2], versions[-1]) if len(versions) >= 2 else None
        empty = [
            field.label for field, comments, form in fields if not (field.value or comments or form)
        ]
        context = self.get_context_data(
            submission=submission,
            empty_fields=empty,
            actions=actions,
            own=submission.owner_id == user.pk,
            fields=fields,
            general_comments=by_field.get("", []),
            quote_comments=by_field.get("quotes", []),
            quotes=quotes,
            versions=versions,
            changes=changes,
            transitions=submission.transitions.select_related("actor").order_by("at", "id"),
            general_form=(comment_form if comment_field == "" else None) or CommentForm(),
            quotes_form=(comment_form if comment_field == "quotes" else None) or CommentForm(),
            changes_form=forms.get("changes_form") or RequestChangesForm(),
            approve_form=forms.get("approve_form") or ApproveForm(proposals=proposals),
            reject_form=forms.get("reject_form") or RejectForm(),
            problems=forms.get("problems"),
            organisation=getattr(getattr(submission.owner, "profile", None), "organisation", ""),
        )
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        submission = reviewable(request, kwargs["pk"])
        action = request.POST.get("action", "")
        handlers = {
            "comment": self.comment,
            "request_changes": self.request_changes,
            "approve": self.approve,
            "reject": self.reject,
        }
        if action not in handlers:
            return refuse(request, _("Unknown action."), 400)
        try:
            return handlers[action](submission)
        except services.NotAllowed as error:
            return refuse(request, str(error), 403)
        except services.WrongState as error:
            return refuse(request, str(error), 409)

    def done(self, submission, message):
        messages.success(self.request, message)
        return redirect("contributions:review", pk=submission.pk)

    def comment(self, submission):
        form = CommentForm(self.request.POST)
        field = self.request.POST.get("field", "")
        if field not in ("", *FIELDS):
            return refuse(self.request, _("Unknown field."), 400)
        if not form.is_valid():
            return self.show(submission, status=400, comment_field=field, comment_form=form)
        try:
            services.comment_add(
                submission=submission,
                user=self.request.user,
                text=form.cleaned_data["text"],
                field=field,
            )
        except ValidationError as error:
            form.add_error("text", errors_by_field(error).get("text", error.messages))
            return self.show(submission, status=400, comment_field=field, comment_form=form)
        return self.done(submission, _("Your comment on “%s” is saved.") % field_label(field))

    def request_changes(self, submission):
        form = RequestChangesForm(self.request.POST)
        if not form.is_valid():
            return self.show(submission, status=400, changes_form=form)
        try:
            services.request_changes(
                submission=submission, user=self.request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error("comment", error.messages)
            return self.show(submission, status=400, changes_form=form)
        return self.done(submission, _("The submission is sent back to its contributor."))

    def approve(self, submission):
        proposals = {
            kind: submission.content.get(kind, [])
            for kind in ("proposed_institutions", "proposed_tools")
            if submission.content.get(kind)
        }
        form = ApproveForm(self.request.POST, proposals=proposals)
        if not form.is_valid():
            return self.show(submission, status=400, approve_form=form)
        try:
            services.approve(
                submission=submission,
                user=self.request.user,
                comment=form.cleaned_data["comment"],
                merges=form.merges(),
            )
        except ValidationError as error:
            problems = [
                f"{field_label(field)}: {message}"
                for field, messages_ in errors_by_field(error).items()
                for message in messages_
            ]
            return self.show(submission, status=400, approve_form=form, problems=problems)
        return self.done(submission, _("The submission is published."))

    def reject(self, submission):
        form = RejectForm(self.request.POST)
        if not form.is_valid():
            return self.show(submission, status=400, reject_form=form)
        try:
            services.reject(
                submission=submission, user=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error.messages)
            return self.show(submission, status=400, reject_form=form)
        return self.done(submission, _("The submission is rejected."))


class ReviewDocumentView(ReviewerPage, TemplateView):
    """An uploaded document a submission cites, read whole, its quoted passages marked."""

    template_name = "contributions/review_document.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = reviewable(self.request, kwargs["pk"])
        document = Document.objects.filter(
            pk=kwargs["document"], quotes__submission=submission
        ).first()
        if document is None or not document.text:
            raise Http404(_("This submission cites no such document."))
        context.update(
            submission=submission,
            document=document,
            passages=whole_document(document, submission.quotes.filter(document=document)),
        )
        return context
