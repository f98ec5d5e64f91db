"""SQLite: an FTS5 table per document table.

Each FTS5 table (`search_<type>_fts`) is an external-content index over its document
table: it stores only the index, reads the text from the document table when it makes
snippets, and is kept in step by triggers on the document table. Its rowid is the
record's primary key, so the ORM joins it to the record directly (the unmanaged `*Fts`
models). Words are folded to lower case, stripped of diacritics and stemmed with the
Porter stemmer; ranking is BM25 with the column weights below.

Every word or phrase of the query becomes an FTS5 string (`"..."`, inner quotes
doubled), which the FTS5 tokenizer splits like the documents; nothing the user types is
read as FTS5 syntax.
"""

import math

from django.db import connections
from django.db.models import BooleanField, F, Func

from ..models import INDEXES, existing_indexes
from ..snippets import ELLIPSIS, SNIPPET_COLUMNS, START, STOP

TOKENIZE = "porter unicode61 remove_diacritics 2"
COLUMNS = ("title", "summary", "keywords", "body")
# BM25 weights of the columns, in the ratios of PostgreSQL's weights A (1.0), B (0.4)
# and C (0.2).
WEIGHTS = (5.0, 2.0, 2.0, 1.0)
SNIPPET_TOKENS = 32
# snippet() returns the text as stored, to be escaped before its markers become tags.
SNIPPETS_ESCAPED = False


def _string(term) -> str:
    return '"' + term.text.replace('"', '""') + '"'


def compile_query(query) -> str:
    """The FTS5 query of a non-empty Query."""
    groups = [
        _string(group[0]) if len(group) == 1 else f"({' OR '.join(map(_string, group))})"
        for group in query.groups
    ]
    expression = " AND ".join(groups)
    for term in query.excluded:
        expression = f"({expression}) NOT {_string(term)}"
    return expression


def matches(queryset, kind, query):
    return queryset.filter(search_fts__text__match=compile_query(query)).annotate(
        search_rank=-F("search_fts__rank")
    )


# The key's byte in a `Candidates.key_flags()` BLOB (the first parameter) is set.
FLAGGED = "substr(%s, {key} + 1, 1) = x'01'"


class KeyFlagged(Func):
    """`FLAGGED` for an expression's value: a constant-time test of each match, in the
    statement itself."""

    template = FLAGGED.replace("%s", "%%s").format(key="%(expressions)s")
    output_field = BooleanField()

    def __init__(self, expression, flags: bytes):
        super().__init__(expression)
        self.flags = flags

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return sql, (self.flags, *params)


def among(matched, candidates):
    """`matched` (from `matches()`) with its FTS5 rowids among the candidates': each
    match FTS5 reads is tested against their byte per key before SQLite joins its record
    and runs the selection's `EXISTS` filters (which it evaluates after the simpler
    conditions), so those run for the candidates that match only."""
    return matched.filter(KeyFlagged(F("search_fts"), candidates.key_flags()))


def newest_first(queryset):
    """Newest first in the FTS5 table's own rowid order, which it reads without sorting,
    so a LIMIT stops the scan early."""
    return queryset.order_by("-search_fts")


def newest_among(kind, query, candidates, limit, *, using):
    """FTS5 reads the query's matches newest first (its rowid order) and stops after
    `limit` of them among the candidates, ranking those only. The candidates are one
    BLOB parameter, a byte per key (`Candidates.key_flags()`), that each match's rowid
    picks a byte of: a test in constant time, which neither a list of keys to build
    (`rowid IN (...)` sorts it into a temporary index first, 2 ms for 7,000 keys) nor
    FTS5 (it would run the whole query again for each key of an `IN` it is handed)
    matches."""
    table = kind.fts._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -rank FROM {table} WHERE {table} MATCH %s "
            f"AND {FLAGGED.format(key='rowid')} ORDER BY rowid DESC LIMIT %s",
            [compile_query(query), candidates.key_flags(), limit],
        )
        return cursor.fetchall()


def _wanted_phrases(query) -> list[str]:
    """The FTS5 phrases that add to a record's BM25 score: every word or phrase of the
    query but the excluded ones (which a matching record does not contain)."""
    return [_string(term) for group in query.groups for term in group]


