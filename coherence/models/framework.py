"""The reference framework: coherence levels, essential elements and themes."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import History, NaturalKeyQuerySet, TimestampedModel


class CoherenceLevel(TimestampedModel):
    """One of the four levels at which policy coherence for development is assessed.

    The levels and their definitions come from the 2012 GFMD expert workshop report:
    intra-governmental, inter-governmental, multilateral and multi-stakeholder coherence.
    """

    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    definition = models.TextField(_("definition"), help_text=_("The 2012 report's own words."))
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    history = History()

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("coherence level")
        verbose_name_plural = _("coherence levels")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="coherencelevel_slug_unique"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("coherence:level-detail", kwargs={"slug": self.slug})


class CoherenceElement(TimestampedModel):
    """One of the three elements the 2008 Swedish paper finds essential to policy coherence:
    political commitment; institutional capacity and forms of collaboration; and
    financial, staff and other resources."""

    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    history = History()

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("coherence element")
        verbose_name_plural = _("coherence elements")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="coherenceelement_slug_unique"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return f"{reverse('practices:list')}?element={self.slug}"


class Theme(TimestampedModel):
    """A policy area in the curated taxonomy (diaspora engagement, remittances, ...)."""

    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    history = History()

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="theme_slug_unique"),
            models.UniqueConstraint(fields=["name"], name="theme_name_unique"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("coherence:theme-detail", kwargs={"slug": self.slug})
