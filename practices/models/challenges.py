"""Challenges the papers name for those who pursue coherence, as records of their own."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coherence.models import CoherenceElement, CoherenceLevel, Country, PublishableModel, Theme
from coherence.models.base import History, editorial_state_constraint

from ..querysets import ChallengeQuerySet


class Challenge(PublishableModel):
    """A challenge or obstacle a paper names for policy coherence (the lack of a migration
    ministry, silos between ministries, "PCD is first and foremost a political
    endeavour"...), linked to the coherence levels, elements and countries the text links
    it to. Its summary is in the knowledge base's own words; its citations are the paper's."""

    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(
        _("summary"), help_text=_("What the paper says the challenge is, in our own words.")
    )
    coherence_levels = models.ManyToManyField(
        CoherenceLevel, verbose_name=_("coherence levels"), blank=True, related_name="challenges"
    )
    elements = models.ManyToManyField(
        CoherenceElement,
        verbose_name=_("coherence elements"),
        blank=True,
        related_name="challenges",
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="challenges"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="challenges"
    )
    former_recommendation_id = models.PositiveIntegerField(
        _("former recommendation id"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The id the record had when challenges were recommendations of kind "
            "“challenge”: /api/v1/recommendations/<id>/ redirects here."
        ),
    )

    citations = GenericRelation("coherence.Citation", related_query_name="challenge")
    history = History(m2m_fields=[coherence_levels, elements, countries, themes])

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="challenge_slug_unique"),
            models.UniqueConstraint(
                fields=["former_recommendation_id"], name="challenge_former_recommendation_unique"
            ),
            editorial_state_constraint("challenge_editorial_state_valid"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("practices:challenge-detail", kwargs={"slug": self.slug})
