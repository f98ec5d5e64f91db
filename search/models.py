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

French and Spanish (issue 22): the same row holds the record's French and Spanish title,
summary and keywords (`title_fr`, ..., `keywords_es`: the translation, or the English
where there is none), for the record types with translated fields (`TRANSLATED`). The
body (descriptions, quotes) exists in English only and is not copied. PostgreSQL indexes
them in `vector_fr`/`vector_es` (French and Spanish stemming, GIN indexes); SQLite in an
FTS5 table per language (`search_<type>_fts_fr`, `_es`), which indexes the English
columns too, without the Porter stemmer, which is English-only. See
`docs/search.md` for why.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func, Lookup
from django.utils.translation import gettext_lazy as _

from coherence.models.constraints import Check

# The PostgreSQL text search configuration: English stemming and stop words, with
# accents removed first (created by this app's first migration).
CONFIG = "search_english"
# The configurations of the other languages (French and Spanish stemming and stop words,
# accents removed first; migration 0003), by language.
CONFIGS = {"en": CONFIG, "fr": "search_french", "es": "search_spanish"}
# The languages with text columns of their own in the documents.
OTHER_LANGUAGES = ("fr", "es")
# A document's columns in a language other than English (the body is English only).
LANGUAGE_COLUMNS = ("title", "summary", "keywords")


def language_columns(language: str) -> tuple[str, ...]:
    """The document's columns holding its text in `language` ("fr": `title_fr`, ...)."""
    return tuple(f"{column}_{language}" for column in LANGUAGE_COLUMNS)


# The columns of a document that the backends make snippets of; a hit shows the snippet
# of the first of them that matched.
SNIPPET_COLUMNS = ("summary", "body", "keywords")


def snippet_columns(language: str) -> tuple[str, ...]:
    """The columns snippets are made of, in the order a hit shows the first that matched:
    the language's summary before the English one."""
    if language == "en":
        return SNIPPET_COLUMNS
    title, summary, keywords = language_columns(language)
    return (summary, "summary", "body", keywords)


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


class LanguageVector(DocumentVector):
    """The weighted `tsvector` of a document's text in another language on PostgreSQL,
    with that language's stemming: title A, summary and keywords B. NULL elsewhere."""

    def __init__(self, language: str):
        config = CONFIGS[language]
        title, summary, keywords = language_columns(language)
        Func.__init__(
            self,
            SearchVector(title, weight="A", config=config)
            + SearchVector(summary, weight="B", config=config)
            + SearchVector(keywords, weight="B", config=config),
            output_field=SearchVectorField(),
        )


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


# PostgreSQL: the vectors of the published records, in a table of their own ----------


class PublicVectors(models.Model):
    """PostgreSQL only: each document's vectors and whether its record is published, in
    a narrow table of their own (`search_<type>_vectors`), for the search of everything
    the public may see (`search.backends.postgresql.newest_public`, issue 24).

    A search reads a type's newest 1,000 public matches. From the document table joined
    to the records, PostgreSQL finds every candidate in the GIN index, sorts them by key
    to join them with the published records, carrying each one's vector, then ranks and
    keeps the newest: 61 ms for "social protection" at 100k practices. From this table
    it needs no join: it keeps the newest matches the GIN index finds in a top-N sort
    (19 ms), or walks the key backwards and stops at the 1,000th (8–9 ms), as its
    estimates choose (`docs/performance.md`).

    Derived data twice over, kept by the database's triggers (`install_public_vectors`):
    a document written or deleted writes or deletes its row, a record's editorial state
    changed (by `save()` or by `QuerySet.update()`) changes its flag. On SQLite the
    tables do not exist and these models are never queried."""

    derived_data = True  # the search index: not backed up (coherence.backup)

    published = models.BooleanField()
    vector = SearchVectorField(null=True)
    vector_fr = SearchVectorField(null=True)
    vector_es = SearchVectorField(null=True)

    class Meta:
        abstract = True
        managed = False

    def __str__(self):
        return f"{self._meta.db_table} {self.pk}"


class PracticeVectors(PublicVectors):
    practice = models.OneToOneField(
        "practices.Practice",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search_vectors",
    )

    class Meta(PublicVectors.Meta):
        db_table = "search_practice_vectors"


