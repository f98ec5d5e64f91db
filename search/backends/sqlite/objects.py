"""SQLite's database objects of the index, which Django's models do not describe: the
FTS5 tables over the document tables, and the triggers that keep them in step."""

from dataclasses import dataclass

from ...models.sqlite_fts import INDEXES, LANGUAGE_INDEXES, existing_indexes
from .tables import COLUMNS, LANGUAGE_TOKENIZE, LANGUAGE_WEIGHTS, TOKENIZE, WEIGHTS, table_columns


@dataclass(frozen=True)
class _FtsTable:
    """An FTS5 table over a document table: its name, the document table's, the
    document's key column, the columns it indexes, its tokenizer and BM25 weights."""

    name: str
    document: str
    pk: str
    columns: tuple[str, ...]
    tokenize: str
    weights: tuple[float, ...]


def _tables(document, fts, *, languages=True):
    """The FTS5 tables of a document table: the English one and, for a document with
    translated text, the French and Spanish ones (`languages`)."""
    table, pk = document._meta.db_table, document._meta.pk.column
    yield _FtsTable(fts._meta.db_table, table, pk, COLUMNS, TOKENIZE, WEIGHTS)
    if languages:
        for language, model in LANGUAGE_INDEXES.get(document, {}).items():
            yield _FtsTable(
                model._meta.db_table,
                table,
                pk,
                table_columns(language),
                LANGUAGE_TOKENIZE,
                LANGUAGE_WEIGHTS,
            )


def _has_columns(connection, cursor, table: _FtsTable) -> bool:
    described = connection.introspection.get_table_description(cursor, table.document)
    return set(table.columns) <= {column.name for column in described}


def _drop(cursor, document, fts):
    table = document._meta.db_table
    for event in ("insert", "delete", "update"):
        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
    for fts_table in _tables(document, fts):
        cursor.execute(f"DROP TABLE IF EXISTS {fts_table.name}")


def _statements(table: _FtsTable) -> tuple[str, str]:
    """The statements that take a document row out of an FTS5 table and put it in."""
    fts, pk = table.name, table.pk
    columns = ", ".join(table.columns)
    new = ", ".join(f"new.{column}" for column in table.columns)
    old = ", ".join(f"old.{column}" for column in table.columns)
    delete_old = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.{pk}, {old});"
    insert_new = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.{pk}, {new});"
    return delete_old, insert_new


def install(connection, *, languages=True):
    """(Re)create each FTS5 table with its triggers (three per document table, which keep
    its English, French and Spanish tables in step), and index the documents already
    there. Safe to run again: it is also how a lost trigger is repaired (SQLite drops a
    table's triggers when Django rebuilds the table to alter it). `languages`: create the
    French and Spanish tables too (once the document table has their columns)."""
    with connection.cursor() as cursor:
        for document, fts in existing_indexes(connection):
            tables = [
                table
                for table in _tables(document, fts, languages=languages)
                if _has_columns(connection, cursor, table)
            ]
            _drop(cursor, document, fts)
            for table in tables:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {table.name} USING fts5({', '.join(table.columns)}, "
                    f"content='{table.document}', content_rowid='{table.pk}', "
                    f"tokenize='{table.tokenize}')"
                )
                cursor.execute(
                    f"INSERT INTO {table.name}({table.name}, rank) VALUES "
                    f"('rank', 'bm25({', '.join(map(str, table.weights))})')"
                )
            statements = [_statements(table) for table in tables]
            delete_old = " ".join(delete for delete, _insert in statements)
            insert_new = " ".join(insert for _delete, insert in statements)
            name = document._meta.db_table
            cursor.execute(
                f"CREATE TRIGGER {name}_search_insert AFTER INSERT ON {name} BEGIN {insert_new} END"
            )
            cursor.execute(
                f"CREATE TRIGGER {name}_search_delete AFTER DELETE ON {name} BEGIN {delete_old} END"
            )
            cursor.execute(
                f"CREATE TRIGGER {name}_search_update AFTER UPDATE ON {name} "
                f"BEGIN {delete_old} {insert_new} END"
            )
            for table in tables:
                cursor.execute(f"INSERT INTO {table.name}({table.name}) VALUES ('rebuild')")


def uninstall(connection, indexes=INDEXES):
    with connection.cursor() as cursor:
        for document, fts in indexes:
            _drop(cursor, document, fts)


def rebuild_started(connection):
    """Drop the FTS5 tables: indexing all documents at once afterwards is much faster
    than a trigger per row."""
    uninstall(connection)


def rebuild_finished(connection):
    install(connection)
    with connection.cursor() as cursor:
        for document, fts in INDEXES:
            for table in _tables(document, fts):
                cursor.execute(f"INSERT INTO {table.name}({table.name}) VALUES ('optimize')")
            cursor.execute(f"ANALYZE {document._meta.db_table}")


def uninstall_languages(connection):
    """Drop the French and Spanish FTS5 tables: the English ones only, with their
    triggers, again."""
    uninstall(connection)
    install(connection, languages=False)
