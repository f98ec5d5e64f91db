"""The contributions API for partner systems (issue 23; docs/api.md, "Contributions"):
`documents/` (upload a source document, read its passages) and `submissions/` (create a
draft with verbatim quotes, edit it, send it for review; reviewers request changes,
approve or reject it). Every write goes through `contributions.services`, which decide
who may do what; the views map their refusals onto the API's errors:

- no token: 401; a user who may not see the submission (a draft of someone else): 404;
  who sees it but may not do this (a contributor approving, a reviewer editing): 403,
  naming why; a state the action does not apply to: 409 with `state`, the current one;
- invalid content, a quote not verbatim, an incomplete submission sent: 400 by field;
- an upload refused: 400 or 413 with `code` and the problem named.

Nothing here is kept by the shared response cache: every answer is a user's own
(`Cache-Control: private, no-store`). Sessions are not accepted (tokens only, as the rest
of the API).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.roles import is_contributor, is_reviewer
from coherence.problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from coherence.problems import NON_FIELD
from coherence.rest.languages import CONTENT_LANGUAGE_HEADER
from coherence.rest.schema import SECURITY_SCHEME, ApiAutoSchema
from coherence.rest.viewsets import ApiViewMixin

from . import services
from .models import Comment, Document, Quote, Submission, SubmissionState, Transition
from .serializers import (
    ApproveSerializer,
    CommentSerializer,
    CommentWriteSerializer,
    DocumentDetailSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
    RejectSerializer,
    RequestChangesSerializer,
    SubmissionCreateSerializer,
    SubmissionListSerializer,
    SubmissionSerializer,
    SubmissionUpdateSerializer,
    split_write,
)
from .throttling import SubmissionThrottle, UploadThrottle

# Errors ------------------------------------------------------------------------------------


class StateConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The submission's state does not allow this."


class Refused(exceptions.APIException):
    """An upload refused (`services.UploadRefused`), with its status."""

    def __init__(self, refused: services.UploadRefused):
        super().__init__(refused.message)
        self.status_code = refused.status


def api_exception(exc):
    """The API exception of a refusal of `contributions.services`, and the members its
    problem details add (`state`, `code`); (exc, {}) for any other exception."""
    if isinstance(exc, services.WrongState):
        return StateConflict(str(exc)), {"state": exc.state}
    if isinstance(exc, services.NotAllowed):
        return exceptions.PermissionDenied(str(exc)), {}
    if isinstance(exc, services.UploadRefused):
        return Refused(exc), {"code": exc.code}
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail), {}
    return exc, {}


def ensure_may(submission: Submission, user, action_name: str) -> None:
    """Before a transition's body is read: NotAllowed (403) when the user may not make it
    whatever the state, WrongState (409) when they may but not in this state."""
    if action_name in services.allowed_actions(submission, user):
        return
    _sources, _target, review = services.TRANSITIONS[action_name]
    owner = submission.owner_id == user.pk
    if review:
        if owner and is_reviewer(user):
            raise services.NotAllowed(_("A reviewer does not review their own submission."))
        if not is_reviewer(user):
            raise services.NotAllowed(_("Only a reviewer can do this."))
    elif not owner:
        raise services.NotAllowed(_("Only the contributor can do this."))
    raise services.WrongState(submission, action_name)


def ensure_may_edit(submission: Submission, user) -> None:
    if submission.owner_id != user.pk:
        raise services.NotAllowed(_("Only the contributor edits a submission."))
    if not submission.is_editable:
        raise services.WrongState(submission, "edit")


def ensure_contributor(user, message: str) -> None:
    if not is_contributor(user):
        raise services.NotAllowed(message)


# The OpenAPI schema --------------------------------------------------------------------------

STATE_PROBLEM = {
    "allOf": [
        {"$ref": "#/components/schemas/Problem"},
        {
            "type": "object",
            "properties": {
                "state": {
                    "allOf": [{"$ref": "#/components/schemas/SubmissionStateEnum"}],
                    "description": "The submission's current state.",
                }
            },
            "required": ["state"],
        },
    ]
}
UPLOAD_PROBLEM = {
    "allOf": [
        {"$ref": "#/components/schemas/Problem"},
        {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "description": "The problem, for programs: `too_large`, `empty`, "
                    "`unsupported_type`, `type_mismatch`, `encrypted`, `malformed`, "
                    "`too_many_pages`, `no_text`, `timeout`...",
                }
            },
        },
    ]
}


class ContributionsSchema(ApiAutoSchema):
    """The API's schema, with what differs for a user's own records: every operation,
    reads too, needs the token; a user sees only what is theirs (or, a reviewer, what is
    in review); the state conflicts and the upload refusals have their own problems."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        operation["security"] = [{SECURITY_SCHEME: []}]
        responses = operation["responses"]
        problem = {"$ref": "#/components/schemas/Problem"}

        def declare(code, description, schema=problem):
            content = {PROBLEM_MEDIA_TYPE: {"schema": schema}}
            headers = responses.get(code, {}).get("headers")
            responses[code] = {"description": description, "content": content}
            if headers:
                responses[code]["headers"] = headers

        declare("401", "No token, or an invalid or expired one.")
        if "{id}" in path:
            declare(
                "404",
                "No such record, or not one the token's user may see (another "
                "contributor's submission or document, a draft).",
            )
        if method != "GET":
            declare(
                "403",
                "The token's user may not do this: not a verified contributor (creating), "
                "not the contributor (editing, submitting), not a reviewer, or the reviewer "
                "of their own submission (the detail says which).",
            )
        for name, schema in (("StateProblem", STATE_PROBLEM), ("UploadProblem", UPLOAD_PROBLEM)):
            registry.register_on_missing(
                ResolvedComponent(
                    name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
                )
            )
        transition = path.startswith("/api/v1/submissions/{id}/") and method == "POST"
        if (transition and not path.endswith("/comments/")) or (
            method == "PATCH" and path.startswith("/api/v1/submissions/")
        ):
            declare(
                "409",
                "The submission's state does not allow this: `state` names the current one.",
                {"$ref": "#/components/schemas/StateProblem"},
            )
        if path == "/api/v1/documents/" and method == "POST":
            upload = {"$ref": "#/components/schemas/UploadProblem"}
            declare(
                "400",
                "The file is refused (empty, of a type not taken, not what its name says, "
                "encrypted, malformed, with no text, too many pages), or the form is "
                "invalid: `code` and `detail` name the problem, `errors` the fields.",
                upload,
            )
            declare(
                "413",
                "The file is larger than the limit (`code`: `too_large`).",
                upload,
            )
            declare("415", "The request body is not `multipart/form-data`.")
        if path == "/api/v1/documents/{id}/" and method == "DELETE":
            declare("409", "A submission quotes the document: remove its quotes first.")
        for code, response in responses.items():
            if code != "304":  # every answer says its language, as the API's others
                response.setdefault("headers", {}).update(CONTENT_LANGUAGE_HEADER)
        return operation