# The document tables with a table of public vectors: the practices, the one type that
# grows to hundreds of thousands of records (the others' searches are a few ms).
PUBLIC_VECTORS = {PracticeDocument: PracticeVectors}


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

    derived_data = True  # the search index: not backed up (coherence.backup)

    rank = models.FloatField()

    class Meta:
        abstract = True
        managed = False

    def __str__(self):
        return f"{self._meta.db_table} {self.pk}"


def _fts_key(model: str, related_name: str = "search_fts"):
    """The rowid of an FTS5 table, which is the primary key of the record it indexes."""
    return models.OneToOneField(
        model,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name=related_name,
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


# The French and Spanish FTS5 tables of the record types with translated fields
# (`search_<type>_fts_fr`, `_es`: the `search_fts_fr` and `search_fts_es` relations).


class PracticeFtsFr(FtsIndex):
    practice = _fts_key("practices.Practice", "search_fts_fr")
    text = FtsMatchField(db_column="search_practice_fts_fr")

    class Meta(FtsIndex.Meta):
        db_table = "search_practice_fts_fr"


class PracticeFtsEs(FtsIndex):
    practice = _fts_key("practices.Practice", "search_fts_es")
    text = FtsMatchField(db_column="search_practice_fts_es")

    class Meta(FtsIndex.Meta):
        db_table = "search_practice_fts_es"


class InstitutionFtsFr(FtsIndex):
    institution = _fts_key("coherence.Institution", "search_fts_fr")
    text = FtsMatchField(db_column="search_institution_fts_fr")

    class Meta(FtsIndex.Meta):
        db_table = "search_institution_fts_fr"


class InstitutionFtsEs(FtsIndex):
    institution = _fts_key("coherence.Institution", "search_fts_es")
    text = FtsMatchField(db_column="search_institution_fts_es")

    class Meta(FtsIndex.Meta):
        db_table = "search_institution_fts_es"


class PolicyToolFtsFr(FtsIndex):
    tool = _fts_key("coherence.PolicyTool", "search_fts_fr")
    text = FtsMatchField(db_column="search_tool_fts_fr")

    class Meta(FtsIndex.Meta):
        db_table = "search_tool_fts_fr"


class PolicyToolFtsEs(FtsIndex):
    tool = _fts_key("coherence.PolicyTool", "search_fts_es")
    text = FtsMatchField(db_column="search_tool_fts_es")

    class Meta(FtsIndex.Meta):
        db_table = "search_tool_fts_es"


class RecommendationFtsFr(FtsIndex):
    recommendation = _fts_key("practices.Recommendation", "search_fts_fr")
    text = FtsMatchField(db_column="search_recommendation_fts_fr")

    class Meta(FtsIndex.Meta):
        db_table = "search_recommendation_fts_fr"


class RecommendationFtsEs(FtsIndex):
    recommendation = _fts_key("practices.Recommendation", "search_fts_es")
    text = FtsMatchField(db_column="search_recommendation_fts_es")

    class Meta(FtsIndex.Meta):
        db_table = "search_recommendation_fts_es"


class ChallengeFtsFr(FtsIndex):
    challenge = _fts_key("practices.Challenge", "search_fts_fr")
    text = FtsMatchField(db_column="search_challenge_fts_fr")

    class Meta(FtsIndex.Meta):
        db_table = "search_challenge_fts_fr"


class ChallengeFtsEs(FtsIndex):
    challenge = _fts_key("practices.Challenge", "search_fts_es")
    text = FtsMatchField(db_column="search_challenge_fts_es")

    class Meta(FtsIndex.Meta):
        db_table = "search_challenge_fts_es"


# The French and Spanish FTS5 tables of each document table that has them, by language:
# the record types with translated fields (the others are searched in English whatever
# the language, `search.kinds`).
LANGUAGE_INDEXES = {
    PracticeDocument: {"fr": PracticeFtsFr, "es": PracticeFtsEs},
    InstitutionDocument: {"fr": InstitutionFtsFr, "es": InstitutionFtsEs},
    PolicyToolDocument: {"fr": PolicyToolFtsFr, "es": PolicyToolFtsEs},
    RecommendationDocument: {"fr": RecommendationFtsFr, "es": RecommendationFtsEs},
    ChallengeDocument: {"fr": ChallengeFtsFr, "es": ChallengeFtsEs},
}


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


# The thesaurus and the vocabulary (issue 24) ---------------------------------------------


class ThesaurusEntry(models.Model):
    """A group of equivalent expressions of the field (remittances, money sent home,
    envois de fonds, remesas...): a search for one of them finds the others too
    (`search.thesaurus`). Curated by editors, seeded from `fixtures/thesaurus.json`."""

    label = models.CharField(
        _("label"),
        max_length=200,
        help_text=_("The group's main expression, as editors know it (e.g. “remittances”)."),
    )
    note = models.TextField(
        _("editorial note"),
        blank=True,
        help_text=_("Why these expressions are equivalent, and where they are not."),
    )
    source = models.CharField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_(
            "Where the equivalence comes from (the IOM Glossary on Migration, a paper's "
            "own definition, ...), if anywhere."
        ),
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Searches use the active groups only.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("thesaurus entry")
        verbose_name_plural = _("thesaurus entries")
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(fields=["label"], name="search_thesaurus_entry_label_unique"),
            Check(condition=~models.Q(label=""), name="search_thesaurus_entry_label_not_empty"),
        ]

    def __str__(self):
        return self.label


