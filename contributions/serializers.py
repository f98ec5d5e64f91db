"""The API's shapes of contributions (`contributions.api`): uploaded documents, and
submissions with their quotes, comments and state changes. Writes take a submission's
content in the shapes of the practices write API (`contributions.content`); reads give it
back as stored, with what the requester may do next (`actions`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.roles import is_reviewer
from coherence.serializers import StrictFieldsMixin, absolute
from coherence.splitting import reading_passages

from . import services
from .content import CLAIMS, ContentSerializer
from .models import Document, SubmissionState

# Documents ---------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.URI)
class DetailUrlField(serializers.Field):
    """The record's API detail URL (`/api/v1/<prefix>/<id>/`)."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        path = reverse(self.view_name, kwargs={"pk": obj.pk})
        return absolute(self.context.get("request"), path)


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


# Submissions: reads ------------------------------------------------------------------------


def person(user) -> str:
    """How the API names a person: their full name, else their user name."""
    return (user.get_full_name() or "").strip() or user.get_username()


class QuoteSerializer(serializers.Serializer):
    document = serializers.SerializerMethodField(
        help_text="The uploaded document's id, or the source's slug."
    )
    document_title = serializers.CharField(source="document_label", read_only=True)
    claim = serializers.CharField(read_only=True)
    quote = serializers.CharField(read_only=True)
    locator = serializers.CharField(
        read_only=True, help_text="The passage the quote begins in (`p. 2, para. 3`)."
    )

    @extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
    def get_document(self, quote):
        return quote.document_id if quote.document_id else quote.source.slug


class CommentSerializer(serializers.Serializer):
    author = serializers.SerializerMethodField()
    field = serializers.CharField(read_only=True, help_text="Empty: on the whole submission.")
    text = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    def get_author(self, comment) -> str:
        return person(comment.author)


class TransitionSerializer(serializers.Serializer):
    by = serializers.SerializerMethodField()
    at = serializers.DateTimeField(read_only=True)
    source_state = serializers.ChoiceField(choices=SubmissionState.choices, read_only=True)
    target_state = serializers.ChoiceField(choices=SubmissionState.choices, read_only=True)
    comment = serializers.CharField(read_only=True)

    def get_by(self, transition) -> str:
        return person(transition.actor)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["from"] = data.pop("source_state")
        data["to"] = data.pop("target_state")
        return data


# `from` is a Python keyword: the transition's fields are renamed on the way out, and
# declared as they are for the schema.
TRANSITION_SCHEMA = {
    "type": "object",
    "properties": {
        "by": {"type": "string", "description": "Who changed the state."},
        "at": {"type": "string", "format": "date-time"},
        "from": {"$ref": "#/components/schemas/SubmissionStateEnum"},
        "to": {"$ref": "#/components/schemas/SubmissionStateEnum"},
        "comment": {"type": "string", "description": "The comment or the reason given."},
    },
    "required": ["by", "at", "from", "to", "comment"],
}

ACTIONS = ("edit", *services.TRANSITIONS, "comment")


def _content(name, field_class, **kwargs):
    return field_class(source=f"content.{name}", read_only=True, **kwargs)


class CountryLinkRead(serializers.Serializer):
    iso3 = serializers.CharField()
    role = serializers.CharField()


class InstitutionLinkRead(serializers.Serializer):
    slug = serializers.CharField()
    role = serializers.CharField()


class ProposedInstitutionRead(serializers.Serializer):
    name = serializers.CharField()
    acronym = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    role = serializers.CharField()
    website = serializers.CharField()


class ProposedToolRead(serializers.Serializer):
    name = serializers.CharField()
    acronym = serializers.CharField()
    kind = serializers.CharField()
    url = serializers.CharField()


def _text(name):
    return _content(name, serializers.CharField, default="")


def _slug_list(name):
    return _content(name, serializers.ListField, child=serializers.CharField(), default=list)


