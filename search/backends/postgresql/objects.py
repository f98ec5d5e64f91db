"""PostgreSQL's database objects of the index, which Django's models do not describe:
the text search configurations, the GIN indexes of the documents' vectors and how the
vectors are stored, and the tables of the published records' vectors with the triggers
that keep them in step (`search.models.PublicVectors`)."""

from coherence.models.base import EditorialState

from ...models.columns import CONFIGS, OTHER_LANGUAGES
from ...models.postgresql_vectors import PUBLIC_VECTORS
from ...models.sqlite_fts import INDEXES, LANGUAGE_INDEXES, existing_indexes

LANGUAGE_NAMES = {"en": "english", "fr": "french", "es": "spanish"}


def create_text_search_config(connection, languages=("en",)):
    """The `search_english` configuration (and `search_french`, `search_spanish`, by
    `languages`): PostgreSQL's `english` (`french`, `spanish`), with accents removed
    from words before they are stemmed. Created before the document columns whose
    generated vectors use them."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        for language in languages:
            config, name = CONFIGS[language], LANGUAGE_NAMES[language]
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.{name})")
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {config} "
                f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {name}_stem"
            )


def drop_text_search_config(connection, languages=("en",)):
    with connection.cursor() as cursor:
        for language in languages:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIGS[language]}")


def _index_name(table: str, language: str = "en") -> str:
    """The GIN index of a table's vector in a language (a document table's, or a table
    of public vectors')."""
    suffix = "" if language == "en" else f"_{language}"
    return f"{table}_vector{suffix}_gin"


def _vectors(connection, cursor, document):
    """The vector columns of a document table that have a GIN index: `vector`, and
    `vector_fr`, `vector_es` for the translated types (once they exist)."""
    yield "en", "vector"
    if document not in LANGUAGE_INDEXES:
        return
    described = connection.introspection.get_table_description(cursor, document._meta.db_table)
    names = {column.name for column in described}
    for language in OTHER_LANGUAGES:
        if f"vector_{language}" in names:
            yield language, f"vector_{language}"


def install(connection):
    """A GIN index on each document table's `vector` (and `vector_fr`, `vector_es`)."""
    # Checks of deferred foreign keys still pending would forbid creating an index.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for document, _fts in existing_indexes(connection):
            for language, column in list(_vectors(connection, cursor, document)):
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{_index_name(document._meta.db_table, language)}" '
                    f'ON "{document._meta.db_table}" USING gin ({column})'
                )


def _store_vectors(connection, storage: str, *, rewrite: bool = False):
    """Set the storage of every document table's vector columns; `rewrite`: store the
    vectors of the rows already there anew (writing a row's titles back, `title`,
    `title_fr`, `title_es`, recomputes the generated vectors made from them)."""
    # Checks of deferred foreign keys still pending would forbid altering the tables.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for document, _fts in existing_indexes(connection):
            table = document._meta.db_table
            columns = [column for _language, column in _vectors(connection, cursor, document)]
            altered = ", ".join(
                f'ALTER COLUMN "{column}" SET STORAGE {storage}' for column in columns
            )
            cursor.execute(f'ALTER TABLE "{table}" {altered}')
            if rewrite:
                titles = [column.replace("vector", "title") for column in columns]
                written = ", ".join(f'"{title}" = "{title}"' for title in titles)
                cursor.execute(f'UPDATE "{table}" SET {written}')


def store_vectors_inline(connection, *, rewrite: bool = True):
    """Keep each document's vectors in its table row (`SET STORAGE MAIN`), not in the
    table's TOAST table, and (`rewrite`) store those of the rows already there anew.

    A practice's `vector` is about 900 bytes and `vector_fr`, `vector_es` about 550: with
    PostgreSQL's default storage (EXTENDED), the row is over the 2 kB TOAST threshold
    and the vectors, the largest values, go to the TOAST table first. Testing a
    candidate's words then costs a TOAST index lookup and chunk read per vector read (a
    match ranked reads it three times: the test, `ts_rank`, `ts_rank_cd`). With MAIN
    storage the texts go out of line instead (only a page's snippets read them), and a
    vector only if the row would not fit in a page otherwise. At 100k practices, three
    words among a country's 7,220 practices took half the backend's CPU time (107 ms to
    61 ms; the same search in French, 240 ms to 108 ms)."""
    _store_vectors(connection, "MAIN", rewrite=rewrite)


