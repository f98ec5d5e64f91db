"""The API's shapes of a submission's writes: its content (in the shapes of the practices
write API, `contributions.content`) with its quotes, creating and editing it; the bodies of
the transitions (request changes, approve, reject) and of a comment. A value not of the
JSON type the schema gives its field is refused, by field (`StrictTypesMixin`)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coherence.serializers import StrictFieldsMixin

from .. import services
from ..content import CLAIMS, ContentSerializer

# Writes: JSON types as the schema gives them -------------------------------------------------


def type_errors(field, value):
    """The reasons `value` is not of the JSON type the schema gives `field` (a list for a
    field, a mapping for nested ones; empty when none): DRF alone would take `2015` for
    `"2015"` and `"2015"` for `2015`, which a client reading the schema must not rely on."""
    if value is None:
        return []  # null: the field's own `allow_null` decides
    if isinstance(field, serializers.ListSerializer | serializers.ListField):
        child = field.child
        if not isinstance(value, list):
            return []  # the field's own message
        errors = {str(i): e for i, item in enumerate(value) if (e := type_errors(child, item))}
        return errors or []
    if isinstance(field, serializers.ManyRelatedField):
        if not isinstance(value, list):
            return []
        errors = {
            str(i): e
            for i, item in enumerate(value)
            if (e := type_errors(field.child_relation, item))
        }
        return errors or []
    if isinstance(field, serializers.DictField):
        if not isinstance(value, dict):
            return []
        errors = {str(k): e for k, item in value.items() if (e := type_errors(field.child, item))}
        return errors or []
    if isinstance(field, serializers.Serializer):
        if not isinstance(value, dict):
            return []
        errors = {
            name: e
            for name, child in field.fields.items()
            if name in value and (e := type_errors(child, value[name]))
        }
        return errors or []
    if isinstance(field, serializers.IntegerField) or (
        isinstance(field, serializers.SlugRelatedField) and field.slug_field == "number"
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            return ["A valid integer is required."]
        return []
    stringly = (serializers.CharField, serializers.ChoiceField, serializers.SlugRelatedField)
    if isinstance(field, stringly) and not isinstance(value, str):
        return ["Not a valid string."]
    return []


class StrictTypesMixin:
    """A write whose values are not of their JSON type is refused, by field."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = type_errors(self, data)
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


# Submissions: writes -----------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1, "description": "An uploaded document's id."},
            {"type": "string", "minLength": 1, "description": "A source's slug."},
        ]
    }
)
class DocumentReferenceField(serializers.Field):
    """The document a quote is from: an uploaded document's id (an integer), or the slug
    of a source already in the knowledge base (a string)."""

    default_error_messages = {
        "invalid": "Give an uploaded document's id (an integer) or a source's slug (a string)."
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or data in ("", 0):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class QuoteWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    document = DocumentReferenceField()
    quote = serializers.CharField(
        max_length=5000, help_text="Verbatim from the document (after the seed's normalisation)."
    )
    claim = serializers.ChoiceField(
        choices=list(CLAIMS),
        default="summary",
        help_text="The field of the submission the quote supports.",
    )


class SubmissionUpdateSerializer(StrictTypesMixin, ContentSerializer):
    """A change to a draft (or a submission sent back for changes): the content fields
    given replace the stored ones, the others are kept; `quotes`, when given, replace
    all of them."""

    quotes = QuoteWriteSerializer(many=True, required=False)


class SubmissionCreateSerializer(SubmissionUpdateSerializer):
    """A new draft: any of the content fields (a draft may be incomplete; it must be
    complete to be submitted), its quotes, and the language it is written in."""

    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES],
        required=False,
        help_text="The language the submission is written in (default: `en`).",
    )


def split_write(serializer, data: dict) -> tuple[dict, list[services.QuoteData] | None]:
    """A validated write's content (the fields as sent, which the services validate and
    store) and its quotes (None when not given)."""
    content_fields = set(ContentSerializer().fields)
    content = {name: value for name, value in data.items() if name in content_fields}
    quotes = serializer.validated_data.get("quotes")
    if quotes is not None:
        quotes = [services.QuoteData(q["document"], q["quote"], q["claim"]) for q in quotes]
    return content, quotes


class RequestChangesSerializer(StrictTypesMixin, StrictFieldsMixin, serializers.Serializer):
    comment = serializers.CharField(
        max_length=20000, help_text="What should change (sent to the contributor)."
    )


class RejectSerializer(StrictTypesMixin, StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=20000, help_text="Why the submission is rejected (sent to the contributor)."
    )


class MergesSerializer(StrictFieldsMixin, serializers.Serializer):
    proposed_institutions = serializers.DictField(
        child=serializers.SlugField(),
        required=False,
        help_text="For a proposed institution (by its position, from 0), the slug of the "
        "existing institution it is merged into (created otherwise).",
    )
    proposed_tools = serializers.DictField(
        child=serializers.SlugField(),
        required=False,
        help_text="For a proposed tool (by its position, from 0), the slug of the existing "
        "tool it is merged into (created otherwise).",
    )


class ApproveSerializer(StrictTypesMixin, StrictFieldsMixin, serializers.Serializer):
    comment = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    merges = MergesSerializer(required=False)


class CommentWriteSerializer(StrictTypesMixin, StrictFieldsMixin, serializers.Serializer):
    field = serializers.ChoiceField(
        choices=[*ContentSerializer().fields, "quotes"],
        required=False,
        allow_blank=True,
        help_text="The field commented on (the whole submission when left out).",
    )
    text = serializers.CharField(max_length=20000)
