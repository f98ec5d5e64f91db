"""A document's columns in each language, and the weighted vectors PostgreSQL generates
from them (`DocumentVector`, `LanguageVector`): the text search configuration of each
language, the columns of a document in French and Spanish, and those snippets are made
of."""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func
from django.utils.deconstruct import deconstructible

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


# The migrations name the vectors by their public path, `search.models.DocumentVector`
# (and `LanguageVector`), which `search.models` exposes: this module is where they live,
# not what the migrations say.
@deconstructible(path="search.models.DocumentVector")
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


@deconstructible(path="search.models.LanguageVector")
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
