"""The `documents/` views of the contributions API (`DocumentViewSet`): a user's uploaded
source documents, with their passages; uploading one, deleting one."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .. import services
from ..models import Document
from ..serializers.documents import (
    DocumentDetailSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
)
from ..throttling import UploadThrottle
from .base import ContributionViewMixin
from .errors import StateConflict, ensure_contributor

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
