"""The API's shapes of a submission as read: whole, as its contributor and the reviewers
see it (its content as stored, its quotes, comments and changes of state, and what the
requester may do next), and in a list."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.roles import is_reviewer
from coherence.serializers import absolute

from .. import services
from ..models import SubmissionState
from .fields import DetailUrlField


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
