"""What FTS5 marks in the records that match: their snippets (`snippet()`, with the
markers of `search.snippets`) and the positions of the words typed (`highlight()`), from
which `proximity()` ranks the records whose words stand close together."""

from django.db import connections

from ...models.columns import snippet_columns
from ...ranking import Closeness, proximity_terms
from ...snippets import ELLIPSIS, START, STOP
from .matching import compile_query
from .tables import _table, language_of, table_columns

SNIPPET_TOKENS = 32
# snippet() returns the text as stored, to be escaped before its markers become tags.
SNIPPETS_ESCAPED = False
# Whether `proximity()` reads the positions of the words in the best records of the
# window (issue 24): measured within the targets of docs/performance.md (docs/search.md,
# "How results are ordered").
POSITION_RANKING = True

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
