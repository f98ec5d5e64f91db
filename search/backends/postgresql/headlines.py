"""Snippets on PostgreSQL: `ts_headline` of a document's columns, each in its column's
language, with the match markers of `search.snippets`."""

import operator
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import F, Func, TextField

from ...models.columns import CONFIG, CONFIGS, SNIPPET_COLUMNS, language_columns, snippet_columns
from ...snippets import ELLIPSIS, START, STOP
from .matching import _term, compile_query, condition, language_of, matches

HEADLINE = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_fragments": 2,
    "max_words": 18,
    "min_words": 6,
    "short_word": 0,
    "fragment_delimiter": f" {ELLIPSIS} ",
}

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