def _year(name):
    return _content(name, serializers.IntegerField, default=None, allow_null=True)


class SubmissionSerializer(serializers.Serializer):
    """A submission as its contributor and the reviewers see it: its state, its content
    (the shapes of the write), its quotes located in their documents, the comments, every
    change of state, and what the requester may do next."""

    id = serializers.IntegerField(read_only=True)
    url = DetailUrlField("api:submission-detail")
    state = serializers.ChoiceField(choices=SubmissionState.choices, read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="How many times it was submitted for review."
    )
    language = serializers.CharField(read_only=True)
    owner = serializers.SerializerMethodField(help_text="The contributor.")
    title = _text("title")
    summary = _text("summary")
    description = _text("description")
    countries = _content("countries", CountryLinkRead, many=True, default=list)
    institutions = _content("institutions", InstitutionLinkRead, many=True, default=list)
    proposed_institutions = _content(
        "proposed_institutions", ProposedInstitutionRead, many=True, default=list
    )
    tools = _slug_list("tools")
    proposed_tools = _content("proposed_tools", ProposedToolRead, many=True, default=list)
    coherence_levels = _slug_list("coherence_levels")
    elements = _slug_list("elements")
    themes = _slug_list("themes")
    gcm_objectives = _content(
        "gcm_objectives", serializers.ListField, child=serializers.IntegerField(), default=list
    )
    scope = _text("scope")
    status = _text("status")
    status_year = _year("status_year")
    start_year = _year("start_year")
    end_year = _year("end_year")
    outcomes = _text("outcomes")
    lessons = _text("lessons")
    partners = _text("partners")
    contact_name = _text("contact_name")
    contact_email = _text("contact_email")
    quotes = QuoteSerializer(many=True, read_only=True)
    comments = CommentSerializer(many=True, read_only=True)
    transitions = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text="What the requester may do now: `edit` (PATCH), `submit`, "
        "`request_changes`, `approve`, `reject`, `comment`."
    )
    problems = serializers.SerializerMethodField(
        help_text="What keeps it from being submitted (or approved), by field; empty when "
        "nothing does. Shown while it is editable or in review."
    )
    reason = serializers.CharField(read_only=True, help_text="Why it was rejected.")
    practice = serializers.SerializerMethodField(
        help_text="The practice it was published as (its API URL), once published."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_owner(self, submission) -> str:
        return person(submission.owner)

    @extend_schema_field({"type": "array", "items": TRANSITION_SCHEMA})
    def get_transitions(self, submission):
        return TransitionSerializer(submission.transitions.all(), many=True).data

    @extend_schema_field({"type": "array", "items": {"type": "string", "enum": list(ACTIONS)}})
    def get_actions(self, submission):
        user = self._user()
        if user is None or not user.is_authenticated:
            return []
        actions = []
        if services.can_edit(submission, user):
            actions.append("edit")
        actions += services.allowed_actions(submission, user)
        if submission.owner_id == user.pk or is_reviewer(user):
            actions.append("comment")
        return actions

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    )
    def get_problems(self, submission):
        if submission.state not in (
            SubmissionState.DRAFT,
            SubmissionState.CHANGES_REQUESTED,
            SubmissionState.IN_REVIEW,
        ):
            return {}
        return {
            name: [str(m) for m in ms]
            for name, ms in services.submission_problems(submission).items()
        }

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_practice(self, submission):
        if submission.practice_id is None:
            return None
        path = reverse("api:practice-detail", kwargs={"slug": submission.practice.slug})
        return absolute(self.context.get("request"), path)


class SubmissionListSerializer(serializers.Serializer):
    """A submission in a list: what tells it apart and where it stands."""

    id = serializers.IntegerField(read_only=True)
    url = DetailUrlField("api:submission-detail")
    state = serializers.ChoiceField(choices=SubmissionState.choices, read_only=True)
    version = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    owner = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_owner(self, submission) -> str:
        return person(submission.owner)
