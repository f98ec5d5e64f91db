"""The documents: the text search reads for each record, one table per record type.

A document holds its record's text in four weighted columns: the title (weight A), the
summary (B), keywords (B: the names of the record's countries, institutions, tools and
themes, so that "remittances Morocco" finds Morocco's practices) and the body (C), and
`vector`, their `tsvector` on PostgreSQL (NULL on SQLite, `search.models.columns`). The
record types with translated fields have their French and Spanish title, summary and
keywords too (`TranslatedDocument`).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .columns import DocumentVector, LanguageVector


class SearchDocument(models.Model):
    """The text search reads for one record (see the module docstring)."""

    # Derived from the records: left out of backups, rebuilt after a restore
    # (coherence.backup).
    derived_data = True

    title = models.TextField(_("title"))
    summary = models.TextField(_("summary"), blank=True)
    keywords = models.TextField(_("keywords"), blank=True)
    body = models.TextField(_("body"), blank=True)
    vector = models.GeneratedField(
        expression=DocumentVector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        abstract = True

    def __str__(self):
        return str(_("Search index entry: %(title)s") % {"title": self.title[:80]})


class TranslatedDocument(SearchDocument):
    """The document of a record type with translated fields: its French and Spanish
    title, summary and keywords too, with their vectors on PostgreSQL."""

    title_fr = models.TextField(_("title"), blank=True, default="")
    summary_fr = models.TextField(_("summary"), blank=True, default="")
    keywords_fr = models.TextField(_("keywords"), blank=True, default="")
    vector_fr = models.GeneratedField(
        expression=LanguageVector("fr"), output_field=SearchVectorField(), db_persist=True
    )
    title_es = models.TextField(_("title"), blank=True, default="")
    summary_es = models.TextField(_("summary"), blank=True, default="")
    keywords_es = models.TextField(_("keywords"), blank=True, default="")
    vector_es = models.GeneratedField(
        expression=LanguageVector("es"), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        abstract = True


class PracticeDocument(TranslatedDocument):
    practice = models.OneToOneField(
        "practices.Practice",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("practice search entry")
        verbose_name_plural = _("practice search entries")


class InstitutionDocument(TranslatedDocument):
    institution = models.OneToOneField(
        "coherence.Institution",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("institution search entry")
        verbose_name_plural = _("institution search entries")


class PolicyToolDocument(TranslatedDocument):
    tool = models.OneToOneField(
        "coherence.PolicyTool",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("tool search entry")
        verbose_name_plural = _("tool search entries")


class RecommendationDocument(TranslatedDocument):
    recommendation = models.OneToOneField(
        "practices.Recommendation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("recommendation search entry")
        verbose_name_plural = _("recommendation search entries")


class PassageDocument(SearchDocument):
    passage = models.OneToOneField(
        "coherence.SourcePassage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("passage search entry")
        verbose_name_plural = _("passage search entries")


class ChallengeDocument(TranslatedDocument):
    challenge = models.OneToOneField(
        "practices.Challenge",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("challenge search entry")
        verbose_name_plural = _("challenge search entries")


class DefinitionDocument(SearchDocument):
    definition = models.OneToOneField(
        "practices.Definition",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("glossary search entry")
        verbose_name_plural = _("glossary search entries")


class EventDocument(SearchDocument):
    event = models.OneToOneField(
        "coherence.Event",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("event search entry")
        verbose_name_plural = _("event search entries")
