"""The events, their sessions and the roles taken at them, as the API shows them."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coherence.models import Event, Participation, Session
from coherence.serializers import ApiUrlField, CitationSerializer, WebUrlField


class ParticipantSerializer(serializers.Serializer):
    """Who took the role: a person (name, title, affiliation as the paper gives them), a
    State (its ISO code) or an institution (its slug)."""

    kind = serializers.ChoiceField(choices=["person", "country", "institution"])
    key = serializers.CharField(help_text="A person's slug, an ISO alpha-3 code or a slug.")
    name = serializers.CharField()
    title = serializers.CharField(required=False)
    affiliation = serializers.CharField(required=False)


class RoleSerializer(serializers.ModelSerializer):
    session = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    participant = serializers.SerializerMethodField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Participation
        fields = ["slug", "role", "session", "participant", "note", "citations"]

    @extend_schema_field(ParticipantSerializer)
    def get_participant(self, role) -> dict:
        if role.person_id:
            person = role.person
            return {
                "kind": "person",
                "key": person.slug,
                "name": person.name,
                "title": person.title,
                "affiliation": person.affiliation,
            }
        if role.country_id:
            return {"kind": "country", "key": role.country.iso3, "name": role.country.name}
        return {"kind": "institution", "key": role.institution.slug, "name": str(role.institution)}


class SessionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    papers = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["slug", "code", "title", "kind", "parent", "papers"]


class EventSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:event-detail")
    web_url = WebUrlField()
    input_to = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    papers = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "name",
            "kind",
            "year",
            "date",
            "place",
            "input_to",
            "papers",
            "sessions",
            "updated_at",
            "url",
            "web_url",
        ]


class EventDetailSerializer(EventSerializer):
    roles = RoleSerializer(many=True, read_only=True, source="participations")
    citations = CitationSerializer(many=True, read_only=True)
    practices_url = serializers.SerializerMethodField()
    recommendations_url = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description",
            "roles",
            "citations",
            "practices_url",
            "recommendations_url",
        ]

    def _list_url(self, name: str, event) -> str:
        request = self.context.get("request")
        path = f"{reverse(name)}?event={event.slug}"
        return request.build_absolute_uri(path) if request else path

    def get_practices_url(self, event) -> str:
        """The practices discussed at the event (`?event=`)."""
        return self._list_url("api:practice-list", event)

    def get_recommendations_url(self, event) -> str:
        """The recommendations discussed at the event (`?event=`)."""
        return self._list_url("api:recommendation-list", event)
