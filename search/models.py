"""The search index: one document per indexed record, in one table per record type.

A document holds the text search reads for a record, in four weighted columns: the
title (weight A), the summary (B), keywords (B: the names of the record's countries,
institutions, tools and themes, so that "remittances Morocco" finds Morocco's practices)
and the body (C). It is derived data, rebuilt from the record whenever the record or its
links change (`search.indexing`), and by `python manage.py rebuild_search_index`.

Each database indexes the documents its own way (`docs/decisions/0002-search.md`):

- PostgreSQL: `vector`, a stored generated `tsvector` column with a GIN index;
- SQLite: an FTS5 table per document table (`search_<type>_fts`), an external-content
  index over the document table kept in step by triggers, which the unmanaged `*Fts`
  models below let the ORM join and filter on. There `vector` is always NULL.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func, Lookup
from django.utils.translation import gettext_lazy as _

# The PostgreSQL text search configuration: English stemming and stop words, with
# accents removed first (created by this app's first migration).
CONFIG = "search_english"


class DocumentVector(Func):
    """The weighted `tsvector` of a document on PostgreSQL: title A, summary and keywords
    B, body C. NULL on other databases, which index the same columns their own way."""

    template = "%(expressions)s"

    def __init__(self):
        super().__init__(
            SearchVector("title", weight="A", config=CONFIG)
            + SearchVector("summary", weight="B", config=CONFIG)
            + SearchVector("keywords", weight="B", config=CONFIG)
            + SearchVector("body", weight="C", config=CONFIG),
            output_field=SearchVectorField(),
        )

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            return "NULL", []
        return super().as_sql(compiler, connection, **extra_context)


class SearchDocument(models.Model):
    """The text search reads for one record (see the module docstring)."""

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


class PracticeDocument(SearchDocument):
    practice = models.OneToOneField(
        "practices.Practice",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("practice search entry")
        verbose_name_plural = _("practice search entries")


class InstitutionDocument(SearchDocument):
    institution = models.OneToOneField(
        "coherence.Institution",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("institution search entry")
        verbose_name_plural = _("institution search entries")


class PolicyToolDocument(SearchDocument):
    tool = models.OneToOneField(
        "coherence.PolicyTool",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )

    class Meta:
        verbose_name = _("tool search entry")
        verbose_name_plural = _("tool search entries")


class RecommendationDocument(SearchDocument):
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


class ChallengeDocument(SearchDocument):
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


# SQLite ------------------------------------------------------------------------------


class FtsMatchField(models.TextField):
    """The hidden column an FTS5 table has under its own name: the left side of
    `search_practice_fts MATCH '"diaspora" "bonds"'`."""


@FtsMatchField.register_lookup
class FtsMatch(Lookup):
    """`table MATCH <FTS5 query>`: the rows of an FTS5 table that match the query."""

    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FtsIndex(models.Model):
    """An FTS5 table of SQLite, seen by the ORM: its rowid is the record's primary key,
    `text` takes the query (`search_fts__text__match=...`) and `rank` is the BM25 score
    (lower is better). The tables are created by migrations on SQLite only
    (`search.backends.sqlite`); on PostgreSQL these models are never queried."""

    rank = models.FloatField()

    class Meta:
        abstract = True
        managed = False

    def __str__(self):
        return f"{self._meta.db_table} {self.pk}"


def _fts_key(model: str):
    """The rowid of an FTS5 table, which is the primary key of the record it indexes."""
    return models.OneToOneField(
        model,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="search_fts",
    )


class PracticeFts(FtsIndex):
    practice = _fts_key("practices.Practice")
    text = FtsMatchField(db_column="search_practice_fts")

    class Meta(FtsIndex.Meta):
        db_table = "search_practice_fts"


class InstitutionFts(FtsIndex):
    institution = _fts_key("coherence.Institution")
    text = FtsMatchField(db_column="search_institution_fts")

    class Meta(FtsIndex.Meta):
        db_table = "search_institution_fts"


class PolicyToolFts(FtsIndex):
    tool = _fts_key("coherence.PolicyTool")
    text = FtsMatchField(db_column="search_tool_fts")

    class Meta(FtsIndex.Meta):
        db_table = "search_tool_fts"


class RecommendationFts(FtsIndex):
    recommendation = _fts_key("practices.Recommendation")
    text = FtsMatchField(db_column="search_recommendation_fts")

    class Meta(FtsIndex.Meta):
        db_table = "search_recommendation_fts"


class PassageFts(FtsIndex):
    passage = _fts_key("coherence.SourcePassage")
    text = FtsMatchField(db_column="search_passage_fts")

    class Meta(FtsIndex.Meta):
        db_table = "search_passage_fts"


class ChallengeFts(FtsIndex):
    challenge = _fts_key("practices.Challenge")
    text = FtsMatchField(db_column="search_challenge_fts")

    class Meta(FtsIndex.Meta):
        db_table = "search_challenge_fts"


class DefinitionFts(FtsIndex):
    definition = _fts_key("practices.Definition")
    text = FtsMatchField(db_column="search_definition_fts")

    class Meta(FtsIndex.Meta):
        db_table = "search_definition_fts"


class EventFts(FtsIndex):
    event = _fts_key("coherence.Event")
    text = FtsMatchField(db_column="search_event_fts")

    class Meta(FtsIndex.Meta):
        db_table = "search_event_fts"


# Each record type's document table with its SQLite FTS5 table, for the backends to create,
# drop and rebuild the database's own index over them (`search.backends`).
INDEXES = (
    (PracticeDocument, PracticeFts),
    (InstitutionDocument, InstitutionFts),
    (PolicyToolDocument, PolicyToolFts),
    (RecommendationDocument, RecommendationFts),
    (PassageDocument, PassageFts),
    (ChallengeDocument, ChallengeFts),
    (DefinitionDocument, DefinitionFts),
    (EventDocument, EventFts),
)


def existing_indexes(connection):
    """The `INDEXES` whose document tables the database has: a migration installing the
    index runs before later migrations create the tables of record types added since."""
    tables = set(connection.introspection.table_names())
    return [index for index in INDEXES if index[0]._meta.db_table in tables]
