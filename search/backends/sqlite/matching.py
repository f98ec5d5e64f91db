"""How SQLite finds and ranks the records that match a query: the FTS5 query of each
word or phrase (the French and Spanish ones as their stems' prefixes), BM25's
`search_rank`, the reads of a type's newest matches, and the statistics that make its
scores comparable across types and estimate a broad search's count."""

import math
import re
import unicodedata

from django.db import connections
from django.db.models import BooleanField, F, Func

from ...ranking import near_distance, proximity_terms
from .tables import _relation, _table, language_of


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
