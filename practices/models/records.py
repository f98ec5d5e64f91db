"""Good practices, recommendations and country-level findings drawn from the papers."""

import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    GcmObjective,
    GcmPrinciple,
    Institution,
    PolicyTool,
    PublishableModel,
    SdgTarget,
    Theme,
)
from coherence.models.base import (
    History,
    choices_constraint,
    editorial_state_constraint,
    unique_slug,
    year_constraint,
)
from coherence.models.constraints import Check

from ..querysets import CountryFindingQuerySet, PracticeQuerySet, RecommendationQuerySet
from .addressees import Addressee


class Scope(models.TextChoices):
    SUBNATIONAL = "subnational", _("Sub-national")
    NATIONAL = "national", _("National")
    BILATERAL = "bilateral", _("Bilateral")
    REGIONAL = "regional", _("Regional")
    GLOBAL = "global", _("Global")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    UNKNOWN = "unknown", _("Unknown")


# Paths under /practices/ and /api/v1/practices/ that are not practices.
RESERVED_SLUGS = frozenset({"facets"})


class Practice(PublishableModel):
    """A good practice or lesson learned: a programme, policy, law, plan, scheme,
    partnership or process that a country, group of countries or organisation pursued
    to make migration and development policies coherent."""

    Scope = Scope
    Status = Status

    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences."))
    description = models.TextField(_("description"), blank=True)
    countries = models.ManyToManyField(
        Country,
        verbose_name=_("countries"),
        through="PracticeCountry",
        blank=True,
        related_name="practices",
    )
    institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("institutions"),
        through="PracticeInstitution",
        blank=True,
        related_name="practices",
    )
    tools = models.ManyToManyField(
        PolicyTool, verbose_name=_("tools and frameworks"), blank=True, related_name="practices"
    )
    coherence_levels = models.ManyToManyField(
        CoherenceLevel, verbose_name=_("coherence levels"), related_name="practices"
    )
    elements = models.ManyToManyField(
        CoherenceElement, verbose_name=_("coherence elements"), blank=True, related_name="practices"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="practices")
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UNKNOWN
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    challenges = models.TextField(_("challenges and lessons"), blank=True)
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Organisations the practice works with.")
    )
    contributed_by = models.CharField(
        _("contributed by"),
        max_length=255,
        blank=True,
        help_text=_("The organisation that contributed the practice, when one did."),
    )
    # Classified by the knowledge base, not stated by a source (`classification`).
    gcm_objectives = models.ManyToManyField(
        GcmObjective,
        verbose_name=_("GCM objectives"),
        through="PracticeGcmObjective",
        blank=True,
        related_name="practices",
    )
    gcm_principles = models.ManyToManyField(
        GcmPrinciple,
        verbose_name=_("GCM guiding principles"),
        through="PracticeGcmPrinciple",
        blank=True,
        related_name="practices",
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget,
        verbose_name=_("SDG targets"),
        through="PracticeSdgTarget",
        blank=True,
        related_name="practices",
    )

    citations = GenericRelation("coherence.Citation", related_query_name="practice")
    history = History(m2m_fields=[tools, coherence_levels, elements, themes])

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [
            # Lets the facet index fetch the ids of the published practices from the index
            # alone (an index-only scan on PostgreSQL), without reading the wide rows.
            models.Index(fields=["editorial_state", "id"], name="practice_state_id_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="practice_slug_unique"),
            choices_constraint("scope", Scope, "practice_scope_valid"),
            choices_constraint("status", Status, "practice_status_valid"),
            editorial_state_constraint("practice_editorial_state_valid"),
            year_constraint("start_year", "practice_start_year_range"),
            year_constraint("end_year", "practice_end_year_range"),
            Check(
                condition=models.Q(start_year__isnull=True)
                | models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="practice_end_year_not_before_start_year",
                violation_error_message=_("The end year is before the start year."),
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” names a page of the practices list; choose another.")
                    % {"slug": self.slug}
                }
            )
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {
                    "end_year": _("End year %(end)s is before start year %(start)s.")
                    % {"end": self.end_year, "start": self.start_year}
                }
            )


class CountryRole(models.TextChoices):
    IMPLEMENTING = "implementing", _("Implementing")
    PARTNER = "partner", _("Partner")


class PracticeCountry(models.Model):
    """A country taking part in a practice, as the implementer or as a partner
    (a bilateral partnership links both sides)."""

    Role = CountryRole

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="country_links")
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="practice_links"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=CountryRole.choices, default=CountryRole.IMPLEMENTING
    )

    history = History()

    class Meta:
        ordering = ["role", "country__name", "id"]
        verbose_name = _("practice country")
        verbose_name_plural = _("practice countries")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "country"], name="practicecountry_practice_country_unique"
            ),
            choices_constraint("role", CountryRole, "practicecountry_role_valid"),
        ]

    def __str__(self):
        return f"{self.country} ({self.get_role_display()})"


class InstitutionRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")


