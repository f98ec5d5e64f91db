"""The API's shapes of uploaded documents: a document (and with its passages, which
quotes are checked against), and the multipart upload."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coherence.serializers import StrictFieldsMixin
from coherence.splitting import reading_passages

from ..models import Document
from .fields import DetailUrlField


class DocumentSerializer(serializers.ModelSerializer):
    """An uploaded document: its text is extracted (`state`: `extracting`, then `ready`)
    and split into passages that quotes are checked against."""

    url = DetailUrlField("api:document-detail")
    passages_count = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Passages of the text (null while extracting)."
    )
    pages = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="A PDF's pages (null otherwise)."
    )
    source = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The source of the knowledge base it became once a submission citing it "
        "was published (null before).",
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "url",
            "title",
            "filename",
            "media_type",
            "size",
            "pages",
            "state",
            "passages_count",
            "source",
            "created_at",
        ]
        read_only_fields = fields


class DocumentPassageSerializer(serializers.Serializer):
    locator = serializers.CharField(help_text="Where the passage is (`p. 2, para. 3`).")
    text = serializers.CharField()


class DocumentDetailSerializer(DocumentSerializer):
    passages = serializers.SerializerMethodField(
        help_text="The passages of its text, in order: what a quote must be verbatim in."
    )

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "passages"]
        read_only_fields = fields

    @extend_schema_field(DocumentPassageSerializer(many=True))
    def get_passages(self, document):
        if not document.is_ready:
            return []
        return [{"locator": p.locator, "text": p.text} for p in reading_passages(document.text)]


class DocumentUploadSerializer(StrictFieldsMixin, serializers.Serializer):
    """A multipart upload: the file (PDF, Word DOCX or plain text), and a title."""

    file = serializers.FileField(
        help_text="A PDF, Word (DOCX) or plain-text file; its type is read from its content.",
        allow_empty_file=True,  # an empty file is refused by the upload, naming the problem
    )
    title = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text="The document's title (default: the file's name).",
    )
