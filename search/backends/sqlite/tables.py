"""SQLite's FTS5 tables as the search reads them: the columns each one indexes, its
tokenizer and BM25 weights, and which one (and which ORM relation to it) a record type
is searched in for the query's language."""

from ...models.columns import language_columns
from ...models.sqlite_fts import LANGUAGE_INDEXES

TOKENIZE = "porter unicode61 remove_diacritics 2"
COLUMNS = ("title", "summary", "keywords", "body")
# BM25 weights of the columns, in the ratios of PostgreSQL's weights A (1.0), B (0.4)
# and C (0.2).
WEIGHTS = (5.0, 2.0, 2.0, 1.0)

# The French and Spanish tables: no stemmer.
LANGUAGE_TOKENIZE = "unicode61 remove_diacritics 2"
# Their BM25 weights: the language's title, summary and keywords as the English table
# weighs them, then the English title, summary, keywords and body (the English title
# and summary count less: where a field has no translation it is there twice).
LANGUAGE_WEIGHTS = (5.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0)


def table_columns(language: str) -> tuple[str, ...]:
    """The columns of a language's FTS5 table, which are the document table's."""
    return COLUMNS if language == "en" else (*language_columns(language), *COLUMNS)


def language_of(kind, query) -> str:
    """The language a type is searched in: the query's, when the type has text in it."""
    return query.language if kind.translated else "en"


def _relation(language: str) -> str:
    return "search_fts" if language == "en" else f"search_fts_{language}"


def _table(kind, language: str) -> str:
    if language == "en":
        return kind.fts._meta.db_table
    return LANGUAGE_INDEXES[kind.document][language]._meta.db_table
