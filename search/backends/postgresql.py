"""PostgreSQL: a stored, weighted `tsvector` per document with a GIN index.

Each word or phrase of the query is turned into a `tsquery` by PostgreSQL itself
(`phraseto_tsquery` with the `search_english` configuration: English
stemming and stop words, accents removed by `unaccent`), and the parts are combined with
the `tsquery` operators `&&`, `||` and `!!`. Every value is a bound parameter. The whole
`tsquery` expression is immutable, so PostgreSQL computes it once, at planning time.
"""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import BooleanField, F, Func, Max, Min, TextField

from ..models import CONFIG, INDEXES, existing_indexes
from ..snippets import ELLIPSIS, SNIPPET_COLUMNS, START, STOP

# ts_rank's normalisation: divide by 1 + the logarithm of the document's length, so a
# long document does not win by length alone.
NORMALIZATION = 1
HEADLINE = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_fragments": 2,
    "max_words": 18,
    "min_words": 6,
    "short_word": 0,
    "fragment_delimiter": f" {ELLIPSIS} ",
}


def _term(term):
    # A word is a phrase too: "co-development" or "3x1" are several tokens in a row for
    # both databases' tokenizers, and must match in that order on both.
    return SearchQuery(term.text, config=CONFIG, search_type="phrase")


def _wanted(query) -> SearchQuery:
    """What the records must contain: the query without its exclusions."""
    return reduce(
        operator.and_, (reduce(operator.or_, map(_term, group)) for group in query.groups)
    )


def compile_query(query) -> SearchQuery:
    """The `tsquery` expression of a non-empty Query."""
    tsquery = _wanted(query)
    for term in query.excluded:
        tsquery &= ~_term(term)
    return tsquery


def matches(queryset, kind, query):
    # Ranked on the wanted words only: ts_rank gives 0 to a query with a negation.
    return queryset.filter(search_document__vector=compile_query(query)).annotate(
        search_rank=SearchRank(
            F("search_document__vector"), _wanted(query), normalization=NORMALIZATION
        )
    )


def newest_first(queryset):
    return queryset.order_by("-pk")


class EqualsAnyKey(Func):
    """`expression = ANY(%s::bigint[])` for integer keys, sent as one array literal
    (`{1,2,3}`) however many there are: thousands of keys as an `IN` list, or as the
    `ARRAY[...]` expression psycopg2 makes of a list, cost PostgreSQL more to parse than
    the search itself."""

    template = "%(expressions)s = ANY(%%s::bigint[])"
    output_field = BooleanField()

    def __init__(self, expression, keys):
        super().__init__(expression)
        self.literal = "{" + ",".join(str(int(key)) for key in keys) + "}"

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return sql, (*params, self.literal)


def among(matched, candidates):
    """`matched` (from `matches()`) with its documents' keys among the candidates', as an
    array: PostgreSQL then knows how few records the selection's filters leave, which
    its estimate of a link-table `EXISTS` does not (an average country's practices: 588
    for a country with 4,480), and looks the words up in the GIN index instead of
    checking each candidate's vector in turn (70 ms at 100k practices for those 4,480,
    5 ms through the index)."""
    return matched.filter(EqualsAnyKey(F("search_document__pk"), list(candidates.newest())))


def newest_among(kind, query, candidates, limit, *, using):
    """PostgreSQL plans it from its statistics: backwards along the primary key, checking
    each record's vector and stopping after `limit` matches, when the words are common;
    from the GIN index when they are rare. The candidates are an array of their keys."""
    return list(
        kind.document.objects.using(using)
        .filter(EqualsAnyKey(F("pk"), list(candidates.newest())), vector=compile_query(query))
        .annotate(search_rank=SearchRank(F("vector"), _wanted(query), normalization=NORMALIZATION))
        .order_by("-pk")
        .values_list("pk", "search_rank")[:limit]
    )


def statistics(kind, matched, query, newest, *, broad: bool):
    """The count estimate of a broad search, and the score scale.

    The estimate assumes the matches are spread evenly over the primary keys (over the
    time records were added): the newest matches read cover some stretch of keys, the
    whole type covers more. (PostgreSQL's own estimate is cheaper still, but it guesses
    phrases and words that occur together badly: a fifth of the real count for
    "social protection".) The scale is 1: `ts_rank` has no document frequencies in it,
    so its scores compare across types as they are."""
    if not broad:
        return None, 1.0
    keys = kind.model._default_manager.using(matched.db).aggregate(low=Min("pk"), high=Max("pk"))
    read = [pk for pk, _ in newest]
    span = (keys["high"] - keys["low"] + 1) / (max(read) - min(read) + 1)
    return max(round(len(read) * span), len(read)), 1.0


# ts_headline drops HTML tags from what it shows; `snippets` hands it the text with
# `&`, `<` and `>` already escaped, so that a record's `<script>` shows as text.
SNIPPETS_ESCAPED = True


class HtmlEscaped(Func):
    """A text column with `&`, `<` and `>` written as HTML entities."""

    template = "replace(replace(replace(%(expressions)s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
    output_field = TextField()


def _headlines(query, prefix=""):
    """`snippet_<column>` headlines of the document's columns (`prefix`: the path to the
    document from the queryset's model)."""
    tsquery = compile_query(query)
    return {
        f"snippet_{column}": SearchHeadline(
            HtmlEscaped(F(f"{prefix}{column}")), tsquery, config=CONFIG, **HEADLINE
        )
        for column in SNIPPET_COLUMNS
    }


def page(kind, queryset, query, pks):
    """The records of `queryset` with these keys that match, each with its snippets by
    column: one query, the headlines made with the records."""
    records = (
        matches(queryset, kind, query)
        .filter(pk__in=list(pks))
        .order_by()
        .annotate(**_headlines(query, "search_document__"))
    )
    return [
        (obj, {column: getattr(obj, f"snippet_{column}") for column in SNIPPET_COLUMNS})
        for obj in records
    ]


def snippets(kind, query, pks, *, using):
    """The snippets by column of the records with these keys whose documents match."""
    rows = (
        kind.document.objects.using(using)
        .filter(pk__in=list(pks), vector=compile_query(query))
        .annotate(**_headlines(query))
        .values_list("pk", *(f"snippet_{column}" for column in SNIPPET_COLUMNS))
    )
    return {pk: dict(zip(SNIPPET_COLUMNS, values, strict=True)) for pk, *values in rows}


# Database objects ----------------------------------------------------------------------


def create_text_search_config(connection):
    """The `search_english` configuration: PostgreSQL's `english`, with accents removed
    from words before they are stemmed. Created before the document tables, whose
    generated `vector` columns use it."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.english)")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
        )


def drop_text_search_config(connection):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def _index_name(document) -> str:
    return f"{document._meta.db_table}_vector_gin"


def install(connection):
    """A GIN index on each document table's `vector`."""
    # Checks of deferred foreign keys still pending would forbid creating an index.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for document, _fts in existing_indexes(connection):
            cursor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_index_name(document)}" '
                f'ON "{document._meta.db_table}" USING gin (vector)'
            )


def uninstall(connection, indexes=INDEXES):
    with connection.cursor() as cursor:
        for document, _fts in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{_index_name(document)}"')


def rebuild_started(connection):
    """Drop the GIN indexes: building them once after loading is faster than keeping
    them up to date row by row."""
    uninstall(connection)


def rebuild_finished(connection):
    install(connection)
    with connection.cursor() as cursor:
        for document, _fts in INDEXES:
            cursor.execute(f'ANALYZE "{document._meta.db_table}"')
