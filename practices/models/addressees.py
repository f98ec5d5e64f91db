"""Who a recommendation asks to act: a controlled vocabulary, so that a reader can filter
recommendations by the actor they concern rather than by a paper's own spelling."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coherence.models.base import NaturalKeyQuerySet, choices_constraint


class AddresseeKind(models.TextChoices):
    """Derived from the actors the papers address: "States", "governments", "national
    governments" are governments; "the GFMD (Greek chairmanship)" is the GFMD;
    "regional fora", "regional consultative processes", "the European Union" are
    regional bodies..."""

    GOVERNMENTS = "governments", _("Governments (States)")
    LOCAL_AUTHORITIES = "local-authorities", _("Local and regional authorities")
    DONORS = "donors", _("Donors and development agencies")
    GFMD = "gfmd", _("The GFMD")
    REGIONAL_BODIES = "regional-bodies", _("Regional bodies and processes")
    INTERNATIONAL_ORGANISATIONS = "international-organisations", _("International organisations")
    CIVIL_SOCIETY = "civil-society", _("Civil society")
    DIASPORA_ORGANISATIONS = "diaspora-organisations", _("Diaspora organisations")
    PRIVATE_SECTOR = "private-sector", _("The private sector")


class Addressee(models.Model):
    """One term of the vocabulary of who is asked to act (`AddresseeKind`)."""

    Kind = AddresseeKind

    slug = models.SlugField(_("slug"), max_length=40, choices=AddresseeKind.choices)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="addressee_slug_unique"),
            choices_constraint("slug", AddresseeKind, "addressee_slug_valid"),
        ]

    def __str__(self):
        return str(self.get_slug_display())

    @property
    def name(self) -> str:
        return str(self.get_slug_display())

    def natural_key(self):
        return (self.slug,)
