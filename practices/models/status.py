"""What each paper reports of a practice's status, at the paper's date."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coherence.models import SourceDocument
from coherence.models.base import (
    NaturalKeyQuerySet,
    TimestampedModel,
    choices_constraint,
    year_constraint,
)
from coherence.models.sources import CitedQuerySet

from .records import Practice, Status


class PracticeStatusReportQuerySet(NaturalKeyQuerySet, CitedQuerySet):
    def with_related(self):
        return self.select_related("practice", "source")

    def in_order(self):
        """Oldest report first: how the practice stood, then how it stands."""
        return self.order_by("as_of_year", "source__year", "id")


class PracticeStatusReport(TimestampedModel):
    """A practice's status as one paper reports it, as of the paper's year: the Swiss
    migration partnerships were foreseen by law in 2008 (planned) and signed by 2017
    (ongoing). `Practice.status` stays the latest report's, for the status facet."""

    Status = Status

    slug = models.SlugField(_("slug"), max_length=150)
    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    source = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="status_reports",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    as_of_year = models.PositiveSmallIntegerField(
        _("as of"), help_text=_("The year the paper reports the status for (its own year).")
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the paper says of the stage reached, in the knowledge base's words."),
    )

    citations = GenericRelation("coherence.Citation", related_query_name="status_report")
    history = HistoricalRecords()

    objects = PracticeStatusReportQuerySet.as_manager()

    class Meta:
        ordering = ["practice", "as_of_year", "id"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="practicestatusreport_slug_unique"),
            models.UniqueConstraint(
                fields=["practice", "source"], name="practicestatusreport_practice_source_unique"
            ),
            choices_constraint("status", Status, "practicestatusreport_status_valid"),
            year_constraint("as_of_year", "practicestatusreport_as_of_year_range"),
        ]

    def __str__(self):
        return f"{self.practice}: {self.get_status_display()} (as of {self.as_of_year})"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#status"
