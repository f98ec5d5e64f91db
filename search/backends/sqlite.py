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

French and Spanish (issue 22): the record types with translated fields have an FTS5
table per language too (`search_<type>_fts_fr`, `_es`) over the same document table,
indexing the language's title, summary and keywords and the English columns, folded to
lower case and stripped of diacritics but not stemmed (the Porter stemmer is English
only). A query in those languages is searched there, each word as the prefix of its
stem (`_stem_prefix`: "politiques" and "politique" are both `"politiqu"*`), so that
plurals and feminines find each other in French, Spanish and English alike.
"""

import math
import re
import unicodedata
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, F, Func

from ..models import (
    INDEXES,
    LANGUAGE_INDEXES,
    existing_indexes,
    language_columns,
    snippet_columns,
)
from ..ranking import Closeness, near_distance, proximity_terms
from ..snippets import ELLIPSIS, START, STOP

TOKENIZE = "porter unicode61 remove_diacritics 2"
COLUMNS = ("title", "summary", "keywords", "body")
# BM25 weights of the columns, in the ratios of PostgreSQL's weights A (1.0), B (0.4)
# and C (0.2).
WEIGHTS = (5.0, 2.0, 2.0, 1.0)
SNIPPET_TOKENS = 32
# snippet() returns the text as stored, to be escaped before its markers become tags.
SNIPPETS_ESCAPED = False

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


def _string(term) -> str:
    return '"' + term.text.replace('"', '""') + '"'


_WORD = re.compile(r"[^\W_]+")
# The shortest stem searched as a prefix: a shorter one would find unrelated words.
MIN_PREFIX = 4
# The inflections of a shorter stem that a word is searched in (`_stem_prefix`): what the
# plural and the final vowel removed, in French, Spanish and English.
SHORT_ENDINGS = ("", "s", "e", "es", "a", "as", "o", "os", "x")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stem_prefix(word: str, *, alone: bool = True) -> str:
    """A word's light stem, searched as a prefix: the plural ("-s", "-x", "-ies", "-aux")
    and a final vowel (a, e, o) removed, so that "politiques", "politique" and
    "politiquement" all start with "politiqu", "remesas" and "remesa" with "remes",
    "migraciones" and "migracion" with "migracion".

    A stem shorter than `MIN_PREFIX` letters is no prefix: "Togo" as `"tog"*` would find
    "together", "redes" as `"red"*` "reduction". Such a word is searched as typed and,
    `alone` (not inside a phrase, where FTS5 has no OR), in the inflections the stem's
    removal stands for (`SHORT_ENDINGS`): "aide" finds "aides" and "aid", "redes"
    finds "red"."""
    word = _fold(word)
    if not word.isalpha():
        return f'"{word}"'
    stem = word
    if stem.endswith("ies"):
        stem = stem[:-3]
    elif stem.endswith("aux"):
        stem = stem[:-2]
    elif stem.endswith(("s", "x")):
        stem = stem[:-1]
    if stem.endswith(("a", "e", "o")):
        stem = stem[:-1]
    if len(stem) >= MIN_PREFIX:
        return f'"{stem}"*'
    if alone and len(stem) > 1 and stem != word:
        forms = dict.fromkeys([word, *(stem + ending for ending in SHORT_ENDINGS)])
        return "(" + " OR ".join(f'"{form}"' for form in forms) + ")"
    return f'"{word}"'


def _language_string(term) -> str:
    """A word or phrase of a French or Spanish query: the phrase of its words' stem
    prefixes."""
    words = _WORD.findall(term.text)
    alone = len(words) == 1
    return " + ".join(_stem_prefix(word, alone=alone) for word in words) or '""'


# Whether SQLite ranks the words that stand near each other (`NEAR()`) a second time.
# Off: measured on 10k and 100k synthetic practices (issue 24), it made the filtered
# three-word search grow 3.56× from 10k to 100k (19.4 ms at 100k) against 3.01× (14.6 ms)
# without, past the ≤ 3× target of docs/performance.md, because FTS5 counts every phrase
# of the NEAR group over the whole table for BM25. PostgreSQL, the production database,
# ranks proximity (`ts_rank_cd`). A NEAR() test of the ranked window's best 25 only was
# measured too (4.50×: a failed NEAR() test is not bounded by its rowid in SQLite 3.40).
# SQLite ranks proximity from the words' positions instead (`POSITION_RANKING`).
NEAR_RANKING = False
# Whether `proximity()` reads the positions of the words in the best records of the
# window (issue 24): measured within the targets of docs/performance.md (docs/search.md,
# "How results are ordered").
POSITION_RANKING = True


def compile_query(query, language: str = "en", *, ranked: bool = False) -> str:
    """The FTS5 query of a non-empty Query, for the table of `language`. `ranked`: the
    query as it is ranked, which matches the same rows: with several words, OR-ed with
    a `NEAR()` group of them (`search.ranking`), so that BM25 scores the words that
    stand near each other a second time."""
    string = _string if language == "en" else _language_string
    groups = [
        string(group[0]) if len(group) == 1 else f"({' OR '.join(map(string, group))})"
        for group in query.groups
    ]
    expression = " AND ".join(groups)
    if ranked and NEAR_RANKING and (terms := proximity_terms(query)):
        near = f"NEAR({' '.join(map(string, terms))}, {near_distance(terms)})"
        expression = f"({expression}) OR {near}"
    for term in query.excluded:
        expression = f"({expression}) NOT {string(term)}"
    return expression


def matches(queryset, kind, query):
    language = language_of(kind, query)
    relation = _relation(language)
    return queryset.filter(
        **{f"{relation}__text__match": compile_query(query, language, ranked=True)}
    ).annotate(search_rank=-F(f"{relation}__rank"))


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


def among(matched, candidates, kind, query):
    """`matched` (from `matches()`) with its FTS5 rowids among the candidates': each
    match FTS5 reads is tested against their byte per key before SQLite joins its record
    and runs the selection's `EXISTS` filters (which it evaluates after the simpler
    conditions), so those run for the candidates that match only."""
    relation = _relation(language_of(kind, query))
    return matched.filter(KeyFlagged(F(relation), candidates.key_flags()))


def newest_first(queryset, kind, query):
    """Newest first in the FTS5 table's own rowid order, which it reads without sorting,
    so a LIMIT stops the scan early."""
    return queryset.order_by(f"-{_relation(language_of(kind, query))}")


def newest_public(kind, query, limit, *, using):
    """None: FTS5 reads a type's matches newest first from its own index already, and
    tests each one's record (`newest_first`); there is no table of public vectors."""
    return None


