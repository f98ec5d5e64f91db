"""PostgreSQL: a stored, weighted `tsvector` per document with a GIN index.

Each word or phrase of the query is turned into a `tsquery` by PostgreSQL itself
(`phraseto_tsquery` with the `search_english` configuration: English
stemming and stop words, accents removed by `unaccent`), and the parts are combined with
the `tsquery` operators `&&`, `||` and `!!`. Every value is a bound parameter. The whole
`tsquery` expression is immutable, so PostgreSQL computes it once, at planning time.

French and Spanish (issue 22): the record types with translated fields have a second
and third vector (`vector_fr`, `vector_es`: the language's title, summary and keywords
with its stemming, `search_french`/`search_spanish`), each with a GIN index. A query in
those languages matches a record when each of its words or phrases is in the language's
vector (stemmed in that language) or in the English one (stemmed in English), so that
"politique migratoire" finds the French title and "remittances" or a quote the English
text; PostgreSQL combines the GIN indexes of both (BitmapOr, BitmapAnd).
"""

import operator
from functools import reduce

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db.models import BooleanField, F, Func, Max, Min, Q, TextField

from coherence.models.base import EditorialState

from ..models import (
    CONFIG,
    CONFIGS,
    INDEXES,
    LANGUAGE_INDEXES,
    OTHER_LANGUAGES,
    PUBLIC_VECTORS,
    SNIPPET_COLUMNS,
    existing_indexes,
    language_columns,
    snippet_columns,
)
from ..ranking import proximity_terms
from ..snippets import ELLIPSIS, START, STOP

# ts_rank's normalisation: divide by 1 + the logarithm of the document's length, so a
# long document does not win by length alone.
NORMALIZATION = 1
# The weights of the vector's D, C, B and A positions (PostgreSQL's default: 0.1, 0.2,
# 0.4, 1.0): the body (C) and the summary and names (B) count less against the title.
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# How much the words' cover density (`ts_rank_cd`) adds to `ts_rank`.
PROXIMITY = 1.0
HEADLINE = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_fragments": 2,
    "max_words": 18,
    "min_words": 6,
    "short_word": 0,
    "fragment_delimiter": f" {ELLIPSIS} ",
}


# The letters the English (Snowball) stemmer counts as vowels.
VOWELS = frozenset("aeiouy")


def _keeps_plural(word: str) -> bool:
    """Whether the English stemmer leaves the "s" of this word's plural: it removes it
    only after a vowel that is not right before it, so an acronym's plural ("PRSPs",
    "CFOs", "NGOs") is another word than the acronym ("prsps" and "prsp"). SQLite's
    Porter stemmer removes it."""
    return (
        len(word) > 1
        and word.isascii()
        and word.isalpha()
        and not word.endswith(("s", "S"))
        and not (VOWELS & set(word[:-1].casefold()))
    )


def _term(term, config=CONFIG):
    # A word is a phrase too: "co-development" or "3x1" are several tokens in a row for
    # both databases' tokenizers, and must match in that order on both.
    found = SearchQuery(term.text, config=config, search_type="phrase")
    if config == CONFIG and not term.phrase and _keeps_plural(term.text):
        # "PRSP" finds "PRSPs" too, as on SQLite.
        found |= SearchQuery(term.text + "s", config=config, search_type="phrase")
    return found


def _wanted(query) -> SearchQuery:
    """What the records must contain: the query without its exclusions."""
    return reduce(
        operator.and_, (reduce(operator.or_, map(_term, group)) for group in query.groups)
    )


def language_of(kind, query) -> str:
    """The language a type is searched in: the query's, when the type has text in it."""
    return query.language if kind.translated else "en"


def _either(term, language):
    """A word or phrase in the language (stemmed in it) or in English."""
    return _term(term, CONFIGS[language]) | _term(term)


def _wanted_in(query, language) -> SearchQuery:
    """`_wanted` for a query in another language, against both vectors concatenated."""
    return reduce(
        operator.and_,
        (
            reduce(operator.or_, (_either(term, language) for term in group))
            for group in query.groups
        ),
    )


class Concatenated(Func):
    """`vector_fr || vector`: a document's vectors in both languages, for ranking."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = SearchVectorField()


def condition(kind, query, prefix="") -> Q:
    """The records (`prefix`: the path from them to their document) whose documents
    match the query, in its language: for another language than English, each word or
    phrase in the language's vector or in the English one, and no excluded one in
    either, so that both vectors' GIN indexes serve it."""
    language = language_of(kind, query)
    english = f"{prefix}vector"
    if language == "en":
        return Q(**{english: compile_query(query)})
    config, own = CONFIGS[language], f"{prefix}vector_{language}"
    found = Q()
    for group in query.groups:
        either = Q()
        for term in group:
            either |= Q(**{own: _term(term, config)}) | Q(**{english: _term(term)})
        found &= either
    for term in query.excluded:
        found &= Q(**{own: ~_term(term, config)}) & Q(**{english: ~_term(term)})
    return found


def rank(kind, query, prefix=""):
    """`search_rank`: ts_rank of the wanted words (ts_rank gives 0 to a query with a
    negation); in another language, over both vectors. With several words, plus
    `PROXIMITY` times their cover density (`ts_rank_cd`), which is highest where they
    stand together (`search.ranking`)."""
    language = language_of(kind, query)
    if language == "en":
        vector, wanted = F(f"{prefix}vector"), _wanted(query)
        near = [_term(term) for term in proximity_terms(query)]
    else:
        vector = Concatenated(F(f"{prefix}vector_{language}"), F(f"{prefix}vector"))
        wanted = _wanted_in(query, language)
        near = [_either(term, language) for term in proximity_terms(query)]
    score = SearchRank(vector, wanted, weights=WEIGHTS, normalization=NORMALIZATION)
    if near:
        score += PROXIMITY * SearchRank(
            vector,
            reduce(operator.and_, near),
            weights=WEIGHTS,
            normalization=NORMALIZATION,
            cover_density=True,
        )
    return score