class ThesaurusTerm(models.Model):
    """One expression of a thesaurus entry, in a language, of a kind."""

    class Language(models.TextChoices):
        ANY = "any", _("any language")
        EN = "en", _("English")
        FR = "fr", _("French")
        ES = "es", _("Spanish")

    class Kind(models.TextChoices):
        SYNONYM = "synonym", _("synonym")
        VARIANT = "variant", _("spelling variant")
        ACRONYM = "acronym", _("acronym")
        EXPANSION = "expansion", _("expansion of an acronym")
        TRANSLATION = "translation", _("translation")
        NARROWER = "narrower", _("narrower term")
        DEMONYM = "demonym", _("name of the people or adjective of a country")

    entry = models.ForeignKey(
        ThesaurusEntry, on_delete=models.CASCADE, related_name="terms", verbose_name=_("entry")
    )
    text = models.CharField(_("expression"), max_length=200)
    language = models.CharField(
        _("language"), max_length=3, choices=Language.choices, default=Language.ANY
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SYNONYM)
    expands = models.BooleanField(
        _("expands"),
        default=True,
        help_text=_(
            "Searching this expression searches the group's others too. Untick it for a "
            "broader or ambiguous word (“commission”) that the others should find, but "
            "that should not bring them in when searched alone."
        ),
    )

    class Meta:
        verbose_name = _("thesaurus expression")
        verbose_name_plural = _("thesaurus expressions")
        ordering = ["entry", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "text"], name="search_thesaurus_term_unique_in_entry"
            ),
            Check(condition=~models.Q(text=""), name="search_thesaurus_term_text_not_empty"),
            Check(
                condition=models.Q(language__in=["any", "en", "fr", "es"]),
                name="search_thesaurus_term_language_valid",
            ),
            Check(
                condition=models.Q(
                    kind__in=[
                        "synonym",
                        "variant",
                        "acronym",
                        "expansion",
                        "translation",
                        "narrower",
                        "demonym",
                    ]
                ),
                name="search_thesaurus_term_kind_valid",
            ),
        ]

    def __str__(self):
        return self.text


class VocabularyWord(models.Model):
    """A word of the index (lower case, without accents), with the number of documents it
    was in when the index was last rebuilt: what a misspelt word is corrected to
    (`search.spelling`). Rebuilt with the index; a write adds its new words (count 1)
    and removes none, so every word of the index is here."""

    derived_data = True  # rebuilt with the index: not backed up (coherence.backup)

    word = models.CharField(_("word"), max_length=100, primary_key=True)
    documents = models.PositiveIntegerField(_("documents"), default=1)

    class Meta:
        verbose_name = _("vocabulary word")
        verbose_name_plural = _("vocabulary words")

    def __str__(self):
        return self.word
