"""The CSV export of practices from flat rows: the practices' own columns as tuples, and
one query per link type for each chunk of them, written straight to CSV. No model
instances and no serializers: at 100,000 practices those cost over a minute where the
rows take seconds, long enough for a worker's timeout to cut the download short.

The rows are those of the list representation (`PracticeSerializer`), in the same order
and with the same values: multi-valued cells are the linked records' keys joined with
`;`, in the order the list gives them. A test compares the two.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from coherence.models import EditorialState
from coherence.rest.csv import CHUNK_SIZE, escape

from .models import Practice, PracticeCountry, PracticeInstitution

COLUMNS = (
    "slug",
    "title",
    "summary",
    "countries",
    "coherence_levels",
    "themes",
    "institutions",
    "tools",
    "scope",
    "start_year",
    "end_year",
    "status",
    "updated_at",
    "url",
    "web_url",
)
OWN = ("pk", "slug", "title", "summary", "scope", "start_year", "end_year", "status", "updated_at")
_SLUG = "__slug__"


def _of(through, ids: list[int], using: str) -> QuerySet:
    """The link rows of these practices. The ids are the database's own integers, written
    into the SQL as such: binding thousands of parameters one by one through the ORM cost
    more than the queries themselves."""
    quote = connections[using].ops.quote_name
    table = quote(through._meta.db_table)
    column = quote(through._meta.get_field("practice").column)
    listed = ",".join(str(int(pk)) for pk in ids)
    return through.objects.using(using).extra(where=[f"{table}.{column} IN ({listed})"])


def _links(ids: list[int], using: str) -> dict[str, dict[int, list[str]]]:
    """For each multi-valued column, the keys linked to each practice, in the order of the
    list representation (the related model's ordering; the primary key breaks ties)."""
    published = EditorialState.PUBLISHED
    queries = {
        "countries": _of(PracticeCountry, ids, using)
        .order_by("practice_id", "role", "country__name", "pk")
        .values_list("practice_id", "country__iso3"),
        "institutions": _of(PracticeInstitution, ids, using)
        .filter(institution__editorial_state=published)
        .order_by("practice_id", "role", "institution__name", "pk")
        .values_list("practice_id", "institution__slug"),
        "tools": _of(Practice.tools.through, ids, using)
        .filter(policytool__editorial_state=published)
        .order_by("practice_id", "policytool__name", "policytool_id")
        .values_list("practice_id", "policytool__slug"),
        "coherence_levels": _of(Practice.coherence_levels.through, ids, using)
        .order_by(
            "practice_id", "coherencelevel__order", "coherencelevel__name", "coherencelevel_id"
        )
        .values_list("practice_id", "coherencelevel__slug"),
        "themes": _of(Practice.themes.through, ids, using)
        .order_by("practice_id", "theme__name", "theme_id")
        .values_list("practice_id", "theme__slug"),
    }
    found: dict[str, dict[int, list[str]]] = {}
    for column, rows in queries.items():
        by_practice: dict[int, list[str]] = defaultdict(list)
        for practice_id, key in rows:
            by_practice[practice_id].append(escape(key))
        found[column] = by_practice
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


def _when(value, zone) -> str:
    """A date-time as the API writes it (ISO 8601 in the current time zone, UTC as `Z`)."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _text(value) -> str:
    return "" if value is None else escape(str(value))


def csv_lines(practices: QuerySet[Practice], request=None) -> Iterator[str]:
    """The CSV text of the practices, a header line then one block of lines per chunk."""
    absolute = request.build_absolute_uri if request is not None else (lambda path: path)
    api_url = absolute(reverse("api:practice-detail", kwargs={"slug": _SLUG}))
    web_url = absolute(reverse("practices:detail", kwargs={"slug": _SLUG}))
    zone = timezone.get_current_timezone()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield buffer.getvalue()
    rows = practices.values_list(*OWN).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows, CHUNK_SIZE):
        links = _links([row[0] for row in chunk], practices.db)
        countries, institutions = links["countries"], links["institutions"]
        tools, levels, themes = links["tools"], links["coherence_levels"], links["themes"]
        buffer.seek(0)
        buffer.truncate()
        for pk, slug, title, summary, scope, start, end, status, updated in chunk:
            writer.writerow(
                (
                    escape(slug),
                    escape(title),
                    escape(summary),
                    ";".join(countries.get(pk, ())),
                    ";".join(levels.get(pk, ())),
                    ";".join(themes.get(pk, ())),
                    ";".join(institutions.get(pk, ())),
                    ";".join(tools.get(pk, ())),
                    escape(scope),
                    _text(start),
                    _text(end),
                    escape(status),
                    _when(updated, zone),
                    api_url.replace(_SLUG, slug),
                    web_url.replace(_SLUG, slug),
                )
            )
        yield buffer.getvalue()