def store_vectors_default(connection):
    """Undo `store_vectors_inline`: PostgreSQL's default storage of the vectors, for the
    rows written from then on."""
    _store_vectors(connection, "EXTENDED")


def uninstall(connection, indexes=INDEXES):
    with connection.cursor() as cursor:
        for document, _fts in indexes:
            for language in ("en", *OTHER_LANGUAGES):
                cursor.execute(
                    f'DROP INDEX IF EXISTS "{_index_name(document._meta.db_table, language)}"'
                )


def _public_tables(connection, *, installed: bool = True) -> list[dict]:
    """What the triggers of each table of public vectors name, for the tables that exist
    (`installed`) or that can be created (their document table exists, they do not):
    the table, the document table and its key, the record table, its key and its
    editorial state column, the vector columns (quoted) and their languages."""
    quote = connection.ops.quote_name
    tables = set(connection.introspection.table_names())
    found = []
    with connection.cursor() as cursor:
        for document, vectors in PUBLIC_VECTORS.items():
            if document._meta.db_table not in tables:
                continue
            if (vectors._meta.db_table in tables) != installed:
                continue
            record = document._meta.pk.related_model
            languages, columns = zip(*_vectors(connection, cursor, document), strict=True)
            found.append(
                {
                    "name": vectors._meta.db_table,
                    "table": quote(vectors._meta.db_table),
                    "document": quote(document._meta.db_table),
                    "key": quote(document._meta.pk.column),
                    "key_type": record._meta.pk.rel_db_type(connection),
                    "record": quote(record._meta.db_table),
                    "record_key": quote(record._meta.pk.column),
                    "state": quote(record._meta.get_field("editorial_state").column),
                    "columns": [quote(column) for column in columns],
                    "languages": languages,
                }
            )
    return found


def _function(names: dict, action: str) -> str:
    """The quoted name of a table of public vectors' trigger and its function."""
    return f'"{names["name"]}_{action}"'


def _public_indexes(cursor, names, *, create: bool):
    for language, column in zip(names["languages"], names["columns"], strict=True):
        index = _index_name(names["name"], language)
        if create:
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index}" ON {names["table"]} USING gin ({column})'
            )
        else:
            cursor.execute(f'DROP INDEX IF EXISTS "{index}"')