def newest_among(kind, query, candidates, limit, *, using):
    """FTS5 reads the query's matches newest first (its rowid order) and stops after
    `limit` of them among the candidates, ranking those only. The candidates are one
    BLOB parameter, a byte per key (`Candidates.key_flags()`), that each match's rowid
    picks a byte of: a test in constant time, which neither a list of keys to build
    (`rowid IN (...)` sorts it into a temporary index first, 2 ms for 7,000 keys) nor
    FTS5 (it would run the whole query again for each key of an `IN` it is handed)
    matches."""
    language = language_of(kind, query)
    table = _table(kind, language)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -rank FROM {table} WHERE {table} MATCH %s "
            f"AND {FLAGGED.format(key='rowid')} ORDER BY rowid DESC LIMIT %s",
            [compile_query(query, language, ranked=True), candidates.key_flags(), limit],
        )
        return cursor.fetchall()


def _wanted_phrases(query, language: str = "en") -> list[str]:
    """The FTS5 phrases that add to a record's BM25 score: every word or phrase of the
    query but the excluded ones (which a matching record does not contain)."""
    string = _string if language == "en" else _language_string
    return [string(term) for group in query.groups for term in group]


def statistics(kind, matched, query, newest, *, broad: bool):
    """One query for the count estimate of a broad search and the score scale.

    The scale: BM25 sums, over the query's phrases, each phrase's inverse document
    frequency (IDF) times its weighted, length-normalised frequency in the record. The
    IDF comes from the record's own FTS5 table, so the same word weighs differently in
    practices and in passages, and FTS5 sets it to 1e-6 for a word in more than half of
    a table's rows: in a small table a title hit could score a millionth of a passage's
    body hit. Dividing by the sum of the IDFs of the wanted words and phrases (per group
    of alternatives, the highest among those some record holds: `_idf_sum`) leaves
    about the IDF-weighted mean of their frequency terms, which depends on the record's
    own text only, like PostgreSQL's `ts_rank`. It is a constant per type and query, so it keeps
    the order within a type. It is divided by the type's `Kind.weight` (passages count
    half).

    A narrow search counts the records of each phrase. A broad one reads the stretch of
    newest records that its newest matches came from, and scales what it finds there to
    the whole table (FTS5 counts a phrase in time linear in its records, 5 ms for a word
    in 86,000 of 100,000 practices, where the stretch holds about a thousand): the
    phrases' counts, for the IDFs, and the queryset's matches, for the estimate of its
    count (the newest read are all of them in the stretch). Both assume the matches are
    spread evenly over time, as PostgreSQL's estimate does.
    """
    language = language_of(kind, query)
    table, records = _table(kind, language), kind.model._meta.db_table
    pk = kind.model._meta.pk.column
    phrases = list(dict.fromkeys(_wanted_phrases(query, language)))
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
    scale = _idf_sum(query, language, rows, hits) / kind.weight
    if not broad:
        return None, scale
    return max(round(len(newest) * share), len(newest)), scale


