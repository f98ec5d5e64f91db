"""The database objects of the index that Django's models do not describe, for the
migrations (`RunPython`) to create on the database they belong to and skip elsewhere:
PostgreSQL's text search configuration and GIN indexes, SQLite's FTS5 tables and
triggers (see `search.backends`)."""

from .backends import backend_for
from .backends.postgresql import objects as postgresql_objects
from .backends.sqlite import objects as sqlite_objects


def create_text_search_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql_objects.create_text_search_config(schema_editor.connection)


def drop_text_search_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql_objects.drop_text_search_config(schema_editor.connection)


def store_vectors_inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql_objects.store_vectors_inline(schema_editor.connection)


def store_vectors_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql_objects.store_vectors_default(schema_editor.connection)


def install_index(apps, schema_editor):
    backend_for(schema_editor.connection).install(schema_editor.connection)


def uninstall_index(apps, schema_editor):
    backend_for(schema_editor.connection).uninstall(schema_editor.connection)


def uninstall_issue21_index(apps, schema_editor):
    """Undo `install_index` for the documents of challenges, glossary entries and events
    only (migration 0002): the other types' index stays."""
    from .models import ChallengeDocument, DefinitionDocument, EventDocument
    from .models.sqlite_fts import INDEXES

    added = (ChallengeDocument, DefinitionDocument, EventDocument)
    backend_for(schema_editor.connection).uninstall(
        schema_editor.connection, [index for index in INDEXES if index[0] in added]
    )


def create_language_configs(apps, schema_editor):
    """`search_french` and `search_spanish` (migration 0003), before the generated
    `vector_fr` and `vector_es` columns that use them."""
    if schema_editor.connection.vendor == "postgresql":
        postgresql_objects.create_text_search_config(schema_editor.connection, ("fr", "es"))


def drop_language_configs(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql_objects.drop_text_search_config(schema_editor.connection, ("fr", "es"))


def uninstall_language_index(apps, schema_editor):
    """Undo `install_index` for the French and Spanish index only (migration 0003)."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        postgresql_objects.uninstall_languages(connection)
    else:
        sqlite_objects.uninstall_languages(connection)


def install_vocabulary(apps, schema_editor):
    """Migration 0004: PostgreSQL's `pg_trgm` and the trigram index of the vocabulary
    (`search.spelling`); on both databases, the vocabulary of the documents there."""
    from .spelling import rebuild_vocabulary

    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_vocabularyword_trgm "
                "ON search_vocabularyword USING gin (word gin_trgm_ops)"
            )
    rebuild_vocabulary(using=connection.alias)


def uninstall_vocabulary(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_vocabularyword_trgm")


def install_public_vectors(apps, schema_editor):
    """Migration 0007: PostgreSQL's tables of the published records' vectors
    (`search.models.PublicVectors`), filled, with their triggers; nothing on SQLite."""
    if schema_editor.connection.vendor == "postgresql":
        postgresql_objects.install_public_vectors(schema_editor.connection)


def uninstall_public_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        postgresql_objects.uninstall_public_vectors(schema_editor.connection)
