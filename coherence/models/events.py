"""GFMD meetings, their sessions, the people who spoke at them, and who took which role.

A source paper belongs to the session (or the event) it was written for; a record of the
knowledge base is discussed at an event or a session through the papers it cites, which
is derived (`Event.source_slugs()`), never stored per record."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .actors import Institution
from .base import History, NaturalKeyQuerySet, TimestampedModel, choices_constraint, year_constraint
from .constraints import Check
from .geography import Country
from .sources import CitedQuerySet, SourceDocument


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("GFMD summit")
    WORKSHOP = "workshop", _("Workshop or expert meeting")
    CHAIRMANSHIP = "chairmanship", _("GFMD chairmanship")


class EventQuerySet(NaturalKeyQuerySet, CitedQuerySet):
    def with_related(self):
        return self.select_related("input_to").prefetch_related("papers", "sessions__papers")


class Event(TimestampedModel):
    """A GFMD meeting (the 2008 Manila summit, the 2012 Brussels expert workshop) or a
    GFMD chairmanship, as the papers name it."""

    Kind = EventKind

    slug = models.SlugField(_("slug"), max_length=120)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Only where a paper gives it.")
    )
    date = models.CharField(
        _("date"), max_length=60, blank=True, help_text=_("As the paper gives it.")
    )
    place = models.CharField(_("place"), max_length=120, blank=True)
    input_to = models.ForeignKey(
        "self",
        verbose_name=_("input to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inputs",
        help_text=_("The meeting this one prepared (the 2012 workshop for the 2012 Summit)."),
    )
    description = models.TextField(_("description"), blank=True)
    papers = models.ManyToManyField(
        SourceDocument,
        verbose_name=_("papers"),
        blank=True,
        related_name="events",
        help_text=_("Papers written for the event as a whole (not for one of its sessions)."),
    )

    citations = GenericRelation("coherence.Citation", related_query_name="event")
    history = History(m2m_fields=[papers])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["year", "name", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="event_slug_unique"),
            choices_constraint("kind", EventKind, "event_kind_valid"),
            year_constraint("year", "event_year_range"),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year else self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("practices:event-detail", kwargs={"slug": self.slug})

    def source_slugs(self) -> list[str]:
        """The papers of the event and of all its sessions (what a record must cite to
        be discussed at it)."""
        return sorted(
            set(self.papers.values_list("slug", flat=True))
            | set(
                SourceDocument.objects.filter(sessions__event=self).values_list("slug", flat=True)
            )
        )


class SessionKind(models.TextChoices):
    ROUNDTABLE = "roundtable", _("Roundtable")
    ROUNDTABLE_SESSION = "roundtable_session", _("Roundtable session")
    CIVIL_SOCIETY_SESSION = "civil_society_session", _("Civil society session")
    WORKSHOP_SESSION = "workshop_session", _("Workshop session")


class SessionQuerySet(NaturalKeyQuerySet, CitedQuerySet):
    def with_related(self):
        return self.select_related("event", "parent").prefetch_related("papers")


class Session(TimestampedModel):
    """A roundtable, roundtable session or workshop session of an event (RT 3.2 of
    Manila 2008, RT 1.1 of Berlin 2017); a roundtable holds its sessions (`parent`)."""

    Kind = SessionKind

    slug = models.SlugField(_("slug"), max_length=120)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="sessions"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. “3.2”"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    papers = models.ManyToManyField(
        SourceDocument,
        verbose_name=_("papers"),
        blank=True,
        related_name="sessions",
        help_text=_("Papers written for or reporting on this session."),
    )

    citations = GenericRelation("coherence.Citation", related_query_name="session")
    history = History(m2m_fields=[papers])

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["event", "order", "code", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="session_slug_unique"),
            choices_constraint("kind", SessionKind, "session_kind_valid"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}" if self.code else self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return f"{self.event.get_absolute_url()}#{self.slug}"

    def clean(self):
        super().clean()
        if self.parent_id and self.event_id and self.parent.event_id != self.event_id:
            raise ValidationError(
                {"parent": _("A session is part of a session of the same event.")}
            )
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A session cannot be part of itself.")})

    def source_slugs(self) -> list[str]:
        """The papers of the session and of its sessions (a roundtable's)."""
        slugs = set(self.papers.values_list("slug", flat=True))
        slugs |= set(
            SourceDocument.objects.filter(sessions__parent=self).values_list("slug", flat=True)
        )
        return sorted(slugs)


class Person(TimestampedModel):
    """Someone a paper names at a session: a chair, a speaker, a rapporteur."""

    slug = models.SlugField(_("slug"), max_length=120)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(
        _("title"), max_length=60, blank=True, help_text=_("As the paper gives it: “Prof.”.")
    )
    affiliation = models.CharField(
        _("affiliation"), max_length=255, blank=True, help_text=_("As the paper gives it.")
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )

    citations = GenericRelation("coherence.Citation", related_query_name="person")
    history = History()

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [models.UniqueConstraint(fields=["slug"], name="person_slug_unique")]

    def __str__(self):
        return f"{self.title} {self.name}".strip()

    def natural_key(self):
        return (self.slug,)


class RoleKind(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    RAPPORTEUR = "rapporteur", _("Rapporteur")
    PARTICIPANT = "participant", _("Participant")
    AUTHOR = "author", _("Author of a paper")


class ParticipationQuerySet(NaturalKeyQuerySet, CitedQuerySet):
    def with_related(self):
        return self.select_related("event", "session", "person", "country", "institution")


class Participation(TimestampedModel):
    """A role someone took at an event or one of its sessions: a person, a State (the
    2012 workshop's moderators and participants are governments) or an institution (the
    OECD moderated a session). Exactly one of the three."""

    Role = RoleKind

    slug = models.SlugField(_("slug"), max_length=150)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="participations"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        help_text=_("Empty for a role at the event as a whole (its chair)."),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the paper adds, in the knowledge base's words."),
    )

    citations = GenericRelation("coherence.Citation", related_query_name="participation")
    history = History()

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "session__order", "role", "id"]
        verbose_name = _("role at an event")
        verbose_name_plural = _("roles at events")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="participation_slug_unique"),
            choices_constraint("role", RoleKind, "participation_role_valid"),
            Check(
                condition=(
                    models.Q(person__isnull=False, country__isnull=True, institution__isnull=True)
                    | models.Q(person__isnull=True, country__isnull=False, institution__isnull=True)
                    | models.Q(person__isnull=True, country__isnull=True, institution__isnull=False)
                ),
                name="participation_one_participant",
                violation_error_message=_(
                    "Name exactly one of a person, a country or an institution."
                ),
            ),
        ]

    def __str__(self):
        where = self.session or self.event
        return f"{self.participant}: {self.get_role_display()}, {where}"

    def natural_key(self):
        return (self.slug,)

    @property
    def participant(self):
        return self.person or self.country or self.institution

    def get_absolute_url(self):
        return f"{self.event.get_absolute_url()}#{self.slug}"

    def clean(self):
        super().clean()
        if self.session_id and self.event_id and self.session.event_id != self.event_id:
            raise ValidationError({"session": _("The session is not one of the event's.")})
