"""A practice's classification under the Global Compact for Migration's objectives and
guiding principles and the SDG targets on migration.

The papers predate the Compact (2018): a classification is the knowledge base's own
reading of a practice, never something a source states. It is therefore stored apart
from the practice's cited content, with no citation but a short reason of its own, and
shown as "classified by the knowledge base" (docs/decisions/0013-gcm-classification.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coherence.models import GcmObjective, GcmPrinciple, SdgTarget
from coherence.models.constraints import Check

REASON_MAX_LENGTH = 300


def reason_field():
    return models.CharField(
        _("reason"),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "Why the knowledge base classifies the practice so, in a sentence of its own "
            "(at most 300 characters)."
        ),
    )


class Classification(models.Model):
    """A practice classified under one record of a framework, with the reason (each
    subclass has its `practice`, its target and its `reason`)."""

    class Meta:
        abstract = True

    # The name of the foreign key to the framework's record.
    target_field: str = ""

    def __str__(self):
        return f"{getattr(self, self.target_field)}: {self.reason}"

    def clean(self):
        super().clean()
        self.reason = (self.reason or "").strip()


class PracticeGcmObjective(Classification):
    """A practice classified under a GCM objective by the knowledge base."""

    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, related_name="gcm_objective_links"
    )
    objective = models.ForeignKey(
        GcmObjective,
        verbose_name=_("GCM objective"),
        on_delete=models.PROTECT,
        related_name="practice_links",
    )
    reason = reason_field()

    history = HistoricalRecords()
    target_field = "objective"

    class Meta:
        ordering = ["objective__number", "id"]
        verbose_name = _("GCM objective of a practice")
        verbose_name_plural = _("GCM objectives of practices")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "objective"], name="practicegcmobjective_unique"
            ),
            Check(condition=~models.Q(reason=""), name="practicegcmobjective_reason_given"),
        ]


class PracticeGcmPrinciple(Classification):
    """A practice classified under a GCM guiding principle by the knowledge base."""

    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, related_name="gcm_principle_links"
    )
    principle = models.ForeignKey(
        GcmPrinciple,
        verbose_name=_("GCM guiding principle"),
        on_delete=models.PROTECT,
        related_name="practice_links",
    )
    reason = reason_field()

    history = HistoricalRecords()
    target_field = "principle"

    class Meta:
        ordering = ["principle__number", "id"]
        verbose_name = _("GCM guiding principle of a practice")
        verbose_name_plural = _("GCM guiding principles of practices")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "principle"], name="practicegcmprinciple_unique"
            ),
            Check(condition=~models.Q(reason=""), name="practicegcmprinciple_reason_given"),
        ]


class PracticeSdgTarget(Classification):
    """A practice classified under an SDG target by the knowledge base."""

    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, related_name="sdg_target_links"
    )
    target = models.ForeignKey(
        SdgTarget,
        verbose_name=_("SDG target"),
        on_delete=models.PROTECT,
        related_name="practice_links",
    )
    reason = reason_field()

    history = HistoricalRecords()
    target_field = "target"

    class Meta:
        ordering = ["target__goal", "target__id", "id"]
        verbose_name = _("SDG target of a practice")
        verbose_name_plural = _("SDG targets of practices")
        constraints = [
            models.UniqueConstraint(fields=["practice", "target"], name="practicesdgtarget_unique"),
            Check(condition=~models.Q(reason=""), name="practicesdgtarget_reason_given"),
        ]


# The three classifications: (their name in fixtures, the API and the queryset, the link
# model, the name of its foreign key to the framework's record, the natural key of that
# record, the facet).
CLASSIFICATIONS = (
    ("gcm_objectives", PracticeGcmObjective, "objective", "number", "gcm_objective"),
    ("gcm_principles", PracticeGcmPrinciple, "principle", "number", "gcm_principle"),
    ("sdg_targets", PracticeSdgTarget, "target", "code", "sdg_target"),
)
