"""Serializers of challenges, glossary definitions and questionnaire questions with their
aggregate results (read-only, API v1)."""

from __future__ import annotations

from rest_framework import serializers

from coherence.serializers import ApiUrlField, CitationSerializer, WebUrlField
from coherence.translated import LanguagesMixin

from ..models import Challenge, Definition, Question, QuestionResult


class ChallengeSerializer(LanguagesMixin, serializers.ModelSerializer):
    coherence_levels = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    elements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    countries = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    url = ApiUrlField("api:challenge-detail")
    web_url = WebUrlField()

    class Meta:
        model = Challenge
        fields = [
            "slug",
            "title",
            "summary",
            "coherence_levels",
            "elements",
            "countries",
            "themes",
            "citations",
            "updated_at",
            "url",
            "web_url",
        ]
        read_only_fields = fields


class DefinitionSerializer(serializers.ModelSerializer):
    coherence_level = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    citations = CitationSerializer(many=True, read_only=True)
    url = ApiUrlField("api:definition-detail")
    web_url = WebUrlField()

    class Meta:
        model = Definition
        fields = [
            "slug",
            "term",
            "definition",
            "coherence_level",
            "citations",
            "updated_at",
            "url",
            "web_url",
        ]
        read_only_fields = fields


class QuestionResultSerializer(serializers.ModelSerializer):
    share = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, read_only=True, allow_null=True
    )
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = QuestionResult
        fields = ["slug", "label", "share", "count", "respondents", "year", "note", "citations"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    element = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    results = QuestionResultSerializer(source="public_results", many=True, read_only=True)
    countries = serializers.SerializerMethodField(
        help_text="The countries whose published findings answer the question, with the answer."
    )
    url = ApiUrlField("api:question-detail")
    web_url = WebUrlField()

    class Meta:
        model = Question
        fields = ["slug", "text", "element", "source", "results", "countries", "url", "web_url"]
        read_only_fields = fields

    def get_countries(self, question) -> list[dict[str, str]]:
        return [
            {"iso3": finding.country.iso3, "value": finding.value, "finding": finding.slug}
            for finding in question.public_findings
        ]
