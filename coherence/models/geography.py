"""Countries and the UN M49 regions they belong to."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import History, NaturalKeyQuerySet, TimestampedModel, choices_constraint, code_constraint


class RegionKind(models.TextChoices):
    REGION = "region", _("Region")
    SUBREGION = "subregion", _("Sub-region")
    INTERMEDIATE = "intermediate", _("Intermediate region")


class Region(TimestampedModel):
    """A region of the UN M49 standard: a continental region (Africa), a sub-region
    (Sub-Saharan Africa) or an intermediate region (Western Africa)."""

    Kind = RegionKind

    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    m49 = models.PositiveSmallIntegerField(_("M49 code"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    history = History()

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="region_slug_unique"),
            models.UniqueConstraint(fields=["m49"], name="region_m49_unique"),
            choices_constraint("kind", RegionKind, "region_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return f"{reverse('coherence:country-list')}#{self.slug}"


class CountryQuerySet(NaturalKeyQuerySet):
    natural_key_field = "iso3"

    def with_related(self):
        return self.select_related("region", "subregion", "intermediate_region")

    def in_region(self, slugs):
        """Countries in any of the regions, sub-regions or intermediate regions given."""
        return self.filter(
            models.Q(region__slug__in=slugs)
            | models.Q(subregion__slug__in=slugs)
            | models.Q(intermediate_region__slug__in=slugs)
        )


class Country(TimestampedModel):
    """A country or territory of ISO 3166-1, plus Kosovo (XKX), which the papers name.

    The public key is the ISO alpha-3 code (`MEX`). Loaded from a maintained dataset by
    `scripts/build_country_fixture.py`, never typed by hand.
    """

    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3)
    iso2 = models.CharField(_("ISO alpha-2 code"), max_length=2)
    m49 = models.PositiveSmallIntegerField(
        _("M49 code"), null=True, blank=True, help_text=_("Empty where the UN assigns none.")
    )
    name = models.CharField(_("name"), max_length=100)
    formal_name = models.CharField(_("formal name"), max_length=150, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="region_countries",
        limit_choices_to={"kind": RegionKind.REGION},
    )
    subregion = models.ForeignKey(
        Region,
        verbose_name=_("sub-region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subregion_countries",
        limit_choices_to={"kind": RegionKind.SUBREGION},
    )
    intermediate_region = models.ForeignKey(
        Region,
        verbose_name=_("intermediate region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intermediate_countries",
        limit_choices_to={"kind": RegionKind.INTERMEDIATE},
    )

    history = History()

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(fields=["iso3"], name="country_iso3_unique"),
            models.UniqueConstraint(fields=["iso2"], name="country_iso2_unique"),
            models.UniqueConstraint(
                fields=["m49"], condition=models.Q(m49__isnull=False), name="country_m49_unique"
            ),
            code_constraint("iso3", 3, "country_iso3_format"),
            code_constraint("iso2", 2, "country_iso2_format"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.iso3,)

    def get_absolute_url(self):
        return reverse("coherence:country-detail", kwargs={"iso3": self.iso3})
