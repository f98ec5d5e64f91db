"""Snippets of the records found: `highlight()` for a page of records, and the snippet
of each hit of `search()`, with the language of its text (`Snippet`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, models
from django.utils.safestring import SafeString

from coherence.translated import current as current_language

from .. import snippets as snippet_text
from ..backends import backend_for
from ..kinds import Kind, kind_of
from ..models.columns import language_columns
from ..query import Query
from .filtering import _understood


class Snippet(SafeString):
    """A snippet's HTML (a SafeString, as it was) with the language of its text
    (`language`: "en", "fr" or "es"), which a page in another language marks with a
    `lang` attribute."""

    language: str = "en"

    @classmethod
    def of(cls, html: SafeString, language: str) -> Snippet:
        snippet = cls(html)
        snippet.language = language
        return snippet


def _translated(kind: Kind, objects: list[models.Model], language: str, using: str) -> set:
    """The keys of the records that have their own text, in `language`, of the field of
    their summary (`Kind.summary_field`): read from the records, or, where they were read
    without it (a list's deferred fields), in one query for all of them."""
    field = kind.summary_field
    if language == "en" or field is None:
        return set()
    name = f"{field}_{language}"
    loaded = [obj for obj in objects if name not in obj.get_deferred_fields()]
    found = {obj.pk for obj in loaded if getattr(obj, name, None)}
    deferred = [obj.pk for obj in objects if name in obj.get_deferred_fields()]
    if deferred:
        rows = kind.model._base_manager.using(using).filter(pk__in=deferred)
        found |= {pk for pk, text in rows.values_list("pk", name) if text}
    return found


def _snippet(
    kind: Kind,
    backend,
    obj,
    columns: dict[str, str | None],
    *,
    language: str = "en",
    translated: bool = False,
) -> Snippet:
    """The snippet of the first column where the query matched (in the backend's order
    of `columns`: the summary, the body, the keywords; for a French or Spanish query the
    language's summary first), or the start of the record's text if none did, with the
    language of its text. `language`: the query's (the columns of a type searched in
    English are all English); `translated`: whether the record has its own text of its
    summary's field in that language (`_translated`), without which the language's
    summary column holds the English."""
    own = language_columns(language) if language != "en" else ()
    for column, raw in columns.items():
        if snippet_text.has_match(raw):
            html = snippet_text.render(raw, escaped=backend.SNIPPETS_ESCAPED)
            if column not in own or (column.startswith("summary_") and not translated):
                return Snippet.of(html, "en")
            return Snippet.of(html, language)
    # The excerpt is the record's summary as the page shows it (its translation in the
    # active language, or the English where it has none), or English-only text (a
    # practice's description, a passage).
    text = kind.excerpt(obj)
    field = kind.summary_field
    own_text = translated and field is not None and current_language() == language
    if own_text and text and text == getattr(obj, f"{field}_{language}", None):
        return Snippet.of(snippet_text.excerpt(text), language)
    return Snippet.of(snippet_text.excerpt(text), "en")


def highlight(objects: Iterable[models.Model], text: str | Query) -> dict[int, SafeString]:
    """Snippets for a page of already-fetched records of one model, by primary key: the
    passage of each record where the query matched, HTML-escaped with the matched words
    in `<mark>`, or the start of its text when nothing in it matched. Each is a
    `Snippet`, whose `language` says which language its text is in. One query (two for
    a French or Spanish search of records read without their translated summary)."""
    objects = list(objects)
    if not objects:
        return {}
    using = objects[0]._state.db or "default"
    query = _understood(text, using)
    kind = kind_of(type(objects[0]))
    backend = backend_for(connections[using])
    raw = {}
    if not query.is_empty:
        raw = backend.snippets(kind, query, [obj.pk for obj in objects], using=using)
    translated = _translated(kind, objects, query.language, using)
    return {
        obj.pk: _snippet(
            kind,
            backend,
            obj,
            raw.get(obj.pk, {}),
            language=query.language,
            translated=obj.pk in translated,
        )
        for obj in objects
    }
