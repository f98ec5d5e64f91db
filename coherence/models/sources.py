"""The source papers, their passages, and the citations that tie records to them."""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coherence.quotes import locate, refusal
from coherence.splitting import reading_passages

from .base import (
    EditorialState,
    NaturalKeyQuerySet,
    PublishableModel,
    PublishableQuerySet,
    TimestampedModel,
    choices_constraint,
    year_constraint,
)
from .constraints import Check


class SourceKind(models.TextChoices):
    BACKGROUND_PAPER = "background_paper", _("Background paper")
    WORKSHOP_REPORT = "workshop_report", _("Workshop report")
    SESSION_REPORT = "session_report", _("Session report")
    PROCEEDINGS = "proceedings", _("Proceedings")
    # A document a focal point gave with a contributed practice (issue 23).
    CONTRIBUTED = "contributed_document", _("Contributed document")


class SourceDocument(TimestampedModel):
    """One of the GFMD papers the knowledge base is built from, with its full text so
    that passages can be shown and quotes verified."""

    Kind = SourceKind

    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    event = models.CharField(_("event"), max_length=200, help_text=_('e.g. "GFMD 2008, Manila"'))
    session = models.CharField(_("session"), max_length=300, blank=True)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    text = models.TextField(_("full text"))

    history = HistoricalRecords(excluded_fields=["text"])

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["year", "title"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="sourcedocument_slug_unique"),
            choices_constraint("kind", SourceKind, "sourcedocument_kind_valid"),
            year_constraint("year", "sourcedocument_year_range"),
        ]

    def __str__(self):
        return f"{self.short_title or self.title} ({self.year})"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("coherence:source-detail", kwargs={"slug": self.slug})


class SourcePassage(models.Model):
    """A paragraph, heading, table or footnote of a source document, in reading order.

    Passages are derived from the document's text; they are what the source reader
    anchors, what search finds, and what a citation points into.
    """

    source = models.ForeignKey(
        SourceDocument, verbose_name=_("source"), on_delete=models.CASCADE, related_name="passages"
    )
    position = models.PositiveIntegerField(_("position"))
    anchor = models.SlugField(_("anchor"), max_length=40)
    locator = models.CharField(_("locator"), max_length=200)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["source", "position"]
        verbose_name = _("source passage")
        verbose_name_plural = _("source passages")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "position"], name="sourcepassage_source_position_unique"
            ),
            models.UniqueConstraint(
                fields=["source", "anchor"], name="sourcepassage_source_anchor_unique"
            ),
        ]

    def __str__(self):
        return f"{self.source.short_title or self.source.title}, {self.locator}"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#{self.anchor}"

    @property
    def is_footnote(self) -> bool:
        return self.locator.startswith("footnote")


class CitedQuerySet(models.QuerySet):
    """What the querysets of cited records share (practices, institutions, tools,
    recommendations, findings): their citations' one read recipe, and a filter by source."""

    def with_citations(self):
        """Prefetch the citations with what their links show: the source, and the passage
        the quote is in (for the reader's URL)."""
        return self.prefetch_related(
            models.Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source", "passage__source"),
            )
        )

    def for_links(self):
        """What a link to each record needs (its label and URL): nothing more by
        default; a type whose label or URL names a related record selects it."""
        return self

    def cited_in(self, source_slugs):
        """Records with a citation of any of the sources given."""
        return self.filter(
            models.Exists(
                Citation.objects.filter(
                    content_type=ContentType.objects.get_for_model(self.model),
                    object_id=models.OuterRef("pk"),
                    source__slug__in=source_slugs,
                )
            )
        )


class CitedPublishableQuerySet(PublishableQuerySet, CitedQuerySet):
    """Publishable records that cite the papers."""


class CitationQuerySet(models.QuerySet):
    def public(self):
        """The citations of records the public may see: all but those of an unpublished
        record of a publishable type (a draft practice, institution, tool,
        recommendation or finding)."""
        hidden = models.Q()
        for model in apps.get_models():
            if issubclass(model, PublishableModel):
                unpublished = model._default_manager.filter(
                    pk=models.OuterRef("object_id")
                ).exclude(editorial_state=EditorialState.PUBLISHED)
                hidden |= models.Q(
                    models.Exists(unpublished),
                    content_type__app_label=model._meta.app_label,
                    content_type__model=model._meta.model_name,
                )
        return self.exclude(hidden) if hidden else self.all()


def public_citation_count():
    """The number of public citations, to annotate source documents or passages with."""
    return models.Count(
        "citations", filter=models.Q(citations__in=Citation.objects.public().values("pk"))
    )


class Citation(TimestampedModel):
    """Ties a record of the knowledge base to the passage of a source that supports it:
    where it is (the locator) and what it says (a verbatim quote)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    content_object = GenericForeignKey("content_type", "object_id")
    source = models.ForeignKey(
        SourceDocument, verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations"
    )
    locator = models.CharField(
        _("locator"),
        max_length=200,
        help_text=_("Paragraph number, section heading, table or footnote, e.g. “para. 21”."),
    )
    quote = models.TextField(
        _("quote"), help_text=_("One to three sentences, exactly as the source gives them.")
    )
    passage = models.ForeignKey(
        SourcePassage,
        verbose_name=_("passage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="citations",
        editable=False,
    )

    history = HistoricalRecords()

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["source__year", "source__slug", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="citation_record_idx"),
        ]
        constraints = [
            Check(condition=~models.Q(quote=""), name="citation_quote_not_empty"),
            Check(condition=~models.Q(locator=""), name="citation_locator_not_empty"),
        ]

    def __str__(self):
        return f"{self.source}, {self.locator}"

    def get_absolute_url(self):
        """The cited passage in the source reader, or the source when no passage holds
        the whole quote."""
        return (
            self.passage.get_absolute_url() if self.passage_id else self.source.get_absolute_url()
        )

    def clean(self):
        """The quote must read, verbatim, in the source as its reader shows it
        (`coherence.quotes`); a refusal names the nearest passage."""
        super().clean()
        if self.source_id and self.quote:
            problems = refusal(
                reading_passages(self.source.text), self.quote, source=str(self.source)
            )
            if problems:
                raise ValidationError({"quote": problems})

    def find_passage(self):
        """The stored passage of the source that holds the quote or, for a quote that
        runs on from one passage into the next (a lead-in and its list), the passage
        where it begins."""
        if not self.quote or not self.source_id:
            return None
        passages = list(self.source.passages.all())
        index = locate(passages, self.quote)
        return None if index is None else passages[index]

    def save(self, *args, **kwargs):
        self.passage = self.find_passage()
        super().save(*args, **kwargs)
