"""The glossary: terms the papers define, with the passage that defines them."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coherence.models import CoherenceLevel, PublishableModel
from coherence.models.base import History, editorial_state_constraint

from ..querysets import DefinitionQuerySet


class Definition(PublishableModel):
    """A term as a paper defines it ("policy coherence", "vertical coherence", the four
    levels of coherence...): the definition in our own words, the defining passage quoted
    in its citations. A term defined by two papers has an entry per paper (the 2008
    paper's and KNOMAD's definitions of policy coherence differ)."""

    slug = models.SlugField(_("slug"), max_length=120)
    term = models.CharField(_("term"), max_length=150)
    definition = models.TextField(
        _("definition"), help_text=_("What the paper means by the term, in our own words.")
    )
    coherence_level = models.ForeignKey(
        CoherenceLevel,
        verbose_name=_("coherence level"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="definitions",
        help_text=_("The level of coherence this term names, if it names one."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    citations = GenericRelation("coherence.Citation", related_query_name="definition")
    history = History()

    objects = DefinitionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "term", "id"]
        verbose_name = _("definition")
        verbose_name_plural = _("definitions")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="definition_slug_unique"),
            editorial_state_constraint("definition_editorial_state_valid"),
        ]

    def __str__(self):
        return self.term

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("practices:glossary") + f"#{self.slug}"