class PracticeInstitution(models.Model):
    """An institution taking part in a practice, as its lead or as a partner."""

    Role = InstitutionRole

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="institution_links"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="practice_links",
    )
    role = models.CharField(
        _("role"), max_length=8, choices=InstitutionRole.choices, default=InstitutionRole.LEAD
    )

    history = History()

    class Meta:
        ordering = ["role", "institution__name", "id"]
        verbose_name = _("practice institution")
        verbose_name_plural = _("practice institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "institution"],
                name="practiceinstitution_practice_institution_unique",
            ),
            choices_constraint("role", InstitutionRole, "practiceinstitution_role_valid"),
        ]

    def __str__(self):
        return f"{self.institution} ({self.get_role_display()})"


class RecommendationKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation")
    IDEA_FOR_ACTION = "idea_for_action", _("Idea for action")
    PROPOSED_OUTCOME = "proposed_outcome", _("Proposed outcome")


class Recommendation(PublishableModel):
    """A recommendation, idea for action or proposed outcome that a paper puts forward (the
    challenges a paper names are records of their own: `Challenge`)."""

    Kind = RecommendationKind

    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(
        _("title"), max_length=255, help_text=_("A short heading, e.g. “Coherence starts at home”.")
    )
    text = models.TextField(_("text"))
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=RecommendationKind.choices,
        default=RecommendationKind.RECOMMENDATION,
    )
    addressed_to = models.ManyToManyField(
        Addressee,
        verbose_name=_("addressed to"),
        blank=True,
        related_name="recommendations",
        help_text=_("Who is asked to act: governments, the GFMD, civil society…"),
    )
    suggested_by = models.ForeignKey(
        Country,
        verbose_name=_("suggested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggested_recommendations",
        help_text=_("The State that put it forward, where the paper names one."),
    )
    coherence_levels = models.ManyToManyField(
        CoherenceLevel,
        verbose_name=_("coherence levels"),
        blank=True,
        related_name="recommendations",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="recommendations"
    )

    citations = GenericRelation("coherence.Citation", related_query_name="recommendation")
    history = History(m2m_fields=[addressed_to, coherence_levels, themes])

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="recommendation_slug_unique"),
            choices_constraint("kind", RecommendationKind, "recommendation_kind_valid"),
            editorial_state_constraint("recommendation_editorial_state_valid"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("practices:recommendation-detail", kwargs={"slug": self.slug})


class FindingValue(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PLANNED = "planned", _("Planned")
    UNDER_CONSIDERATION = "under_consideration", _("Under consideration")


class CountryFinding(PublishableModel):
    """A country-level fact from the papers, such as a State's answer to the 2008
    questionnaire ("has a national policy plan or strategy for migration and development")."""

    Value = FindingValue

    slug = models.SlugField(
        _("slug"),
        max_length=150,
        blank=True,
        help_text=_(
            "Made from the country, the question and the year when the finding is first "
            "saved, and kept after: links to the finding use it."
        ),
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="findings"
    )
    element = models.ForeignKey(
        CoherenceElement,
        verbose_name=_("coherence element"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    question = models.ForeignKey(
        "practices.Question",
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        help_text=_(
            "What was asked, from the list of questions (the findings that answer it "
            "line up for comparison)."
        ),
    )
    statement = models.TextField(_("statement"))
    value = models.CharField(_("value"), max_length=20, choices=FindingValue.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    citations = GenericRelation("coherence.Citation", related_query_name="finding")
    history = History()

    objects = CountryFindingQuerySet.as_manager()

    class Meta:
        ordering = ["country__name", "element__order", "question__order", "question__text", "id"]
        verbose_name = _("country finding")
        verbose_name_plural = _("country findings")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="countryfinding_slug_unique"),
            choices_constraint("value", FindingValue, "countryfinding_value_valid"),
            editorial_state_constraint("countryfinding_editorial_state_valid"),
            year_constraint("year", "countryfinding_year_range"),
        ]

    def __str__(self):
        return f"{self.country}: {Truncator(self.statement).chars(80)}"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return f"{self.country.get_absolute_url()}#{self.slug}"

    def clean(self):
        super().clean()
        self.fill_slug()

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)

    def fill_slug(self) -> None:
        """Give a new finding its slug, unique by construction: the country's code, the
        question (or the statement's first words) and the year (`arg-has-a-national-
        policy-plan-...-2008`), numbered if another finding has it. An existing slug is
        never changed."""
        if self.slug or not self.country_id:
            return
        subject = (
            self.question.text
            if self.question
            else Truncator(self.statement).words(10, truncate="")
        )
        base = " ".join(str(part) for part in (self.country.iso3, subject, self.year or "") if part)
        self.slug = unique_slug(type(self), base, exclude_pk=self.pk)


class FacetIndexState(models.Model):
    """One row whose token changes, in the same transaction, with every write that can
    change a facet count (see `practices.facet_index`). A process that holds the facet
    index built for this token may keep using it; any other token means rebuild. A token
    rather than a counter, so that a rolled-back write can never be mistaken for another
    write that brought the counter to the same number."""

    token = models.UUIDField(_("token"), default=uuid.uuid4)

    class Meta:
        verbose_name = _("facet index state")
        constraints = [
            Check(condition=models.Q(id=1), name="facetindexstate_single_row"),
        ]

    def __str__(self):
        return str(self.token)
