"""The contributor's pages: start a submission, the guided form in six steps (each a
plain form POST that saves the draft), one's submissions, and a submission's state,
comments and history. Without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rest_framework.exceptions import ValidationError as ApiValidationError

from accounts.roles import is_contributor

from .. import services
from ..forms import UploadForm
from ..models import Document, Submission
from .common import (
    FIELD_STEP,
    PrivatePage,
    errors_by_field,
    field_label,
    flat_messages,
    refuse,
    shown_fields,
)
from .steps import STEPS, blank_rows


class StartView(TemplateView):
    """What contributing is; sign in or sign up (anonymous), verify one's address
    (unverified), or start a submission (a verified contributor: POST creates a draft)."""

    template_name = "contributions/start.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            robots_noindex=user.is_authenticated,
            can_contribute=is_contributor(user),
            submissions=(
                Submission.objects.filter(owner=user)[:5] if user.is_authenticated else []
            ),
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            submission = services.submission_create(
                owner=request.user, content={}, language=get_language() or "en"
            )
        except services.NotAllowed as error:
            return refuse(request, str(error), 403)
        return redirect("contributions:step", pk=submission.pk, step=1)


class MineView(PrivatePage, TemplateView):
    template_name = "contributions/mine.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submissions"] = Submission.objects.filter(owner=self.request.user).order_by(
            "-updated_at", "-id"
        )
        return context


def own_submission(request, pk) -> Submission:
    """The user's own submission; 404 for anyone else's (its existence is not told)."""
    submission = Submission.objects.filter(pk=pk, owner=request.user).first()
    if submission is None:
        raise Http404(_("No submission of yours has this number."))
    return submission


class SubmissionView(PrivatePage, TemplateView):
    """A submission as its contributor sees it: its state, the reviewers' comments (by
    field and general), its history, and links to edit it while it is editable."""

    template_name = "contributions/submission.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = own_submission(self.request, kwargs["pk"])
        comments = list(submission.comments.select_related("author").order_by("created_at"))
        by_field = {}
        for comment in comments:
            by_field.setdefault(comment.field, []).append(comment)
        fields = shown_fields(submission.content)
        context.update(
            submission=submission,
            fields=[(field, by_field.get(field.name, [])) for field in fields],
            general_comments=by_field.get("", []),
            quote_comments=by_field.get("quotes", []),
            quotes=submission.quotes.select_related("document", "source"),
            transitions=submission.transitions.select_related("actor").order_by("at", "id"),
            editable=services.can_edit(submission, self.request.user),
            steps=STEPS,
        )
        return context


class StepView(PrivatePage, TemplateView):
    """One step of the guided form. POST `go`: `back`, `next`, `save`, `add-<list>` (save,
    then show the list with one more empty row), `upload` (step 5), `submit` (step 6)."""

    template_name = "contributions/step.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.submission = own_submission(request, kwargs["pk"])
        number = kwargs["step"]
        if number not in STEPS:
            raise Http404(_("There is no such step."))
        if not self.submission.is_editable:
            messages.info(
                request,
                _("This submission is %(state)s: it can no longer be edited.")
                % {"state": self.submission.get_state_display().lower()},
            )
            return redirect("contributions:submission", pk=self.submission.pk)
        self.step = STEPS[number](self.submission, request.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render(self.step.build())

    def render(self, built, *, status=200, upload_form=None, left=(), problems=None):
        step = self.step
        errors = self.error_summary(built, upload_form, left)
        context = self.get_context_data(
            submission=self.submission,
            step=step,
            steps=[(number, cls.title) for number, cls in STEPS.items()],
            built=built,
            errors=errors,
            upload_form=upload_form or UploadForm(),
        )
        if step.number == 5:
            context["documents"] = Document.objects.filter(owner=self.request.user)
        if step.number == 6:
            context["fields"] = shown_fields(self.submission.content)
            context["quotes"] = self.submission.quotes.select_related("document", "source")
            found = (
                problems if problems is not None else services.submission_problems(self.submission)
            )
            context["problems"] = [
                (field_label(field), FIELD_STEP.get(field, 6), message)
                for field, message in flat_messages(found)
            ]
        return self.render_to_response(context, status=status)

    def error_summary(self, built, upload_form, left):
        """(message, anchor) of every error on the page, for the summary at its top."""
        summary = []
        forms_ = list(built.items())
        if upload_form is not None:
            forms_.append(("upload", upload_form))
        for name, form in forms_:
            if hasattr(form, "forms"):
                for message in getattr(form, "general_errors", []) + list(form.non_form_errors()):
                    summary.append((f"{field_label(name)}: {message}", f"#fieldset-{name}"))
                for index, row in enumerate(form.forms):
                    for field, texts in row.errors.items():
                        anchor = (
                            f"#{row[field].id_for_label}"
                            if field in row.fields
                            else f"#fieldset-{name}"
                        )
                        for text in texts:
                            summary.append(
                                (
                                    _("%(list)s, row %(n)d: %(message)s")
                                    % {"list": field_label(name), "n": index + 1, "message": text},
                                    anchor,
                                )
                            )
            else:
                for field, texts in form.errors.items():
                    anchor = (
                        f"#{form[field].id_for_label or 'fs-' + field}"
                        if field in form.fields
                        else "#step"
                    )
                    label = form.fields[field].label if field in form.fields else ""
                    for text in texts:
                        summary.append((f"{label}: {text}" if label else text, anchor))
        for field, message in flat_messages(dict(left)):
            summary.append((f"{field_label(field)}: {message}", "#step"))
        return summary

    def post(self, request, *args, **kwargs):
        go = request.POST.get("go", "save")
        if go == "upload" and self.step.number == 5:
            return self.upload()
        if go == "submit" and self.step.number == 6:
            return self.submit()
        if self.step.number == 6:
            return self.move(go)
        built = self.step.build(data=request.POST)
        if not self.step.valid(built):
            return self.render(built, status=400)
        content = self.step.to_content(built)
        quotes = self.step.quotes(built)
        if self.step.number == 5 and quotes is None:
            return self.render(built, status=400)
        try:
            services.submission_update(
                submission=self.submission,
                user=request.user,
                content=content or None,
                quotes=quotes,
            )
        except (ValidationError, ApiValidationError) as error:
            left = self.step.attach(built, errors_by_field(error))
            return self.render(built, status=400, left=left)
        except services.WrongState as error:
            return refuse(request, str(error), 409)
        if go.startswith("add-"):
            name = go[4:]
            if name in built and hasattr(built[name], "forms"):
                self.submission.refresh_from_db()
                self.step = STEPS[self.step.number](self.submission, request.user)
                extra = {name: max(2, blank_rows(built[name]) + 1)}
                return self.render(self.step.build(extra=extra))
        messages.success(request, _("Your draft is saved."))
        return self.move(go)

    def move(self, go):
        number = self.step.number
        if go == "back" and number > 1:
            number -= 1
        elif go == "next" and number < len(STEPS):
            number += 1
        return redirect("contributions:step", pk=self.submission.pk, step=number)

    def upload(self):
        form = UploadForm(self.request.POST, self.request.FILES)
        built = self.step.build()
        if not form.is_valid():
            return self.render(built, status=400, upload_form=form)
        upload = form.cleaned_data["file"]
        try:
            document = services.document_upload(
                owner=self.request.user,
                data=upload.read(),
                filename=upload.name,
                title=form.cleaned_data["title"],
            )
        except services.UploadRefused as refused:
            form.add_error("file", refused.message)
            return self.render(built, status=refused.status, upload_form=form)
        except services.NotAllowed as error:
            return refuse(self.request, str(error), 403)
        messages.success(
            self.request,
            _("“%(title)s” is uploaded: %(count)s passages. Quote it below.")
            % {"title": document, "count": document.passages_count or 0},
        )
        return redirect("contributions:step", pk=self.submission.pk, step=5)

    def submit(self):
        try:
            services.submit(submission=self.submission, user=self.request.user)
        except ValidationError as error:
            self.submission.refresh_from_db()
            return self.render({}, status=400, problems=errors_by_field(error))
        except services.WrongState as error:
            return refuse(self.request, str(error), 409)
        except services.NotAllowed as error:
            return refuse(self.request, str(error), 403)
        messages.success(
            self.request,
            _(
                "Your submission is sent to the reviewers. You will receive an e-mail when they decide."
            ),
        )
        return redirect("contributions:submission", pk=self.submission.pk)
