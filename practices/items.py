"""The lists of practices on the pages: a practice as a list item (`PracticeItem`, written
by `includes/practice_items.html`), read from flat rows (`.values(*ITEM)`) with its
countries and coherence levels (`practices.rows.link_rows`) and the year of its latest
status report, in a fixed number of queries whatever the number of practices; and, for a
search, the practice a snippet is read from (`snippet_source`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Max
from django.utils.translation import get_language, gettext

from coherence import navigation
from coherence.translated import DEFAULT as DEFAULT_LANGUAGE
from coherence.translated import current as current_language
from coherence.translated import localized

from .models import Practice, PracticeStatusReport
from .rows import IDS, link_rows

# A page's list item's own columns (`PracticeItem`).
# `title` and `summary` in the page's language (English where there is no translation),
# and their English, to tell the two apart.
ITEM = ("pk", "slug", "title", "summary", "scope", "status", "start_year", "title_en", "summary_en")


@dataclass(frozen=True)
class Badge:
    slug: str
    name: str


@dataclass
class PracticeItem:
    """A practice as the pages' lists show it (`includes/practice_items.html`): its
    title and link, its countries' names, scope, status (with the year of the latest
    paper that reports it: a status is never shown without its date) and start year, its
    summary (or a search's snippet) and its coherence levels as badges."""

    pk: int
    slug: str
    title: str
    summary: str
    scope: str
    status: str
    start_year: int | None
    country_names: list[str] = field(default_factory=list)
    levels: list[Badge] = field(default_factory=list)
    snippet: str | None = None
    status_year: int | None = None
    title_en: str = ""
    summary_en: str = ""

    def lang_of(self, field: str) -> str | None:
        """ "en" where the field, on a page in another language, shows the English."""
        language = get_language() or DEFAULT_LANGUAGE
        if language == DEFAULT_LANGUAGE or not getattr(self, field):
            return None
        return "en" if getattr(self, field) == getattr(self, f"{field}_en") else None

    def get_absolute_url(self) -> str:
        return navigation.slug_address("practices:detail", self.slug)

    def get_scope_display(self) -> str:
        return Practice.Scope(self.scope).label

    def get_status_display(self) -> str:
        label = Practice.Status(self.status).label
        if self.status_year is None:
            return label
        return gettext("%(status)s (as of %(year)s)") % {"status": label, "year": self.status_year}


_compiled_status_years: dict[str, tuple[str, tuple]] = {}


def latest_status_years(ids: list[int], using: str) -> dict[int, int]:
    """{practice id: the year of its latest status report} for these practices (those
    with a report), by SQL compiled once per database, as the link queries are."""
    compiled = _compiled_status_years.get(using)
    if compiled is None:
        table = PracticeStatusReport._meta.db_table
        query = (
            PracticeStatusReport.objects.extra(where=[f'"{table}"."practice_id" IN ({IDS})'])
            .values("practice_id")
            .annotate(year=Max("as_of_year"))
            .values_list("practice_id", "year")
            .order_by()
        )
        compiled = _compiled_status_years[using] = query.query.get_compiler(using).as_sql()
    sql, params = compiled
    listed = ",".join(str(int(pk)) for pk in ids) or "NULL"
    with connections[using].cursor() as cursor:
        cursor.execute(sql.replace(IDS, listed), params)
        return dict(cursor.fetchall())


def practice_items(rows: Iterable[dict], using: str) -> list[PracticeItem]:
    """The list items of practices read as `.values(*ITEM)` rows, in their order: two
    queries (countries and coherence levels together, the year of each one's latest status
    report) whatever the number of rows."""
    rows = list(rows)
    if not rows:
        return []
    ids = [row["pk"] for row in rows]
    queries = link_rows(ids, using, ("countries", "coherence_levels"))
    status_years = latest_status_years(ids, using)
    countries: dict[int, list[str]] = defaultdict(list)
    for practice_id, _iso3, name, _role in queries["countries"]:
        countries[practice_id].append(name)
    levels: dict[int, list[Badge]] = defaultdict(list)
    for practice_id, slug, name in queries["coherence_levels"]:
        levels[practice_id].append(Badge(slug, name))
    return [
        PracticeItem(
            **{name: row[name] for name in ITEM},
            country_names=countries.get(row["pk"], []),
            levels=levels.get(row["pk"], []),
            status_year=status_years.get(row["pk"]),
        )
        for row in rows
    ]


def snippet_source(item: PracticeItem, using: str) -> Practice:
    """The practice of a list item as a search's snippets read it (`highlight()`): its
    key and summary, in English and in the page's language (empty where it has no
    translation: the snippet is then marked as English), the rest deferred (read only
    if the summary is empty)."""
    known = {"id": item.pk, "summary": item.summary, "summary_en": item.summary_en}
    language = current_language()
    if language != DEFAULT_LANGUAGE:
        known[localized("summary", language)] = "" if item.lang_of("summary") else item.summary
    # `from_db()` takes the values in the order of the model's fields.
    names = [f.attname for f in Practice._meta.concrete_fields if f.attname in known]
    return Practice.from_db(using, names, [known[name] for name in names])