def install_public_vectors(connection):
    """Create each table of public vectors (`search.models.PublicVectors`), fill it from
    the documents, and the triggers that keep it in step:

    - a document inserted or updated writes its row: its vectors (the generated columns
      are computed by then, in an `AFTER` trigger) and whether its record is published;
    - a document deleted deletes it; the document table truncated truncates it (a test's
      flush, `TRUNCATE`, fires no row trigger);
    - a record's editorial state changed sets its flag, however it was changed (`save()`
      rewrites the document too, `QuerySet.update()` does not)."""
    connection.check_constraints()
    published = EditorialState.PUBLISHED.value.replace("'", "''")
    with connection.cursor() as cursor:
        for names in _public_tables(connection, installed=False):
            table, key, columns = names["table"], names["key"], names["columns"]
            listed = ", ".join(columns)
            new_values = ", ".join(f"NEW.{column}" for column in columns)
            updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns)
            storage = ", ".join(f"ALTER COLUMN {column} SET STORAGE MAIN" for column in columns)
            cursor.execute(
                f"CREATE TABLE {table} ({key} {names['key_type']} NOT NULL PRIMARY KEY, "
                f'"published" boolean NOT NULL, '
                + ", ".join(f"{column} tsvector" for column in columns)
                + ")"
            )
            cursor.execute(f"ALTER TABLE {table} {storage}")
            cursor.execute(
                f"CREATE FUNCTION {_function(names, 'write')}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f'BEGIN INSERT INTO {table} ({key}, "published", {listed}) '
                f"SELECT NEW.{key}, r.{names['state']} = '{published}', {new_values} "
                f"FROM {names['record']} r WHERE r.{names['record_key']} = NEW.{key} "
                f'ON CONFLICT ({key}) DO UPDATE SET "published" = EXCLUDED."published", '
                f"{updates}; RETURN NULL; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER {_function(names, 'write')} AFTER INSERT OR UPDATE ON "
                f"{names['document']} FOR EACH ROW EXECUTE FUNCTION {_function(names, 'write')}()"
            )
            cursor.execute(
                f"CREATE FUNCTION {_function(names, 'delete')}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN DELETE FROM {table} WHERE {key} = OLD.{key}; RETURN NULL; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER {_function(names, 'delete')} AFTER DELETE ON {names['document']} "
                f"FOR EACH ROW EXECUTE FUNCTION {_function(names, 'delete')}()"
            )
            cursor.execute(
                f"CREATE FUNCTION {_function(names, 'truncate')}() RETURNS trigger LANGUAGE plpgsql "
                f"AS $$ BEGIN TRUNCATE {table}; RETURN NULL; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER {_function(names, 'truncate')} AFTER TRUNCATE ON {names['document']} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_function(names, 'truncate')}()"
            )
            state = names["state"]
            cursor.execute(
                f"CREATE FUNCTION {_function(names, 'state')}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN UPDATE {table} SET \"published\" = NEW.{state} = '{published}' "
                f"WHERE {key} = NEW.{names['record_key']}; RETURN NULL; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER {_function(names, 'state')} AFTER UPDATE OF {state} ON "
                f"{names['record']} FOR EACH ROW WHEN (OLD.{state} IS DISTINCT FROM "
                f"NEW.{state}) EXECUTE FUNCTION {_function(names, 'state')}()"
            )
            cursor.execute(
                f'INSERT INTO {table} ({key}, "published", {listed}) '
                f"SELECT d.{key}, r.{state} = '{published}', "
                + ", ".join(f"d.{column}" for column in columns)
                + f" FROM {names['document']} d JOIN {names['record']} r "
                f"ON r.{names['record_key']} = d.{key}"
            )
            _public_indexes(cursor, names, create=True)
            cursor.execute(f"ANALYZE {table}")


def uninstall_public_vectors(connection):
    """Undo `install_public_vectors` (dropping a trigger's function drops the trigger)."""
    with connection.cursor() as cursor:
        for names in _public_tables(connection):
            for action in ("write", "delete", "truncate", "state"):
                cursor.execute(f"DROP FUNCTION IF EXISTS {_function(names, action)}() CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {names['table']}")


def rebuild_started(connection):
    """Drop the GIN indexes (the public vectors' too): building them once after loading
    is faster than keeping them up to date row by row."""
    uninstall(connection)
    with connection.cursor() as cursor:
        for names in _public_tables(connection):
            _public_indexes(cursor, names, create=False)


def rebuild_finished(connection):
    install(connection)
    with connection.cursor() as cursor:
        for names in _public_tables(connection):
            _public_indexes(cursor, names, create=True)
            cursor.execute(f"ANALYZE {names['table']}")
        for document, _fts in INDEXES:
            cursor.execute(f'ANALYZE "{document._meta.db_table}"')


def uninstall_languages(connection):
    """Drop the GIN indexes of `vector_fr` and `vector_es` only."""
    with connection.cursor() as cursor:
        for document in LANGUAGE_INDEXES:
            for language in OTHER_LANGUAGES:
                cursor.execute(
                    f'DROP INDEX IF EXISTS "{_index_name(document._meta.db_table, language)}"'
                )
