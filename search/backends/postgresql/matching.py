"""How PostgreSQL finds and ranks the records that match a query: the `tsquery` of each
word or phrase, the condition on the documents' vectors (in the query's language and in
English), `search_rank` (`ts_rank`, plus `ts_rank_cd` for the words' proximity), and the
reads of a type's newest matches and of its statistics that `search.engine` bounds its
work with."""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import BooleanField, F, Func, Max, Min, Q

from ...models.columns import CONFIG, CONFIGS
from ...models.postgresql_vectors import PUBLIC_VECTORS
from ...ranking import proximity_terms

# ts_rank's normalisation: divide by 1 + the logarithm of the document's length, so a
# long document does not win by length alone.
NORMALIZATION = 1
# The weights of the vector's D, C, B and A positions (PostgreSQL's default: 0.1, 0.2,
# 0.4, 1.0): the body (C) and the summary and names (B) count less against the title.
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
# How much the words' cover density (`ts_rank_cd`) adds to `ts_rank`.
PROXIMITY = 1.0


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
    (`search.models.postgresql_vectors.PUBLIC_VECTORS`), at most `limit` of them, as
    (pk, search_rank) pairs; None for the other types. PostgreSQL reads the narrow table
    alone: backwards along its key for common words, stopping at the `limit`-th match,
    or from its GIN indexes for rare ones, with no join and no sort of the candidates'
    vectors."""
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
