"""Institutions that pursue coherence, and the tools and frameworks they use."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import (
    History,
    PublishableModel,
    choices_constraint,
    editorial_state_constraint,
    year_constraint,
)
from .framework import CoherenceLevel
from .geography import Country, Region
from .sources import CitedPublishableQuerySet


class InstitutionQuerySet(CitedPublishableQuerySet):
    def with_related(self, *, drafts=False):
        """The country and the parent; an unpublished parent reads as none (its id is
        kept), unless `drafts` (the editors' writes)."""
        if drafts:
            return self.select_related("country", "parent")
        return self.select_related("country").prefetch_related(
            models.Prefetch("parent", queryset=Institution.objects.published())
        )

    def for_countries(self, iso3_codes):
        return self.filter(country__iso3__in=[code.upper() for code in iso3_codes])

    def within(self, slugs):
        """Institutions that are part of any of the institutions given (directly)."""
        return self.filter(parent__slug__in=slugs)


class InstitutionKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry or department")
    AGENCY = "agency", _("Agency or office")
    COMMITTEE = (
        "committee",
        _("Inter-ministerial committee, commission, task force or working group"),
    )
    COUNCIL = "council", _("Council or forum")
    FOCAL_POINT_NETWORK = "focal_point_network", _("Focal point network")
    BANK_OR_FUND = "bank_or_fund", _("Bank or fund")
    FOUNDATION = "foundation", _("Foundation")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    REGIONAL_CONSULTATIVE_PROCESS = (
        "regional_consultative_process",
        _("Regional consultative process"),
    )
    REGIONAL_ECONOMIC_COMMUNITY = "regional_economic_community", _("Regional economic community")
    CIVIL_SOCIETY = "civil_society", _("Civil-society, diaspora or private-sector body")
    LOCAL_AUTHORITY = "local_authority", _("Local or regional authority")
    RESEARCH_BODY = "research_body", _("Research body")


class Institution(PublishableModel):
    """A body through which coherence is pursued: a ministry, an inter-ministerial
    committee, a diaspora bureau, an international organisation, a regional process..."""

    Kind = InstitutionKind

    slug = models.SlugField(_("slug"), max_length=120)
    name = models.CharField(_("name"), max_length=255, help_text=_("The full official name."))
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="institutions",
        help_text=_("Empty for international and regional bodies."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    year_established = models.PositiveSmallIntegerField(
        _("year established"), null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("regions"),
        blank=True,
        related_name="bodies",
        help_text=_("For a regional body: the region or regions it covers."),
    )

    citations = GenericRelation("coherence.Citation", related_query_name="institution")
    history = History()

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="institution_slug_unique"),
            choices_constraint("kind", InstitutionKind, "institution_kind_valid"),
            editorial_state_constraint("institution_editorial_state_valid"),
            year_constraint("year_established", "institution_year_established_range"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("coherence:institution-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("An institution cannot be part of itself or of its own parts.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class PolicyToolQuerySet(CitedPublishableQuerySet):
    def with_related(self, *, drafts=False):
        """The publishers (the published ones, unless `drafts`: the editors' writes),
        coherence levels and countries."""
        publishers = Institution.objects.all() if drafts else Institution.objects.published()
        return self.prefetch_related(
            models.Prefetch("publishers", queryset=publishers), "coherence_levels", "countries"
        )

    def at_levels(self, slugs):
        return self._having("coherence_levels", models.Q(coherencelevel__slug__in=slugs))

    def published_by(self, slugs):
        return self._having("publishers", models.Q(institution__slug__in=slugs))

    def for_countries(self, iso3_codes):
        codes = [code.upper() for code in iso3_codes]
        return self._having("countries", models.Q(country__iso3__in=codes))


class PolicyToolKind(models.TextChoices):
    FRAMEWORK = "framework", _("Framework")
    INDICATORS = "indicators", _("Indicator set or dashboard")
    GUIDANCE = "guidance", _("Guidance, handbook or toolbox")
    LAW = "law", _("Law or regulation")
    AGREEMENT = "agreement", _("Bilateral agreement or MoU")
    PARTNERSHIP = "partnership", _("Partnership instrument")
    NATIONAL_PLAN = "national_plan", _("National plan or strategy")
    DIALOGUE = "dialogue", _("Dialogue or process")
    STUDY = "study", _("Study or database")


class PolicyToolCategory(models.TextChoices):
    """The three categories of policy tools of the 2008 civil society session."""

    MIGRATION_POLICY = "migration_policy", _("Migration policy narrowly conceived")
    INTERNATIONAL_AGREEMENT = "international_agreement", _("International agreement")
    NON_MIGRATION_POLICY = "non_migration_policy", _("Non-migration policy with a migration impact")


class PolicyTool(PublishableModel):
    """A tool or framework for coherence: a framework, indicator set, guidance note,
    toolbox, agreement, partnership instrument, national plan, dialogue or study."""

    Kind = PolicyToolKind
    Category = PolicyToolCategory

    slug = models.SlugField(_("slug"), max_length=120)
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices, blank=True)
    publishers = models.ManyToManyField(
        Institution, verbose_name=_("publishers"), blank=True, related_name="tools"
    )
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        blank=True,
        related_name="tools",
        help_text=_("The countries whose tool this is, or that are party to it."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    coherence_levels = models.ManyToManyField(
        CoherenceLevel, verbose_name=_("coherence levels"), blank=True, related_name="tools"
    )

    citations = GenericRelation("coherence.Citation", related_query_name="tool")
    history = History(m2m_fields=[publishers, countries, coherence_levels])

    objects = PolicyToolQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("tool or framework")
        verbose_name_plural = _("tools and frameworks")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="policytool_slug_unique"),
            choices_constraint("kind", PolicyToolKind, "policytool_kind_valid"),
            editorial_state_constraint("policytool_editorial_state_valid"),
            choices_constraint(
                "category", PolicyToolCategory, "policytool_category_valid", blank=True
            ),
            year_constraint("year", "policytool_year_range"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("coherence:tool-detail", kwargs={"slug": self.slug})
