"""A practice's classification under the GCM objectives and guiding principles and the SDG
targets, read and written: the knowledge base's own, shown apart from what the papers
state (docs/decisions/0013-gcm-classification.md)."""

from __future__ import annotations

from rest_framework import serializers

from coherence.models import GcmObjective, GcmPrinciple, SdgTarget
from coherence.serializers import StrictFieldsMixin

from ..models.classification import REASON_MAX_LENGTH
from ..services import Classified

# Reads ---------------------------------------------------------


class ClassifiedObjectiveSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="objective.number", read_only=True)
    short_title = serializers.CharField(source="objective.short_title", read_only=True)
    reason = serializers.CharField(read_only=True)


class ClassifiedPrincipleSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="principle.number", read_only=True)
    slug = serializers.CharField(source="principle.slug", read_only=True)
    title = serializers.CharField(source="principle.title", read_only=True)
    reason = serializers.CharField(read_only=True)


class ClassifiedTargetSerializer(serializers.Serializer):
    code = serializers.CharField(source="target.code", read_only=True)
    short_title = serializers.CharField(source="target.short_title", read_only=True)
    reason = serializers.CharField(read_only=True)


class ClassificationSerializer(serializers.Serializer):
    """The knowledge base's classification of a practice (not a source's statement: no
    citation, a reason of its own for each)."""

    classified_by = serializers.SerializerMethodField(
        help_text="Always “knowledge base”: the papers predate the Global Compact."
    )
    gcm_objectives = ClassifiedObjectiveSerializer(
        source="gcm_objective_links", many=True, read_only=True
    )
    gcm_principles = ClassifiedPrincipleSerializer(
        source="gcm_principle_links", many=True, read_only=True
    )
    sdg_targets = ClassifiedTargetSerializer(source="sdg_target_links", many=True, read_only=True)

    def get_classified_by(self, practice) -> str:
        return "knowledge base"


# Writes ---------------------------------------------------------------------------------------


class ClassifiedWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX_LENGTH)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        # Required even in a partial write (PATCH), which DRF passes down to the items.
        missing = {
            name: ["This field is required."]
            for name, field in self.fields.items()
            if field.source not in value
        }
        if missing:
            raise serializers.ValidationError(missing)
        return Classified(value["target"], value["reason"])


class ClassifiedObjectiveWriteSerializer(ClassifiedWriteSerializer):
    number = serializers.SlugRelatedField(
        slug_field="number", queryset=GcmObjective.objects.all(), source="target"
    )


class ClassifiedPrincipleWriteSerializer(ClassifiedWriteSerializer):
    number = serializers.SlugRelatedField(
        slug_field="number", queryset=GcmPrinciple.objects.all(), source="target"
    )


class ClassifiedTargetWriteSerializer(ClassifiedWriteSerializer):
    code = serializers.SlugRelatedField(
        slug_field="code", queryset=SdgTarget.objects.all(), source="target"
    )


class ClassificationWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    """A practice's classification as a write gives it: each framework given replaces
    the practice's classification under it (a reason changed in place), one left out
    stays as it is."""

    gcm_objectives = ClassifiedObjectiveWriteSerializer(many=True, required=False)
    gcm_principles = ClassifiedPrincipleWriteSerializer(many=True, required=False)
    sdg_targets = ClassifiedTargetWriteSerializer(many=True, required=False)

    def validate_gcm_objectives(self, items):
        return unique_classified(items, "number")

    def validate_gcm_principles(self, items):
        return unique_classified(items, "number")

    def validate_sdg_targets(self, items):
        return unique_classified(items, "code")


def unique_classified(items: list[Classified], key: str) -> list[Classified]:
    """The classification, refused with the duplicates named when a record is listed
    twice (a practice is classified under each once, with one reason)."""
    seen, twice = set(), []
    for item in items:
        value = str(getattr(item.target, key))
        if value in seen and value not in twice:
            twice.append(value)
        seen.add(value)
    if twice:
        raise serializers.ValidationError(
            f"Each can be listed once; listed more than once: {', '.join(twice)}."
        )
    return items
