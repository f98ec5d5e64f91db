"""The frameworks the knowledge base classifies practices by: the Global Compact for
Safe, Orderly and Regular Migration (A/RES/73/195: its 23 objectives, para. 16, and its 10
guiding principles, para. 15) and the Sustainable Development Goals' targets on migration.

The papers predate the Compact: these are reference records, and a practice's
classification under them is the knowledge base's own (`practices.models.classification`),
never something a source states."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import History, NaturalKeyQuerySet, TimestampedModel
from .constraints import Check

GCM_OBJECTIVES = 23
GCM_PRINCIPLES = 10
SDG_GOALS = 17
# An SDG target's code: the goal's number, a dot, the target's number or letter.
SDG_CODE = re.compile(r"^(?P<goal>[1-9][0-9]?)\.(?:[1-9][0-9]?|[a-z])$")


class NumberedQuerySet(NaturalKeyQuerySet):
    natural_key_field = "number"


class CodedQuerySet(NaturalKeyQuerySet):
    natural_key_field = "code"


class GcmObjective(TimestampedModel):
    """One of the 23 objectives of the Global Compact for Migration, with its official
    number and wording (A/RES/73/195, para. 16) and a short title for lists."""

    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=255, help_text=_("The official wording."))
    short_title = models.CharField(_("short title"), max_length=80)

    history = History()

    objects = NumberedQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM objective")
        verbose_name_plural = _("GCM objectives")
        constraints = [
            models.UniqueConstraint(fields=["number"], name="gcmobjective_number_unique"),
            Check(
                condition=models.Q(number__gte=1, number__lte=GCM_OBJECTIVES),
                name="gcmobjective_number_range",
                violation_error_message=_("The Compact's objectives are numbered 1 to 23."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.short_title}"

    def natural_key(self):
        return (self.number,)

    @property
    def key(self) -> str:
        """The objective as a facet value and query parameter (`?gcm_objective=19`)."""
        return str(self.number)

    def get_absolute_url(self):
        return reverse("coherence:gcm-objective-detail", kwargs={"number": self.number})


class GcmPrinciple(TimestampedModel):
    """One of the 10 cross-cutting and interdependent guiding principles of the Global
    Compact for Migration (A/RES/73/195, para. 15)."""

    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("slug"), max_length=60)
    title = models.CharField(_("title"), max_length=120)

    history = History()

    objects = NumberedQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("GCM guiding principle")
        verbose_name_plural = _("GCM guiding principles")
        constraints = [
            models.UniqueConstraint(fields=["number"], name="gcmprinciple_number_unique"),
            models.UniqueConstraint(fields=["slug"], name="gcmprinciple_slug_unique"),
            Check(
                condition=models.Q(number__gte=1, number__lte=GCM_PRINCIPLES),
                name="gcmprinciple_number_range",
                violation_error_message=_("The Compact's guiding principles are numbered 1 to 10."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.number,)

    @property
    def key(self) -> str:
        return self.slug

    def get_absolute_url(self):
        return reverse("coherence:gcm-principle-detail", kwargs={"slug": self.slug})


class SdgTarget(TimestampedModel):
    """A target of the 2030 Agenda's Sustainable Development Goals that concerns
    migration (10.7, 10.c, 8.8, 17.18...), with its official code and wording; the goal's
    number is the code's first part."""

    code = models.CharField(_("code"), max_length=6, help_text=_("E.g. “10.7”."))
    goal = models.PositiveSmallIntegerField(_("goal"), editable=False)
    title = models.TextField(_("title"), help_text=_("The official wording."))
    short_title = models.CharField(_("short title"), max_length=80, blank=True)

    history = History()

    objects = CodedQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "id"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="sdgtarget_code_unique"),
            Check(
                condition=models.Q(goal__gte=1, goal__lte=SDG_GOALS),
                name="sdgtarget_goal_range",
                violation_error_message=_("The Sustainable Development Goals are 1 to 17."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.short_title}".strip()

    def natural_key(self):
        return (self.code,)

    @property
    def key(self) -> str:
        return self.code

    def clean(self):
        super().clean()
        if not SDG_CODE.match(self.code or ""):
            raise ValidationError(
                {
                    "code": _("“%(code)s” is not a target code such as 10.7 or 10.c.")
                    % {"code": self.code}
                }
            )
        self.goal = int(self.code.split(".")[0])

    def save(self, *args, **kwargs):
        match = SDG_CODE.match(self.code or "")
        if match:
            self.goal = int(match["goal"])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("coherence:sdg-target-detail", kwargs={"code": self.code})
