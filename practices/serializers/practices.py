"""Serializers of practices and recommendations for the API v1. Reads have explicit list
and detail shapes; writes validate like the admin (`full_clean()`: the same constraints
and the same messages) and answer with the detail shape."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from rest_framework import serializers

from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    Theme,
)
from coherence.serializers import (
    ApiUrlField,
    CitationSerializer,
    RecordWriteMixin,
    StrictFieldsMixin,
    WebUrlField,
    absolute,
)
from coherence.translated import LanguagesMixin

from ..models import Addressee, Practice, PracticeCountry, PracticeInstitution, Recommendation
from ..services import Link, practice_create, practice_update
from .classification import ClassificationSerializer, ClassificationWriteSerializer

RELATED_LIMIT = 10


def practice_detail_queryset():
    """What a write answers with: the practice's detail, its unpublished links included
    (the writer set them)."""
    return Practice.objects.with_related(drafts=True).with_citations()


def slugs(many_related) -> list[str]:
    return [obj.slug for obj in many_related.all()]


# Practices: reads --------------------------------------------------------------------------


class PracticeCountrySerializer(serializers.Serializer):
    iso3 = serializers.CharField(source="country.iso3", read_only=True)
    name = serializers.CharField(source="country.name", read_only=True)
    role = serializers.CharField(read_only=True)


class PracticeInstitutionSerializer(serializers.Serializer):
    slug = serializers.CharField(source="institution.slug", read_only=True)
    name = serializers.CharField(source="institution.name", read_only=True)
    role = serializers.CharField(read_only=True)


class ToolRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class PracticeSummarySerializer(LanguagesMixin, serializers.ModelSerializer):
    url = ApiUrlField("api:practice-detail")
    web_url = WebUrlField()

    class Meta:
        model = Practice
        fields = ["slug", "title", "summary", "url", "web_url"]


class PracticeSerializer(LanguagesMixin, serializers.ModelSerializer):
    countries = PracticeCountrySerializer(source="country_links", many=True, read_only=True)
    coherence_levels = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    institutions = PracticeInstitutionSerializer(
        source="institution_links", many=True, read_only=True
    )
    tools = ToolRefSerializer(many=True, read_only=True)
    gcm_objectives = serializers.SerializerMethodField(
        help_text="The GCM objectives (numbers) the knowledge base classifies it under."
    )
    gcm_principles = serializers.SerializerMethodField(
        help_text="The GCM guiding principles (slugs) the knowledge base classifies it under."
    )
    sdg_targets = serializers.SerializerMethodField(
        help_text="The SDG targets (codes) the knowledge base classifies it under."
    )
    url = ApiUrlField("api:practice-detail")
    web_url = WebUrlField()

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title",
            "summary",
            "countries",
            "coherence_levels",
            "themes",
            "institutions",
            "tools",
            "gcm_objectives",
            "gcm_principles",
            "sdg_targets",
            "scope",
            "start_year",
            "end_year",
            "status",
            "updated_at",
            "url",
            "web_url",
        ]

    def get_coherence_levels(self, practice) -> list[str]:
        return slugs(practice.coherence_levels)

    def get_themes(self, practice) -> list[str]:
        return slugs(practice.themes)

    def get_gcm_objectives(self, practice) -> list[int]:
        return [link.objective.number for link in practice.gcm_objective_links.all()]

    def get_gcm_principles(self, practice) -> list[str]:
        return [link.principle.slug for link in practice.gcm_principle_links.all()]

    def get_sdg_targets(self, practice) -> list[str]:
        return [link.target.code for link in practice.sdg_target_links.all()]


class StatusReportSerializer(serializers.Serializer):
    """A practice's status as one paper reports it, as of the paper's year."""

    status = serializers.CharField()
    as_of_year = serializers.IntegerField()
    source = serializers.CharField(source="source.slug", help_text="The paper's slug.")
    note = serializers.CharField()
    citations = CitationSerializer(many=True, read_only=True)


class PracticeDetailSerializer(PracticeSerializer):
    elements = serializers.SerializerMethodField()
    status_reports = StatusReportSerializer(
        many=True,
        read_only=True,
        help_text="The status each paper reports, oldest first; `status` is the latest's.",
    )
    citations = CitationSerializer(many=True, read_only=True)
    classification = ClassificationSerializer(
        source="*",
        read_only=True,
        help_text="The knowledge base's own classification under the Global Compact for "
        "Migration and the SDG targets, with a reason for each: not stated by the papers, "
        "which predate the Compact.",
    )
    related_url = serializers.SerializerMethodField(
        help_text="The practices related to this one (`related/`): derived from every "
        "other practice, so not part of the representation the change feed follows."
    )

    class Meta(PracticeSerializer.Meta):
        fields = [
            *PracticeSerializer.Meta.fields,
            "description",
            "outcomes",
            "challenges",
            "partners",
            "contributed_by",
            "elements",
            "editorial_state",
            "citations",
            "status_reports",
            "classification",
            "related_url",
        ]

    def get_elements(self, practice) -> list[str]:
        return slugs(practice.elements)

    def get_related_url(self, practice) -> str:
        path = reverse("api:practice-related", kwargs={"slug": practice.slug})
        return absolute(self.context.get("request"), path)


class RelatedPracticeSerializer(PracticeSummarySerializer):
    """A related practice (`related/`): up to RELATED_LIMIT published practices sharing the
    most themes and countries with the practice (a shared country counts double), then by
    title, as the practice's page lists them."""


