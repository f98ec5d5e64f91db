"""SQLite's FTS5 tables, seen by the ORM: an unmanaged model per table (`*Fts`, and the
French and Spanish `*FtsFr`, `*FtsEs`), joined to its record by rowid, with the `MATCH`
lookup; and which document table each one indexes (`INDEXES`, `LANGUAGE_INDEXES`), for
the backends to create, drop and rebuild the database's own index over them."""

from django.db import models
from django.db.models import Lookup

from .documents import (
    ChallengeDocument,
    DefinitionDocument,
    EventDocument,
    InstitutionDocument,
    PassageDocument,
    PolicyToolDocument,
    PracticeDocument,
    RecommendationDocument,
)


class FtsMatchField(models.TextField):
    """The hidden column an FTS5 table has under its own name: the left side of
    `search_practice_fts MATCH '"diaspora" "bonds"'`."""

    def deconstruct(self):
        # The migrations name the field by its public path, which `search.models`
        # exposes, not by this module's.
        name, _path, args, kwargs = super().deconstruct()
        return name, "search.models.FtsMatchField", args, kwargs


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