# The nearness of the words is in `rank()`'s score already (`ts_rank_cd`): nothing for
# `search.engine` to add (`search.backends`).
proximity = None


def compile_query(query) -> SearchQuery:
    """The `tsquery` expression of a non-empty Query."""
    tsquery = _wanted(query)
    for term in query.excluded:
        tsquery &= ~_term(term)
    return tsquery


def matches(queryset, kind, query):
    # Ranked on the wanted words only: ts_rank gives 0 to a query with a negation.
    return queryset.filter(condition(kind, query, "search_document__")).annotate(
        search_rank=rank(kind, query, "search_document__")
    )


def newest_first(queryset, kind=None, query=None):
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


def among(matched, candidates, kind=None, query=None):
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
        .filter(EqualsAnyKey(F("pk"), list(candidates.newest())), condition(kind, query))
        .annotate(search_rank=rank(kind, query))
        .order_by("-pk")
        .values_list("pk", "search_rank")[:limit]
    )


def newest_public(kind, query, limit, *, using):
    """The newest public matches of a type with a table of public vectors
    (`search.models.PUBLIC_VECTORS`), at most `limit` of them, as (pk, search_rank)
    pairs; None for the other types. PostgreSQL reads the narrow table alone: backwards
    along its key for common words, stopping at the `limit`-th match, or from its GIN
    indexes for rare ones, with no join and no sort of the candidates' vectors."""
    vectors = PUBLIC_VECTORS.get(kind.document)
    if vectors is None:
        return None
    return list(
        vectors.objects.using(using)
        .filter(condition(kind, query), published=True)
        .annotate(search_rank=rank(kind, query))
        .order_by("-pk")
        .values_list("pk", "search_rank")[:limit]
    )


def statistics(kind, matched, query, newest, *, broad: bool):
    """The count estimate of a broad search, and the score scale.

    The estimate assumes the matches are spread evenly over the primary keys (over the
    time records were added): the newest matches read cover some stretch of keys, the
    whole type covers more. (PostgreSQL's own estimate is cheaper still, but it guesses
    phrases and words that occur together badly: a fifth of the real count for
    "social protection".) The scale is 1 over the type's `Kind.weight`: `ts_rank` has no
    document frequencies in it, so its scores compare across types as they are."""
    scale = 1.0 / kind.weight
    if not broad:
        return None, scale
    keys = kind.model._default_manager.using(matched.db).aggregate(low=Min("pk"), high=Max("pk"))
    read = [pk for pk, _ in newest]
    span = (keys["high"] - keys["low"] + 1) / (max(read) - min(read) + 1)
    return max(round(len(read) * span), len(read)), scale


# ts_headline drops HTML tags from what it shows; `snippets` hands it the text with
# `&`, `<` and `>` already escaped, so that a record's `<script>` shows as text.
SNIPPETS_ESCAPED = True


class HtmlEscaped(Func):
    """A text column with `&`, `<` and `>` written as HTML entities."""

    template = "replace(replace(replace(%(expressions)s, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
    output_field = TextField()


def _any_word(query, config) -> SearchQuery:
    """Any wanted word or phrase of the query, stemmed with `config`: what a headline in
    one language marks, when the record may match in the other."""
    return reduce(operator.or_, (_term(term, config) for group in query.groups for term in group))


def _headlines(kind, query, prefix=""):
    """`snippet_<column>` headlines of the document's columns (`prefix`: the path to the
    document from the queryset's model), each made in its column's language."""
    language = language_of(kind, query)
    if language == "en":
        tsquery = compile_query(query)
        return {
            f"snippet_{column}": SearchHeadline(
                HtmlEscaped(F(f"{prefix}{column}")), tsquery, config=CONFIG, **HEADLINE
            )
            for column in SNIPPET_COLUMNS
        }
    own = set(language_columns(language))
    headlines = {}
    for column in snippet_columns(language):
        config = CONFIGS[language] if column in own else CONFIG
        headlines[f"snippet_{column}"] = SearchHeadline(
            HtmlEscaped(F(f"{prefix}{column}")), _any_word(query, config), config=config, **HEADLINE
        )
    return headlines


def page(kind, queryset, query, pks):
    """The records of `queryset` with these keys that match, each with its snippets by
    column: one query, the headlines made with the records."""
    columns = snippet_columns(language_of(kind, query))
    records = (
        matches(queryset, kind, query)
        .filter(pk__in=list(pks))
        .order_by()
        .annotate(**_headlines(kind, query, "search_document__"))
    )
    return [
        (obj, {column: getattr(obj, f"snippet_{column}") for column in columns}) for obj in records
    ]


def snippets(kind, query, pks, *, using):
    """The snippets by column of the records with these keys whose documents match."""
    columns = snippet_columns(language_of(kind, query))
    rows = (
        kind.document.objects.using(using)
        .filter(condition(kind, query), pk__in=list(pks))
        .annotate(**_headlines(kind, query))
        .values_list("pk", *(f"snippet_{column}" for column in columns))
    )
    return {pk: dict(zip(columns, values, strict=True)) for pk, *values in rows}


# Database objects ----------------------------------------------------------------------


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
