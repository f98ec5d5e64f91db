"""The `submissions/` views of the contributions API (`SubmissionViewSet`): listing and
reading submissions, creating and editing a draft, and the transitions (submit, request
changes, approve, reject) and comments."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.roles import is_reviewer

from .. import services
from ..models import Comment, Quote, Submission, SubmissionState, Transition
from ..serializers.reads import (
    CommentSerializer,
    SubmissionListSerializer,
    SubmissionSerializer,
)
from ..serializers.writes import (
    ApproveSerializer,
    CommentWriteSerializer,
    RejectSerializer,
    RequestChangesSerializer,
    SubmissionCreateSerializer,
    SubmissionUpdateSerializer,
    split_write,
)
from ..throttling import SubmissionThrottle
from .base import ContributionViewMixin
from .errors import ensure_contributor, ensure_may, ensure_may_edit

STATE_PARAMETER = OpenApiParameter(
    "state",
    str,
    enum=SubmissionState.values,
    description="Only the submissions in this state.",
)

TRANSITION_RESPONSES = {200: SubmissionSerializer}


class SubmissionViewSet(ContributionViewMixin, viewsets.GenericViewSet):
    """Submissions: a contributor's own; a reviewer's own and every one sent for review."""

    queryset = Submission.objects.all()
    serializer_class = SubmissionSerializer
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, SubmissionThrottle]

    def get_queryset(self):
        queryset = Submission.objects.visible_to(self.request.user).select_related(
            "owner", "practice"
        )
        if self.action == "list":
            return queryset
        return queryset.prefetch_related(
            Prefetch("quotes", Quote.objects.select_related("document", "source")),
            Prefetch("comments", Comment.objects.select_related("author")),
            Prefetch("transitions", Transition.objects.select_related("actor")),
        )

    def accepted_parameters(self):
        accepted = super().accepted_parameters()
        return accepted | {"state"} if self.action == "list" else accepted

    def get_serializer_class(self):
        return {
            "list": SubmissionListSerializer,
            "create": SubmissionCreateSerializer,
            "partial_update": SubmissionUpdateSerializer,
            "request_changes": RequestChangesSerializer,
            "approve": ApproveSerializer,
            "reject": RejectSerializer,
            "comments": CommentWriteSerializer,
        }.get(self.action, SubmissionSerializer)

    def answer(self, submission, code=status.HTTP_200_OK, headers=None):
        fresh = self.get_queryset().get(pk=submission.pk)
        data = SubmissionSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=code, headers=headers)

    @extend_schema(
        summary="Your submissions (a reviewer's: and every one sent for review)",
        parameters=[STATE_PARAMETER],
        responses={200: SubmissionListSerializer(many=True)},
    )
    def list(self, request):
        queryset = self.get_queryset()
        state = request.query_params.get("state")
        if state is not None:
            if state not in SubmissionState.values:
                listed = ", ".join(SubmissionState.values)
                raise exceptions.ValidationError({"state": [f"Unknown state; one of: {listed}."]})
            queryset = queryset.filter(state=state)
        page = self.paginate_queryset(queryset)
        data = SubmissionListSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(data.data)

    @extend_schema(summary="A submission", responses={200: SubmissionSerializer})
    def retrieve(self, request, pk=None):
        return Response(
            SubmissionSerializer(self.get_object(), context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Create a draft submission",
        description="The content fields in the shapes of the practices write API (all "
        "optional in a draft), and `quotes`, each verbatim in its document (an uploaded "
        "document's id, or a source's slug): a quote that is not is refused (400), naming "
        "it and the nearest passage. Needs a verified contributor.",
        request=SubmissionCreateSerializer,
        responses={201: SubmissionSerializer},
    )
    def create(self, request):
        ensure_contributor(request.user, _("Verify your e-mail address before you contribute."))
        form = SubmissionCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        content, quotes = split_write(form, request.data)
        submission = services.submission_create(
            owner=request.user,
            content=content,
            quotes=quotes,
            language=form.validated_data.get("language", "en"),
        )
        response = self.answer(submission, status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response

    @extend_schema(
        summary="Change your draft (or your submission sent back for changes)",
        description="The content fields given replace the stored ones, the others are "
        "kept; `quotes`, when given, replace all the quotes.",
        request=SubmissionUpdateSerializer,
        responses={200: SubmissionSerializer},
    )
    def partial_update(self, request, pk=None):
        submission = self.get_object()
        ensure_may_edit(submission, request.user)
        form = SubmissionUpdateSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        content, quotes = split_write(form, request.data)
        submission = services.submission_update(
            submission=submission, user=request.user, content=content or None, quotes=quotes
        )
        return self.answer(submission)

    @extend_schema(
        summary="Send your submission for review",
        description="From `draft` or `changes_requested` to `in_review`; a submission that "
        "is not complete (required fields, at least one quote) is refused by field (400).",
        request=None,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        ensure_may(submission, request.user, "submit")
        return self.answer(services.submit(submission=submission, user=request.user))

    @extend_schema(
        summary="Send a submission back to its contributor for changes (reviewers)",
        description="From `in_review` to `changes_requested`, with the comment.",
        request=RequestChangesSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        submission = self.get_object()
        ensure_may(submission, request.user, "request_changes")
        form = RequestChangesSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self.answer(
            services.request_changes(
                submission=submission, user=request.user, comment=form.validated_data["comment"]
            )
        )

    @extend_schema(
        summary="Approve and publish a submission (reviewers)",
        description="From `in_review` to `published`: the practice is created with its "
        "citations (and its proposed institutions and tools, unless `merges` names the "
        "existing record each is merged into), in one transaction.",
        request=ApproveSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        submission = self.get_object()
        ensure_may(submission, request.user, "approve")
        form = ApproveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        merges = {
            kind: {str(key): value for key, value in mapping.items()}
            for kind, mapping in form.validated_data.get("merges", {}).items()
        }
        return self.answer(
            services.approve(
                submission=submission,
                user=request.user,
                comment=form.validated_data.get("comment", ""),
                merges=merges,
            )
        )

    @extend_schema(
        summary="Reject a submission (reviewers)",
        description="From `in_review` or `changes_requested` to `rejected`, with the reason.",
        request=RejectSerializer,
        responses=TRANSITION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        submission = self.get_object()
        ensure_may(submission, request.user, "reject")
        form = RejectSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self.answer(
            services.reject(
                submission=submission, user=request.user, reason=form.validated_data["reason"]
            )
        )

    @extend_schema(
        summary="Comment on a submission (its contributor or a reviewer)",
        description="On one field (`field`) or the whole.",
        request=CommentWriteSerializer,
        responses={201: CommentSerializer},
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        submission = self.get_object()
        if not (is_reviewer(request.user) or submission.owner_id == request.user.pk):
            raise services.NotAllowed(_("Only the contributor and the reviewers comment."))
        form = CommentWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        comment = services.comment_add(
            submission=submission,
            user=request.user,
            text=form.validated_data["text"],
            field=form.validated_data.get("field", ""),
        )
        return Response(
            CommentSerializer(comment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