def statistics(kind, matched, query, newest, *, broad: bool):
    """One query for the count estimate of a broad search and the score scale.

    The scale: BM25 sums, over the query's phrases, each phrase's inverse document
    frequency (IDF) times its weighted, length-normalised frequency in the record. The
    IDF comes from the record's own FTS5 table, so the same word weighs differently in
    practices and in passages, and FTS5 sets it to 1e-6 for a word in more than half of
    a table's rows: in a small table a title hit could score a millionth of a passage's
    body hit. Dividing by the sum of the IDFs of the wanted words and phrases leaves the
    IDF-weighted mean of their frequency terms, which depends on the record's own text
    only, like PostgreSQL's `ts_rank`. It is a constant per type and query, so it keeps
    the order within a type.

    A narrow search counts the records of each phrase. A broad one reads the stretch of
    newest records that its newest matches came from, and scales what it finds there to
    the whole table (FTS5 counts a phrase in time linear in its records, 5 ms for a word
    in 86,000 of 100,000 practices, where the stretch holds about a thousand): the
    phrases' counts, for the IDFs, and the queryset's matches, for the estimate of its
    count (the newest read are all of them in the stretch). Both assume the matches are
    spread evenly over time, as PostgreSQL's estimate does.
    """
    table, records = kind.fts._meta.db_table, kind.model._meta.db_table
    pk = kind.model._meta.pk.column
    phrases = list(dict.fromkeys(_wanted_phrases(query)))
    # The rows of the index are the records' (cheaper to count than the documents).
    selects, params = [f"(SELECT count(*) FROM {records})"], []
    if broad:
        low = min(key for key, _ in newest)
        selects.append(f"(SELECT count(*) FROM {records} WHERE {pk} >= %s)")
        selects += [
            f"(SELECT count(*) FROM {table} WHERE {table} MATCH %s AND rowid >= %s)"
            for _ in phrases
        ]
        params = [low, *(value for phrase in phrases for value in (phrase, low))]
    else:
        selects += [f"(SELECT count(*) FROM {table} WHERE {table} MATCH %s)" for _ in phrases]
        params = phrases
    with connections[matched.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        rows, *values = cursor.fetchone()
    share = 1.0
    if broad:
        recent, *values = values
        share = rows / max(recent, 1)
    hits = {phrase: value * share for phrase, value in zip(phrases, values, strict=True)}
    scale = sum(
        max(math.log((rows - hits[p] + 0.5) / (hits[p] + 0.5)), 1e-6)
        for p in _wanted_phrases(query)
    )
    if not broad:
        return None, scale
    return max(round(len(newest) * share), len(newest)), scale


# SQLite's default limit on the SELECTs of one compound statement is 500.
SNIPPET_BATCH = 400


def snippets(kind, query, pks, *, using):
    """The snippets by column (FTS5's `snippet()`, with the markers of `search.snippets`)
    of the records with these keys whose documents match.

    One SELECT per key, each with a rowid range of that key alone, joined by UNION ALL:
    FTS5 seeks to each key in its index (some 30 µs a record at 100k practices). One
    range from the lowest key to the highest would read every match in between, and
    `rowid IN (...)` makes FTS5 run the whole query again for each key."""
    table = kind.fts._meta.db_table
    columns = ", ".join(
        f"snippet({table}, {COLUMNS.index(column)}, %s, %s, %s, {SNIPPET_TOKENS})"
        for column in SNIPPET_COLUMNS
    )
    select = (
        f"SELECT rowid, {columns} FROM {table} WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s"
    )
    markers = [START, STOP, ELLIPSIS] * len(SNIPPET_COLUMNS)
    match = compile_query(query)
    keys = list(dict.fromkeys(pks))
    found = {}
    with connections[using].cursor() as cursor:
        for start in range(0, len(keys), SNIPPET_BATCH):
            batch = keys[start : start + SNIPPET_BATCH]
            cursor.execute(
                " UNION ALL ".join([select] * len(batch)),
                [value for pk in batch for value in (*markers, match, pk, pk)],
            )
            for pk, *values in cursor.fetchall():
                found[pk] = dict(zip(SNIPPET_COLUMNS, values, strict=True))
    return found


def page(kind, queryset, query, pks):
    """The records of `queryset` with these keys that match, each with its snippets by
    column: the records without FTS5 (their own filters only), then their snippets, which
    only the documents that match have."""
    found = snippets(kind, query, pks, using=queryset.db)
    records = queryset.filter(pk__in=list(found)).order_by() if found else []
    return [(obj, found[obj.pk]) for obj in records]


# Database objects ----------------------------------------------------------------------


def _names(index):
    document, fts = index
    return fts._meta.db_table, document._meta.db_table, document._meta.pk.column


def _drop(cursor, index):
    fts, document, _ = _names(index)
    for event in ("insert", "delete", "update"):
        cursor.execute(f"DROP TRIGGER IF EXISTS {document}_search_{event}")
    cursor.execute(f"DROP TABLE IF EXISTS {fts}")


def install(connection):
    """(Re)create each FTS5 table with its triggers, and index the documents already
    there. Safe to run again: it is also how a lost trigger is repaired (SQLite drops a
    table's triggers when Django rebuilds the table to alter it)."""
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        for index in existing_indexes(connection):
            fts, document, pk = _names(index)
            new = ", ".join(f"new.{column}" for column in COLUMNS)
            old = ", ".join(f"old.{column}" for column in COLUMNS)
            delete_old = (
                f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.{pk}, {old});"
            )
            insert_new = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.{pk}, {new});"
            _drop(cursor, index)
            cursor.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content='{document}', "
                f"content_rowid='{pk}', tokenize='{TOKENIZE}')"
            )
            cursor.execute(
                f"INSERT INTO {fts}({fts}, rank) VALUES "
                f"('rank', 'bm25({', '.join(map(str, WEIGHTS))})')"
            )
            cursor.execute(
                f"CREATE TRIGGER {document}_search_insert AFTER INSERT ON {document} "
                f"BEGIN {insert_new} END"
            )
            cursor.execute(
                f"CREATE TRIGGER {document}_search_delete AFTER DELETE ON {document} "
                f"BEGIN {delete_old} END"
            )
            cursor.execute(
                f"CREATE TRIGGER {document}_search_update AFTER UPDATE ON {document} "
                f"BEGIN {delete_old} {insert_new} END"
            )
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def uninstall(connection, indexes=INDEXES):
    with connection.cursor() as cursor:
        for index in indexes:
            _drop(cursor, index)


def rebuild_started(connection):
    """Drop the FTS5 tables: indexing all documents at once afterwards is much faster
    than a trigger per row."""
    uninstall(connection)


def rebuild_finished(connection):
    install(connection)
    with connection.cursor() as cursor:
        for index in INDEXES:
            fts, document, _ = _names(index)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
            cursor.execute(f"ANALYZE {document}")
