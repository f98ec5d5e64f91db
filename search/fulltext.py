"""The search app's implementation of `coherence.fulltext.FullTextSearch`, which the
shared FilterSets and the pages of the layers below call; provided at start-up by
`SearchConfig.ready()`."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, QuerySet
from django.utils.safestring import SafeString

from .engine.filtering import filter_queryset
from .engine.highlighting import highlight
from .engine.lists import ranked
from .query import MAX_QUERY_LENGTH, parse_query


class FullText:
    max_query_length = MAX_QUERY_LENGTH

    def validate(self, text: str) -> None:
        parse_query(text)  # SearchQueryError is a ValueError with the user's message

    def filter(self, queryset: QuerySet, text: str, *, among=None, exact=False) -> QuerySet:
        """`filter_queryset()`: with the thesaurus, and, when nothing matches and not
        `exact`, corrections or words left out (`search.understanding`)."""
        return filter_queryset(queryset, text, among=among, forgiving=not exact)

    def ranked(self, matched: QuerySet, text: str, *, records: QuerySet):
        return ranked(matched, text, records=records)

    def highlight(self, objects: Iterable[Model], text: str) -> dict[int, SafeString]:
        return highlight(objects, text)


FULL_TEXT = FullText()