def _idf_sum(query, language: str, rows: int, hits: dict[str, float]) -> float:
    """The IDFs a record's BM25 score is divided by: per group of the query (a word
    typed and its thesaurus alternatives, OR-ed), the highest IDF among its phrases that
    some record holds. A record matches a group by one of its phrases, mostly; an
    alternative no record holds ("migración circular" among English texts) scores
    nothing, and counted in the sum it would only shrink the scores of the types where
    the words typed are frequent (low IDF) against those where they are rare."""
    string = _string if language == "en" else _language_string

    def idf(phrase: str) -> float:
        return max(math.log((rows - hits[phrase] + 0.5) / (hits[phrase] + 0.5)), 1e-6)

    total = 0.0
    for group in query.groups:
        held = [idf(phrase) for phrase in map(string, group) if hits[phrase] > 0]
        total += max(held, default=1e-6)
    return total


# SQLite's default limit on the SELECTs of one compound statement is 500.
SNIPPET_BATCH = 400


def snippets(kind, query, pks, *, using):
    """The snippets by column (FTS5's `snippet()`, with the markers of `search.snippets`)
    of the records with these keys whose documents match.

    One SELECT per key, each with a rowid range of that key alone, joined by UNION ALL:
    FTS5 seeks to each key in its index (some 30 µs a record at 100k practices). One
    range from the lowest key to the highest would read every match in between, and
    `rowid IN (...)` makes FTS5 run the whole query again for each key."""
    language = language_of(kind, query)
    table, shown, indexed = (
        _table(kind, language),
        snippet_columns(language),
        table_columns(language),
    )
    columns = ", ".join(
        f"snippet({table}, {indexed.index(column)}, %s, %s, %s, {SNIPPET_TOKENS})"
        for column in shown
    )
    rows = _each_record(
        table,
        columns,
        [START, STOP, ELLIPSIS] * len(shown),
        compile_query(query, language),
        pks,
        using,
    )
    return {pk: dict(zip(shown, values, strict=True)) for pk, *values in rows}


def _each_record(table, columns, parameters, match, pks, using):
    """(rowid, *columns) of the records with these keys whose documents match `match`,
    `columns` SQL of FTS5's auxiliary functions with their `parameters`: one SELECT per
    key, each with a rowid range of that key alone, joined by UNION ALL (`snippets()`
    says why), in batches of `SNIPPET_BATCH`."""
    select = (
        f"SELECT rowid, {columns} FROM {table} WHERE {table} MATCH %s AND rowid BETWEEN %s AND %s"
    )
    keys = list(dict.fromkeys(pks))
    with connections[using].cursor() as cursor:
        for start in range(0, len(keys), SNIPPET_BATCH):
            batch = keys[start : start + SNIPPET_BATCH]
            cursor.execute(
                " UNION ALL ".join([select] * len(batch)),
                [value for pk in batch for value in (*parameters, match, pk, pk)],
            )
            yield from cursor.fetchall()


def proximity(kind, query, pks, *, using) -> dict[int, float]:
    """How close the words typed stand in each of these matching records
    (`search.ranking.Closeness`: 1 for a phrase), by key; {} for a query of one term.

    The records' matched words come from FTS5's `highlight()` of every column, with the
    query as it matches (no `NEAR()`): the records match it, so FTS5 seeks to each and
    stops there, one SELECT per key joined by UNION ALL as in `snippets()`. Their
    positions are counted in Python, from the first matched word to the last of each
    column, and the closest column counts (a phrase in the body ranks as one in the
    title: the title's weight is BM25's already). A `NEAR()` test instead is not bounded
    by the rowid when it fails (issue 24, docs/search.md)."""
    if not POSITION_RANKING or not proximity_terms(query) or not pks:
        return {}
    language = language_of(kind, query)
    table, indexed = _table(kind, language), table_columns(language)
    columns = ", ".join(f"highlight({table}, {index}, %s, %s)" for index in range(len(indexed)))
    closeness = Closeness(query, START, STOP)
    rows = _each_record(
        table, columns, [START, STOP] * len(indexed), compile_query(query, language), pks, using
    )
    return {pk: closeness(texts) for pk, *texts in rows}


def page(kind, queryset, query, pks):
    """The records of `queryset` with these keys that match, each with its snippets by
    column: the records without FTS5 (their own filters only), then their snippets, which
    only the documents that match have."""
    found = snippets(kind, query, pks, using=queryset.db)
    records = queryset.filter(pk__in=list(found)).order_by() if found else []
    return [(obj, found[obj.pk]) for obj in records]


# Database objects ----------------------------------------------------------------------


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
