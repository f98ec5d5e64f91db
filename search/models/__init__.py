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
  models let the ORM join and filter on. There `vector` is always NULL.

French and Spanish (issue 22): the same row holds the record's French and Spanish title,
summary and keywords (`title_fr`, ..., `keywords_es`: the translation, or the English
where there is none), for the record types with translated fields (`TranslatedDocument`). The
body (descriptions, quotes) exists in English only and is not copied. PostgreSQL indexes
them in `vector_fr`/`vector_es` (French and Spanish stemming, GIN indexes); SQLite in an
FTS5 table per language (`search_<type>_fts_fr`, `_es`), which indexes the English
columns too, without the Porter stemmer, which is English-only. See
`docs/search.md` for why.

The package, one module per concept:

- `columns`: the languages, a document's columns in each, and its vectors' expressions;
- `documents`: the document models (`PracticeDocument`, ...);
- `postgresql_vectors`: PostgreSQL's tables of the published records' vectors
  (`PracticeVectors`, `PUBLIC_VECTORS`);
- `sqlite_fts`: SQLite's FTS5 tables (`PracticeFts`, ..., `INDEXES`, `LANGUAGE_INDEXES`);
- `thesaurus`: the thesaurus and the vocabulary of the index (issue 24).

This module exposes the models, for Django, and the classes the migrations name by
their path here (`search.models.DocumentVector`, `LanguageVector`, `FtsMatchField`),
which keep that path wherever they are defined.
"""

# Django registers the models in the order of these imports (alphabetical, by module):
# documents, public vectors, FTS5 tables, thesaurus, as when they were one module.
from .columns import DocumentVector, LanguageVector
from .documents import (
    ChallengeDocument,
    DefinitionDocument,
    EventDocument,
    InstitutionDocument,
    PassageDocument,
    PolicyToolDocument,
    PracticeDocument,
    RecommendationDocument,
    SearchDocument,
    TranslatedDocument,
)
from .postgresql_vectors import PracticeVectors, PublicVectors
from .sqlite_fts import (
    ChallengeFts,
    ChallengeFtsEs,
    ChallengeFtsFr,
    DefinitionFts,
    EventFts,
    FtsIndex,
    FtsMatchField,
    InstitutionFts,
    InstitutionFtsEs,
    InstitutionFtsFr,
    PassageFts,
    PolicyToolFts,
    PolicyToolFtsEs,
    PolicyToolFtsFr,
    PracticeFts,
    PracticeFtsEs,
    PracticeFtsFr,
    RecommendationFts,
    RecommendationFtsEs,
    RecommendationFtsFr,
)
from .thesaurus import ThesaurusEntry, ThesaurusTerm, VocabularyWord

__all__ = [
    "ChallengeDocument",
    "ChallengeFts",
    "ChallengeFtsEs",
    "ChallengeFtsFr",
    "DefinitionDocument",
    "DefinitionFts",
    "DocumentVector",
    "EventDocument",
    "EventFts",
    "FtsIndex",
    "FtsMatchField",
    "InstitutionDocument",
    "InstitutionFts",
    "InstitutionFtsEs",
    "InstitutionFtsFr",
    "LanguageVector",
    "PassageDocument",
    "PassageFts",
    "PolicyToolDocument",
    "PolicyToolFts",
    "PolicyToolFtsEs",
    "PolicyToolFtsFr",
    "PracticeDocument",
    "PracticeFts",
    "PracticeFtsEs",
    "PracticeFtsFr",
    "PracticeVectors",
    "PublicVectors",
    "RecommendationDocument",
    "RecommendationFts",
    "RecommendationFtsEs",
    "RecommendationFtsFr",
    "SearchDocument",
    "ThesaurusEntry",
    "ThesaurusTerm",
    "TranslatedDocument",
    "VocabularyWord",
]
