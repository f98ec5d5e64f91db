"""The CSV and XLSX exports of practices from flat rows (`practices.rows`): the
practices' own columns as tuples, and one query per link type for each chunk of them,
which brings the linked records' keys and names together. No model instances and no serializers: at 100,000
practices those cost over a minute where the rows take seconds, long enough for a worker's
timeout to cut the download short.

The rows are those of the list representation (`PracticeSerializer`), in the same order
and with the same values: multi-valued cells are the linked records' keys joined with
`;`, in the order the list gives them, each followed by a column of their names in the
same order (`countries`, `country_names`). A test compares the two.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from operator import itemgetter

from django.db.models import QuerySet
from django.utils import timezone

from coherence.rest.csv import CHUNK_SIZE, escape
from coherence.translated import current as current_language
from coherence.translated import localized

from .models import Practice
from .rows import SLUG, TRANSLATED, iso_datetime, languages, link_rows, own_columns, urls

COLUMNS = (
    "slug",
    "title",
    "summary",
    "countries",
    "country_names",
    "coherence_levels",
    "coherence_level_names",
    "themes",
    "theme_names",
    "institutions",
    "institution_names",
    "tools",
    "tool_names",
    "gcm_objectives",
    "gcm_objective_names",
    "gcm_principles",
    "gcm_principle_names",
    "sdg_targets",
    "sdg_target_names",
    "scope",
    "start_year",
    "end_year",
    "status",
    "updated_at",
    "url",
    "web_url",
    "languages",
)
Joined = dict[int, tuple[str, str]]
NO_LINKS = ("", "")


class _Texts(dict):
    """Each key or name passed through `text` once: the same few thousand records are
    linked over and over across the export."""

    def __init__(self, text: Callable[[str], str]):
        super().__init__()
        self.text = text

    def __missing__(self, value: str) -> str:
        self[value] = found = self.text(value)
        return found


def _links(ids: list[int], using: str, texts: _Texts) -> dict[str, Joined]:
    """For each multi-valued column, each practice's cells: the keys, then the names,
    each passed through `texts` and joined with `;` (the rows come by practice)."""
    found: dict[str, Joined] = {}
    for column, rows in link_rows(ids, using).items():
        joined: Joined = {}
        for practice_id, group in groupby(rows, key=itemgetter(0)):
            group = list(group)
            joined[practice_id] = (
                ";".join([texts[str(row[1])] for row in group]),
                ";".join([texts[str(row[2])] for row in group]),
            )
        found[column] = joined
    return found


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _languages(language: str, in_language: tuple) -> str:
    """The `languages` cell, as the list's object is written in a cell: `title=fr;summary=en`
    (`in_language`: the translated columns' text in the language, read after `OWN`)."""
    columns = [localized(name, language) for name in TRANSLATED]
    found = languages(dict(zip(columns, in_language, strict=False)), language)
    return ";".join(f"{name}={code}" for name, code in found.items())


def _text(value) -> str:
    return "" if value is None else escape(str(value))


def _chunks_with_links(
    practices: QuerySet[Practice], text: Callable[[str], str]
) -> Iterator[tuple[list[tuple], list[Joined]]]:
    """The practices' own columns chunk by chunk, with their links' cells (countries,
    coherence levels, themes, institutions, tools, and the classification's GCM
    objectives, GCM principles and SDG targets)."""
    rows = practices.values_list(*own_columns()).iterator(chunk_size=CHUNK_SIZE)
    texts = _Texts(text)
    for chunk in _chunks(rows, CHUNK_SIZE):
        links = _links([row[0] for row in chunk], practices.db, texts)
        yield (
            chunk,
            [
                links["countries"],
                links["coherence_levels"],
                links["themes"],
                links["institutions"],
                links["tools"],
                links["gcm_objectives"],
                links["gcm_principles"],
                links["sdg_targets"],
            ],
        )


def csv_lines(practices: QuerySet[Practice], request=None) -> Iterator[str]:
    """The CSV text of the practices, a header line then one block of lines per chunk."""
    api_url, web_url = urls(request)
    zone = timezone.get_current_timezone()
    language = current_language()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield buffer.getvalue()
    for chunk, (countries, levels, themes, institutions, tools, *classified) in _chunks_with_links(
        practices, escape
    ):
        buffer.seek(0)
        buffer.truncate()
        for pk, slug, title, summary, scope, start, end, status, updated, *in_language in chunk:
            country_keys, country_names = countries.get(pk, NO_LINKS)
            level_keys, level_names = levels.get(pk, NO_LINKS)
            theme_keys, theme_names = themes.get(pk, NO_LINKS)
            institution_keys, institution_names = institutions.get(pk, NO_LINKS)
            tool_keys, tool_names = tools.get(pk, NO_LINKS)
            classification = [cell for links in classified for cell in links.get(pk, NO_LINKS)]
            writer.writerow(
                (
                    escape(slug),
                    escape(title),
                    escape(summary),
                    country_keys,
                    country_names,
                    level_keys,
                    level_names,
                    theme_keys,
                    theme_names,
                    institution_keys,
                    institution_names,
                    tool_keys,
                    tool_names,
                    *classification,
                    escape(scope),
                    _text(start),
                    _text(end),
                    escape(status),
                    iso_datetime(updated, zone),
                    api_url.replace(SLUG, slug),
                    web_url.replace(SLUG, slug),
                    _languages(language, in_language),
                )
            )
        yield buffer.getvalue()


def _same(text: str) -> str:
    return text


def sheet_rows(practices: QuerySet[Practice], request=None) -> Iterable[tuple]:
    """The rows of the XLSX export, under `COLUMNS`: the CSV's cells as values (text as it
    is, years as numbers, `updated_at` as a date-time)."""
    api_url, web_url = urls(request)
    language = current_language()
    for chunk, (countries, levels, themes, institutions, tools, *classified) in _chunks_with_links(
        practices, _same
    ):
        for pk, slug, title, summary, scope, start, end, status, updated, *in_language in chunk:
            country_keys, country_names = countries.get(pk, NO_LINKS)
            level_keys, level_names = levels.get(pk, NO_LINKS)
            theme_keys, theme_names = themes.get(pk, NO_LINKS)
            institution_keys, institution_names = institutions.get(pk, NO_LINKS)
            tool_keys, tool_names = tools.get(pk, NO_LINKS)
            classification = [cell for links in classified for cell in links.get(pk, NO_LINKS)]
            yield (
                slug,
                title,
                summary,
                country_keys,
                country_names,
                level_keys,
                level_names,
                theme_keys,
                theme_names,
                institution_keys,
                institution_names,
                tool_keys,
                tool_names,
                *classification,
                scope,
                start,
                end,
                status,
                updated,
                api_url.replace(SLUG, slug),
                web_url.replace(SLUG, slug),
                _languages(language, in_language),
            )
