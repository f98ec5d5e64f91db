"""Serializers of the reference records for the API v1 (explicit fields; the list and the
detail shapes are separate classes where they differ)."""

from __future__ import annotations

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    Region,
    SourceDocument,
    SourcePassage,
    Theme,
)


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The record's API detail URL, e.g. `/api/v1/practices/<slug>/`."""

    def __init__(self, view_name: str, lookup: str = "slug", **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        path = reverse(self.view_name, kwargs={self.lookup: getattr(obj, self.lookup)})
        return absolute(self.context.get("request"), path)


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """The record's page on the site (`get_absolute_url()`)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())


class AdminValidationMixin:
    """Validates a write with the model's `full_clean()`, as the admin does, so that a
    write through the API meets the same constraints with the same messages."""

    relation_fields: tuple[str, ...] = ()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in self.relation_fields:
                setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                    for field, messages in error.message_dict.items()
                }
            ) from error
        return attrs


class CitationSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = WebUrlField(help_text="The cited passage in the source reader.")

    class Meta:
        model = Citation
        fields = ["source", "locator", "quote", "url"]


class SlugNameSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


# Regions, themes, elements, levels ------------------------------------------------------


class NamedRecordSerializer(serializers.ModelSerializer):
    practice_count = serializers.IntegerField(
        read_only=True, help_text="Published practices with this value."
    )
    web_url = WebUrlField()


class RegionSerializer(NamedRecordSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = ApiUrlField("api:region-detail")

    class Meta:
        model = Region
        fields = ["slug", "name", "m49", "kind", "parent", "practice_count", "url", "web_url"]


class ThemeSerializer(NamedRecordSerializer):
    url = ApiUrlField("api:theme-detail")

    class Meta:
        model = Theme
        fields = ["slug", "name", "description", "practice_count", "url", "web_url"]


class CoherenceElementSerializer(NamedRecordSerializer):
    url = ApiUrlField("api:element-detail")

    class Meta:
        model = CoherenceElement
        fields = ["slug", "name", "description", "practice_count", "url", "web_url"]


class CoherenceLevelSerializer(NamedRecordSerializer):
    url = ApiUrlField("api:coherencelevel-detail")

    class Meta:
        model = CoherenceLevel
        fields = ["slug", "name", "definition", "practice_count", "url", "web_url"]


# Countries ------------------------------------------------------------------------------


class CountrySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    subregion = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    intermediate_region = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    practice_count = serializers.IntegerField(read_only=True)
    url = ApiUrlField("api:country-detail", lookup="iso3")
    web_url = WebUrlField()

    class Meta:
        model = Country
        fields = [
            "iso3",
            "iso2",
            "m49",
            "name",
            "formal_name",
            "region",
            "subregion",
            "intermediate_region",
            "practice_count",
            "updated_at",
            "url",
            "web_url",
        ]


# Institutions and tools -----------------------------------------------------------------


class InstitutionSerializer(AdminValidationMixin, serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso3",
        queryset=Country.objects.all(),
        allow_null=True,
        required=False,
        help_text="ISO alpha-3 code, or null for international and regional bodies.",
    )
    parent = serializers.SlugRelatedField(
        slug_field="slug", queryset=Institution.objects.all(), allow_null=True, required=False
    )
    website = serializers.CharField(
        max_length=500, required=False, allow_blank=True, help_text="A URL, or empty."
    )
    url = ApiUrlField("api:institution-detail")
    web_url = WebUrlField()

    class Meta:
        model = Institution
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "parent",
            "year_established",
            "website",
            "editorial_state",
            "updated_at",
            "url",
            "web_url",
        ]
        read_only_fields = ["updated_at"]
        # Uniqueness is checked by full_clean(), with the admin's message.
        validators = []
        extra_kwargs = {"slug": {"validators": []}}


class ToolSerializer(AdminValidationMixin, serializers.ModelSerializer):
    relation_fields = ("publishers", "countries", "coherence_levels")

    publishers = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Institution.objects.all(), required=False
    )
    countries = serializers.SlugRelatedField(
        slug_field="iso3", many=True, queryset=Country.objects.all(), required=False
    )
    coherence_levels = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=CoherenceLevel.objects.all(), required=False
    )
    # Checked as a URL by the model's full_clean(); a CharField so that empty is allowed.
    link = serializers.CharField(
        source="url", max_length=500, required=False, allow_blank=True, help_text="A URL, or empty."
    )
    url = ApiUrlField("api:tool-detail")
    web_url = WebUrlField()

    class Meta:
        model = PolicyTool
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "category",
            "year",
            "publishers",
            "countries",
            "coherence_levels",
            "link",
            "editorial_state",
            "updated_at",
            "url",
            "web_url",
        ]
        read_only_fields = ["updated_at"]
        # Uniqueness is checked by full_clean(), with the admin's message.
        validators = []
        extra_kwargs = {"slug": {"validators": []}}


# Sources --------------------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:source-detail")
    web_url = WebUrlField()
    link = serializers.CharField(source="url", read_only=True, help_text="A URL, or empty.")

    class Meta:
        model = SourceDocument
        fields = [
            "slug",
            "title",
            "short_title",
            "year",
            "event",
            "session",
            "kind",
            "authors",
            "link",
            "updated_at",
            "url",
            "web_url",
        ]


class PassageSerializer(serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = SourcePassage
        fields = ["anchor", "locator", "text", "web_url"]

    def get_web_url(self, passage) -> str:
        source = self.context["source"]
        return absolute(
            self.context.get("request"), f"{source.get_absolute_url()}#{passage.anchor}"
        )


class SourceDetailSerializer(SourceSerializer):
    passages = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "passages"]

    @extend_schema_field(PassageSerializer(many=True))
    def get_passages(self, source):
        context = {**self.context, "source": source}
        return PassageSerializer(source.passages.all(), many=True, context=context).data


# Details that list practices ------------------------------------------------------------

DETAIL_PRACTICES_LIMIT = 100


def practice_summaries(serializer, practices):
    from practices.serializers import PracticeSummarySerializer

    return PracticeSummarySerializer(practices, many=True, context=serializer.context).data


def _summaries_field():
    from practices.serializers import PracticeSummarySerializer

    return PracticeSummarySerializer(many=True)


class PracticesMixin(serializers.Serializer):
    """`practices`: the first published practices of the record (most recently updated
    first, at most DETAIL_PRACTICES_LIMIT; `practice_count` gives them all and
    `practices_url` the filtered list)."""

    practices = serializers.SerializerMethodField()
    practices_url = serializers.SerializerMethodField()
    practices_filter: str = ""

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "slug": {"type": "string"},
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                    "web_url": {"type": "string", "format": "uri"},
                },
            },
        }
    )
    def get_practices(self, obj):
        return practice_summaries(self, self.context["practices"])

    def get_practices_url(self, obj) -> str:
        key = obj.iso3 if isinstance(obj, Country) else obj.slug
        return absolute(
            self.context.get("request"),
            f"{reverse('api:practice-list')}?{self.practices_filter}={key}",
        )


class FindingSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    element = serializers.CharField(source="element.slug", read_only=True, allow_null=True)
    question = serializers.CharField(read_only=True)
    statement = serializers.CharField(read_only=True)
    value = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)


class ProfileEntrySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    practice_count = serializers.IntegerField()


class CoherenceProfileSerializer(serializers.Serializer):
    levels = ProfileEntrySerializer(many=True)
    elements = ProfileEntrySerializer(many=True)


class CountryDetailSerializer(PracticesMixin, CountrySerializer):
    practices_filter = "country"
    institutions = serializers.SerializerMethodField()
    findings = FindingSerializer(many=True, read_only=True, source="published_findings")
    coherence_profile = serializers.SerializerMethodField(
        help_text="Published practices of the country per coherence level and per element."
    )

    class Meta(CountrySerializer.Meta):
        fields = [
            *CountrySerializer.Meta.fields,
            "institutions",
            "practices",
            "practices_url",
            "findings",
            "coherence_profile",
        ]

    @extend_schema_field(SlugNameSerializer(many=True))
    def get_institutions(self, country):
        return [{"slug": i.slug, "name": i.name} for i in country.published_institutions]

    @extend_schema_field(CoherenceProfileSerializer)
    def get_coherence_profile(self, country):
        return self.context["profile"]


class InstitutionDetailSerializer(PracticesMixin, InstitutionSerializer):
    practices_filter = "institution"
    tools = serializers.SerializerMethodField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(InstitutionSerializer.Meta):
        fields = [
            *InstitutionSerializer.Meta.fields,
            "description",
            "practices",
            "practices_url",
            "tools",
            "citations",
        ]

    @extend_schema_field(SlugNameSerializer(many=True))
    def get_tools(self, institution):
        return [{"slug": t.slug, "name": t.name} for t in institution.published_tools]


class ToolDetailSerializer(PracticesMixin, ToolSerializer):
    practices_filter = "tool"
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(ToolSerializer.Meta):
        fields = [
            *ToolSerializer.Meta.fields,
            "description",
            "practices",
            "practices_url",
            "citations",
        ]


class CoherenceLevelDetailSerializer(PracticesMixin, CoherenceLevelSerializer):
    practices_filter = "coherence_level"

    class Meta(CoherenceLevelSerializer.Meta):
        fields = [*CoherenceLevelSerializer.Meta.fields, "practices", "practices_url"]