# Practices: writes -------------------------------------------------------------------------


class PracticeCountryWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    iso3 = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Country.objects.all(), source="country"
    )
    role = serializers.ChoiceField(
        choices=PracticeCountry.Role.choices, default=PracticeCountry.Role.IMPLEMENTING
    )


class PracticeInstitutionWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    slug = serializers.SlugRelatedField(
        slug_field="slug", queryset=Institution.objects.all(), source="institution"
    )
    role = serializers.ChoiceField(
        choices=PracticeInstitution.Role.choices, default=PracticeInstitution.Role.LEAD
    )


def _unique_links(links, target: str, key: str):
    """The links, refused with the duplicates named when one record is listed twice (a
    practice names each country or institution once, with one role)."""
    seen, twice = set(), []
    for link in links:
        value = getattr(link[target], key)
        if value in seen and value not in twice:
            twice.append(value)
        seen.add(value)
    if twice:
        raise serializers.ValidationError(
            f"Each {target} can be listed once; listed more than once: {', '.join(twice)}."
        )
    return links


class PracticeWriteSerializer(RecordWriteMixin, serializers.ModelSerializer):
    relation_fields = (
        "countries",
        "institutions",
        "tools",
        "coherence_levels",
        "elements",
        "themes",
        "classification",
    )

    countries = PracticeCountryWriteSerializer(many=True, required=False)
    institutions = PracticeInstitutionWriteSerializer(many=True, required=False)
    tools = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=PolicyTool.objects.all(), required=False
    )
    coherence_levels = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=CoherenceLevel.objects.all(), allow_empty=False
    )
    elements = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=CoherenceElement.objects.all(), required=False
    )
    themes = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Theme.objects.all(), allow_empty=False
    )
    citations = CitationSerializer(many=True, required=False)
    classification = ClassificationWriteSerializer(
        required=False,
        help_text="The knowledge base's classification: `gcm_objectives` "
        "([{number, reason}]), `gcm_principles` ([{number, reason}]), `sdg_targets` "
        "([{code, reason}]); each given replaces the practice's, each left out is kept.",
    )

    class Meta:
        model = Practice
        fields = [
            "slug",
            "title",
            "summary",
            "description",
            "countries",
            "institutions",
            "tools",
            "coherence_levels",
            "elements",
            "themes",
            "scope",
            "start_year",
            "end_year",
            "status",
            "outcomes",
            "challenges",
            "partners",
            "contributed_by",
            "editorial_state",
            "citations",
            "classification",
        ]
        # Uniqueness is checked by full_clean(), with the admin's message.
        validators = []
        extra_kwargs = {"slug": {"validators": []}}

    def validate_countries(self, links):
        return _unique_links(links, "country", "iso3")

    def validate_institutions(self, links):
        return _unique_links(links, "institution", "slug")

    def to_representation(self, instance):
        instance = practice_detail_queryset().get(pk=instance.pk)
        return PracticeDetailSerializer(instance, context=self.context).data

    @transaction.atomic
    def create(self, validated_data):
        fields, links = self.split(validated_data)
        practice = practice_create(fields=fields, **links)
        self.write_citations(practice, validated_data)
        return practice

    @transaction.atomic
    def update(self, instance, validated_data):
        fields, links = self.split(validated_data)
        practice_update(practice=instance, fields=fields, **links)
        self.write_citations(instance, validated_data)
        return instance

    def split(self, validated_data) -> tuple[dict, dict]:
        """The practice's own fields, and its links as `practice_set_links()` takes them
        (a kind of link the write leaves out stays as it is)."""
        fields, links = super().split(validated_data)
        for name, target, default in (
            ("countries", "country", PracticeCountry.Role.IMPLEMENTING),
            ("institutions", "institution", PracticeInstitution.Role.LEAD),
        ):
            if name in links:
                # A partial write (PATCH) leaves the roles' defaults out.
                links[name] = [
                    Link(link[target], link.get("role", default)) for link in links[name]
                ]
        links.update(links.pop("classification", None) or {})
        return fields, links


# Recommendations ---------------------------------------------------------------------------


class RecommendationSerializer(LanguagesMixin, RecordWriteMixin, serializers.ModelSerializer):
    relation_fields = ("addressed_to", "coherence_levels", "themes")

    addressed_to = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=Addressee.objects.all(),
        required=False,
        help_text="Who is asked to act, from a controlled vocabulary: "
        + ", ".join(Addressee.Kind.values)
        + ".",
    )
    suggested_by = serializers.SlugRelatedField(
        slug_field="iso3",
        queryset=Country.objects.all(),
        allow_null=True,
        required=False,
        help_text="The ISO alpha-3 code of the State that put it forward, where the paper "
        "names one.",
    )

    coherence_levels = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=CoherenceLevel.objects.all(), required=False
    )
    themes = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Theme.objects.all(), required=False
    )
    citations = CitationSerializer(many=True, required=False)
    url = ApiUrlField("api:recommendation-detail", lookup="id")
    web_url = WebUrlField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "slug",
            "title",
            "text",
            "kind",
            "addressed_to",
            "suggested_by",
            "coherence_levels",
            "themes",
            "citations",
            "editorial_state",
            "updated_at",
            "url",
            "web_url",
        ]
        read_only_fields = ["id", "updated_at"]
        validators = []
        extra_kwargs = {"slug": {"validators": []}}
