"""The questions of the papers' questionnaires, and what the responding States answered
in aggregate."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coherence.models import CoherenceElement, PublishableModel, SourceDocument
from coherence.models.base import History, editorial_state_constraint, year_constraint
from coherence.models.constraints import Check

from ..querysets import QuestionQuerySet, QuestionResultQuerySet


class Question(models.Model):
    """A question the findings answer, from a controlled list: a question of the 2008
    Swedish questionnaire as the paper reports it ("has a national policy plan or strategy
    for migration and development"), or another fact a paper states for several
    countries. The country findings that answer it line up for comparison."""

    slug = models.SlugField(_("slug"), max_length=120)
    text = models.CharField(_("text"), max_length=255, help_text=_("The question as asked."))
    element = models.ForeignKey(
        CoherenceElement,
        verbose_name=_("coherence element"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    source = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source paper"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = History()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "text", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="question_slug_unique"),
            models.UniqueConstraint(fields=["text"], name="question_text_unique"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("practices:question-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class QuestionResult(PublishableModel):
    """What the responding States answered to a question, in aggregate, as the paper
    gives it: a share in percent ("84 %"), a count ("32 out of 53"), or, where the paper
    gives no figure, a note ("no clear uniformity in the frequency of consultations")."""

    slug = models.SlugField(_("slug"), max_length=120)
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="results"
    )
    label = models.CharField(
        _("label"), max_length=255, help_text=_("What the figure counts, in our own words.")
    )
    share = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    count = models.PositiveSmallIntegerField(_("number of States"), null=True, blank=True)
    respondents = models.PositiveSmallIntegerField(
        _("of how many responding States"), null=True, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    citations = GenericRelation("coherence.Citation", related_query_name="question_result")
    history = History()

    objects = QuestionResultQuerySet.as_manager()

    class Meta:
        ordering = ["question__order", "order", "id"]
        verbose_name = _("questionnaire result")
        verbose_name_plural = _("questionnaire results")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="questionresult_slug_unique"),
            editorial_state_constraint("questionresult_editorial_state_valid"),
            year_constraint("year", "questionresult_year_range"),
            Check(
                condition=models.Q(share__isnull=True) | models.Q(share__gte=0, share__lte=100),
                name="questionresult_share_range",
                violation_error_message=_("A share is between 0 and 100 per cent."),
            ),
            Check(
                condition=models.Q(count__isnull=True)
                | models.Q(respondents__isnull=True)
                | models.Q(count__lte=models.F("respondents")),
                name="questionresult_count_within_respondents",
                violation_error_message=_("More States answered than responded."),
            ),
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return f"{self.question.get_absolute_url()}#{self.slug}"

    def clean(self):
        super().clean()
        if (
            self.count is not None
            and self.respondents is not None
            and self.count > self.respondents
        ):
            raise ValidationError(
                {
                    "count": _("%(count)s States answered, but only %(respondents)s responded.")
                    % {"count": self.count, "respondents": self.respondents}
                }
            )
        if self.share is None and self.count is None and not self.note:
            raise ValidationError(_("Give a share, a count or a note."))

    @property
    def figure(self) -> str:
        """The figure as the paper gives it: “84 %”, “32 of 53”, “10”."""
        if self.share is not None:
            return f"{self.share.normalize():f} %"
        if self.count is not None and self.respondents is not None:
            return f"{self.count} / {self.respondents}"
        if self.count is not None:
            return str(self.count)
        return ""