# Views ---------------------------------------------------------------------------------------


class ContributionViewMixin(ApiViewMixin):
    permission_classes = [IsAuthenticated]
    schema = ContributionsSchema()
    cache_responses = False
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def handle_exception(self, exc):
        exc, members = api_exception(exc)
        response = super().handle_exception(exc)
        if members and isinstance(response.data, dict):
            response.data.update(members)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A user's own records: never kept by a shared cache (ours, or one on the way).
        response["Cache-Control"] = "private, no-store"
        return response


DOCUMENT_RESPONSES = {
    201: OpenApiResponse(DocumentSerializer, description="Uploaded, its text extracted."),
    202: OpenApiResponse(
        DocumentSerializer,
        description="Uploaded; its text is still being extracted (`state`: `extracting`): "
        "read it again until it is `ready` (or gone: it could not be read).",
    ),
}


class DocumentViewSet(
    ContributionViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The token's user's uploaded source documents."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, UploadThrottle]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        return Document.objects.filter(owner=self.request.user).select_related("source")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return DocumentDetailSerializer
        if self.action == "create":
            return DocumentUploadSerializer
        return DocumentSerializer

    @extend_schema(summary="Your uploaded documents", operation_id="documents_list")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One of your uploaded documents, with its passages")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Upload a source document",
        description="A PDF, Word (DOCX) or plain-text file, as `multipart/form-data` "
        "(`file`, and an optional `title`). Its type is read from its content; its text is "
        "extracted and split into passages, which quotes are then checked against. A "
        "file that cannot be read is refused, naming the problem, and nothing is kept.",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses=DOCUMENT_RESPONSES,
    )
    def create(self, request, *args, **kwargs):
        ensure_contributor(
            request.user, _("Verify your e-mail address before you upload documents.")
        )
        form = DocumentUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        limit = settings.CONTRIBUTION_UPLOAD_MAX_BYTES
        if upload.size > limit:  # refused before it is read
            raise services.UploadRefused(
                "too_large",
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 2**20, 1), "limit": round(limit / 2**20, 1)},
                413,
            )
        document = services.document_upload(
            owner=request.user,
            data=upload.read(),
            filename=upload.name or "upload",
            title=form.validated_data.get("title", ""),
        )
        data = DocumentSerializer(document, context=self.get_serializer_context()).data
        answer = status.HTTP_201_CREATED if document.is_ready else status.HTTP_202_ACCEPTED
        return Response(data, status=answer, headers={"Location": data["url"]})

    @extend_schema(
        summary="Delete one of your uploaded documents",
        description="Refused (409) while a quote of a submission cites it.",
    )
    def destroy(self, request, *args, **kwargs):
        document = self.get_object()
        try:
            services.document_delete(document=document, user=request.user)
        except DjangoValidationError as error:
            raise StateConflict(" ".join(error.messages)) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


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
