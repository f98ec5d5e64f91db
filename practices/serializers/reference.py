"""Serializers of the reference records joined with their practices, for the API v1:
the counts of practices of regions, themes, elements, coherence levels and countries, and
the details that list practices (countries, institutions, tools, coherence levels)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coherence.models import CoherenceElement, CoherenceLevel, Country, Region, Theme
from coherence.serializers import (
    ApiUrlField,
    CitationSerializer,
    InstitutionSerializer,
    SlugNameSerializer,
    ToolSerializer,
    WebUrlField,
    absolute,
)
from coherence.translated import LanguagesMixin

from ..selectors import coherence_profile
from .practices import PracticeSummarySerializer

# Regions, themes, elements, levels ------------------------------------------------------


class PracticeCountMixin(serializers.Serializer):
    """`practice_count`: the record's published practices, from the counts the view puts
    in the context (`practice_counts`: one selector for the pages and the API, keyed by
    the record's slug or ISO code)."""

    practice_count = serializers.SerializerMethodField(
        help_text="Published practices with this value."
    )
    count_key = "slug"

    def get_practice_count(self, obj) -> int:
        return self.context["practice_counts"].get(getattr(obj, self.count_key), 0)


class NamedRecordSerializer(LanguagesMixin, PracticeCountMixin, serializers.ModelSerializer):
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


class CountrySerializer(LanguagesMixin, PracticeCountMixin, serializers.ModelSerializer):
    count_key = "iso3"
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    subregion = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    intermediate_region = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
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


# Details that list practices ------------------------------------------------------------

DETAIL_PRACTICES_LIMIT = 100


class PracticesMixin(serializers.Serializer):
    """`practices`: the first published practices of the record (most recently updated
    first, at most DETAIL_PRACTICES_LIMIT; `practice_count` gives them all and
    `practices_url` the filtered list)."""

    practices = serializers.SerializerMethodField()
    practices_url = serializers.SerializerMethodField()
    practices_filter: str = ""

    @extend_schema_field(PracticeSummarySerializer(many=True))
    def get_practices(self, obj):
        return PracticeSummarySerializer(
            self.context["practices"], many=True, context=self.context
        ).data

    def get_practices_url(self, obj) -> str:
        key = obj.iso3 if isinstance(obj, Country) else obj.slug
        return absolute(
            self.context.get("request"),
            f"{reverse('api:practice-list')}?{self.practices_filter}={key}",
        )


class FindingSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    element = serializers.CharField(source="element.slug", read_only=True, allow_null=True)
    question = serializers.CharField(source="question.text", read_only=True, allow_null=True)
    question_slug = serializers.CharField(source="question.slug", read_only=True, allow_null=True)
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
        profile = coherence_profile(country.iso3)
        return {
            name: [
                {"slug": row["slug"], "name": row["name"], "practice_count": row["count"]}
                for row in rows
            ]
            for name, rows in profile.items()
        }


class InstitutionDetailSerializer(PracticesMixin, InstitutionSerializer):
    practices_filter = "institution"
    tools = serializers.SerializerMethodField()
    citations = CitationSerializer(many=True, read_only=True)

    class Meta(InstitutionSerializer.Meta):
        fields = [
            *(name for name in InstitutionSerializer.Meta.fields if name != "citations"),
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
            *(name for name in ToolSerializer.Meta.fields if name != "citations"),
            "description",
            "practices",
            "practices_url",
            "citations",
        ]


class CoherenceLevelDetailSerializer(PracticesMixin, CoherenceLevelSerializer):
    practices_filter = "coherence_level"

    class Meta(CoherenceLevelSerializer.Meta):
        fields = [*CoherenceLevelSerializer.Meta.fields, "practices", "practices_url"]
