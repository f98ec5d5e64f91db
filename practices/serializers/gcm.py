"""Serializers of the Global Compact's objectives and guiding principles and the SDG
targets on migration, with their numbers of practices and, in a detail, the first
practices the knowledge base classifies under them."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from coherence.models import GcmObjective, GcmPrinciple, SdgTarget
from coherence.serializers import ApiUrlField, WebUrlField, absolute
from coherence.translated import LanguagesMixin

from .reference import PracticeCountMixin, PracticesMixin

# The frameworks' records ------------------------------------------------------------------


class ClassificationTargetMixin(PracticeCountMixin):
    """A framework's record: its count of published practices (keyed as the facet keys
    it: an objective's number, a principle's slug, a target's code)."""

    count_key = "key"


class PracticesOfTargetMixin(PracticesMixin):
    def get_practices_url(self, obj) -> str:
        return absolute(
            self.context.get("request"),
            f"{reverse('api:practice-list')}?{self.practices_filter}={obj.key}",
        )


class GcmObjectiveSerializer(
    LanguagesMixin, ClassificationTargetMixin, serializers.ModelSerializer
):
    url = ApiUrlField("api:gcmobjective-detail", lookup="number")
    web_url = WebUrlField()

    class Meta:
        model = GcmObjective
        fields = ["number", "title", "short_title", "practice_count", "url", "web_url"]


class GcmObjectiveDetailSerializer(PracticesOfTargetMixin, GcmObjectiveSerializer):
    practices_filter = "gcm_objective"

    class Meta(GcmObjectiveSerializer.Meta):
        fields = [*GcmObjectiveSerializer.Meta.fields, "practices", "practices_url"]


class GcmPrincipleSerializer(
    LanguagesMixin, ClassificationTargetMixin, serializers.ModelSerializer
):
    url = ApiUrlField("api:gcmprinciple-detail")
    web_url = WebUrlField()

    class Meta:
        model = GcmPrinciple
        fields = ["number", "slug", "title", "practice_count", "url", "web_url"]


class GcmPrincipleDetailSerializer(PracticesOfTargetMixin, GcmPrincipleSerializer):
    practices_filter = "gcm_principle"

    class Meta(GcmPrincipleSerializer.Meta):
        fields = [*GcmPrincipleSerializer.Meta.fields, "practices", "practices_url"]


class SdgTargetSerializer(LanguagesMixin, ClassificationTargetMixin, serializers.ModelSerializer):
    url = ApiUrlField("api:sdgtarget-detail", lookup="code")
    web_url = WebUrlField()

    class Meta:
        model = SdgTarget
        fields = ["code", "goal", "title", "short_title", "practice_count", "url", "web_url"]


class SdgTargetDetailSerializer(PracticesOfTargetMixin, SdgTargetSerializer):
    practices_filter = "sdg_target"

    class Meta(SdgTargetSerializer.Meta):
        fields = [*SdgTargetSerializer.Meta.fields, "practices", "practices_url"]
