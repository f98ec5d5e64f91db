"""Relevance benchmark of search (issue 24): how much of what a focal point means is found.

    make install && .venv/bin/python scripts/compile_messages.py   # once, in a fresh clone
    .venv/bin/python bench/relevance.py                    # SQLite and PostgreSQL
    .venv/bin/python bench/relevance.py --database sqlite  # SQLite only (no server needed)
    .venv/bin/python bench/relevance.py --query "remesas" --database sqlite
    .venv/bin/python bench/relevance.py --json bench/results/relevance.json

The queries and their judged relevant records are in `bench/relevance_queries.json`,
written from the seed's records (`fixtures/`), not from search results. Each query has
judged keys for the site search (`"<kind>:<slug>"`, as `search.kinds` names the kinds;
a passage `"passage:<source slug>#<anchor>"`) and for the practices search (practice
slugs).

For each query, in the query's language (`translation.override`), it runs:

- **site**: `search.engine.site.search(text)` across every record type, as the API's
  `/api/v1/search/?q=` ranks them (the `/search/` page shows the same hits grouped by
  type), its top 10 hits as `"<kind>:<slug>"` keys;
- **practices**: the practices list searched by relevance, as `/practices/?search=` does
  (`PracticeFilterSet`'s `search` filter, `practices.listing.by_relevance()`), its top 10
  practices;
- **fts5**: a baseline, plain SQLite FTS5 with the `porter unicode61` tokenizer over the
  same published records (title, summary and body text from `Kind.describe()`, in
  English), queried with the words of the query ANDed as FTS5 does by default; its
  practices alone give the baseline of the practices search.

Measures, per query, then averaged over the queries (a query with no judged record for
a search is left out of that search's averages):

- **P@5** = judged relevant records among the top 5 / 5;
- **P@5 (judged max)** = judged relevant among the top 5 / min(5, number judged
  relevant): 1.0 is reachable even for a query with fewer than five relevant records;
- **R@10** = judged relevant among the top 10 / number judged relevant;
- **R@10 (judged max)** = judged relevant among the top 10 / min(10, number judged
  relevant): a query with 22 judged records can hold at most 10 of them in its top 10,
  so plain R@10 cannot reach 1.0 there (averaged over these queries, plain R@10 is at
  most about 0.85 for the site search); as for P@5, the judged maximum is what a perfect
  ranking reaches;
- **MRR** = 1 / rank of the first relevant result (0 when none in the top 10);
- **empty**: the queries that find nothing at all ("none judged" when no record is judged
  relevant for that search, so that finding nothing is right).

The database: `--database sqlite` uses `bench/results/relevance.sqlite3`,
`--database postgresql` the PostgreSQL database `bench_relevance` on
`postgres://postgres@127.0.0.1:5432` (or `--url`); either is migrated and filled with
the seed (`manage.py load_knowledge_base`) when it holds none (`bench/common.py`,
about two minutes the first time). Each database is measured in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import POSTGRES, PYTHON, RESULTS, ROOT, count_of, manage, prepare_seed

QUERIES = ROOT / "bench" / "relevance_queries.json"
DEPTH = 10
SEARCHES = ("site", "practices", "fts5 site", "fts5 practices")
MEASURES = ("p5", "p5_max", "r10", "r10_max", "mrr")


def database_url(database: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{RESULTS / 'relevance.sqlite3'}"
    return f"{POSTGRES}/bench_relevance"


def prepared(url: str) -> str:
    """The database at `url`, with the seed loaded if it has no practice yet."""
    found = count_of(url, "Practice.objects.count()")
    if found is None or found == "0":
        RESULTS.mkdir(parents=True, exist_ok=True)
        return prepare_seed(url)
    manage(url, "migrate", "--noinput", "-v", "0")
    return url


def load_queries(only: str | None = None) -> list[dict]:
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    if only is not None:
        queries = [q for q in queries if q["query"] == only] or [
            {
                "query": only,
                "category": "ad hoc",
                "language": "en",
                "relevant": {"site": [], "practices": []},
                "note": "not judged",
            }
        ]
    return queries


# Inside the measuring process --------------------------------------------------------


def record_key(kind_name: str, obj) -> str:
    if kind_name == "passage":
        return f"passage:{obj.source.slug}#{obj.anchor}"
    return f"{kind_name}:{obj.slug}"


def site_search(text: str) -> list[str]:
    from search.engine.site import search

    # As the pages and the API search: typos corrected, words that find nothing dropped.
    results = search(text, limit=DEPTH, forgiving=True)
    return [record_key(hit.type, hit.obj) for hit in results.hits]


def practices_search(text: str) -> list[str]:
    from django.http import QueryDict

    from practices.filters.practices import PracticeFilterSet
    from practices.listing import by_relevance
    from practices.models import Practice

    data = QueryDict(mutable=True)
    data["search"] = text
    filterset = PracticeFilterSet(data, Practice.objects.published())
    if not filterset.is_valid():
        return []
    practices = filterset.qs
    search = filterset.relevance_search()
    records = filterset.queryset.values("pk", "slug")
    shown = by_relevance(practices, search, records) if search else practices.values("slug")
    return [row["slug"] for row in shown[:DEPTH]]


class Fts5Baseline:
    """Plain FTS5 (porter unicode61) over the published records' English text."""

    def __init__(self):
        from search.kinds import KINDS

        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE records USING fts5(key UNINDEXED, title, summary, body, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        rows = []
        for name, kind in KINDS.items():
            for obj in kind.read(kind.public()):
                text = kind.describe(obj)
                parts = {
                    field: value if isinstance(value, str) else "; ".join(p for p in value if p)
                    for field, value in text.items()
                }
                rows.append(
                    (
                        record_key(name, obj),
                        parts.get("title", ""),
                        parts.get("summary", ""),
                        parts.get("body", ""),
                    )
                )
        self.db.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", rows)

    def search(self, text: str, kinds: tuple[str, ...] | None = None) -> list[str]:
        words = re.findall(r"\w+", text.lower())
        if not words:
            return []
        match = " ".join(f'"{word}"' for word in words)
        where = ""
        if kinds:
            where = " AND (" + " OR ".join(f"key LIKE '{kind}:%'" for kind in kinds) + ")"
        rows = self.db.execute(
            f"SELECT key FROM records WHERE records MATCH ?{where} "
            "ORDER BY bm25(records, 0, 10.0, 5.0, 1.0) LIMIT ?",
            (match, DEPTH),
        ).fetchall()
        return [row[0] for row in rows]


def measure(only: str | None) -> dict:
    from django.utils import translation

    baseline = Fts5Baseline()
    found = []
    for query in load_queries(only):
        with translation.override(query["language"]):
            site = site_search(query["query"])
            practices = practices_search(query["query"])
        fts_site = baseline.search(query["query"])
        fts_practices = [
            key.split(":", 1)[1] for key in baseline.search(query["query"], ("practice",))
        ]
        found.append(
            {
                "query": query["query"],
                "site": site,
                "practices": practices,
                "fts5 site": fts_site,
                "fts5 practices": fts_practices,
            }
        )
    return {"found": found}


# Scoring ------------------------------------------------------------------------------


def scores(ranked: list[str], relevant: set[str]) -> dict:
    hits = [key in relevant for key in ranked[:DEPTH]]
    first = next((rank for rank, hit in enumerate(hits, 1) if hit), None)
    top5 = sum(hits[:5])
    return {
        "p5": top5 / 5,
        "p5_max": top5 / min(5, len(relevant)),
        "r10": sum(hits) / len(relevant),
        "r10_max": sum(hits) / min(DEPTH, len(relevant)),
        "mrr": 1 / first if first else 0.0,
        "empty": not ranked,
    }


def judged(query: dict, search: str) -> set[str]:
    kind = "practices" if search.endswith("practices") else "site"
    return set(query["relevant"].get(kind, []))


def evaluate(queries: list[dict], found: list[dict]) -> dict:
    """Per query and overall figures of each search."""
    per_query, overall = [], {}
    by_text = {row["query"]: row for row in found}
    for search in SEARCHES:
        totals = {
            **dict.fromkeys(MEASURES, 0.0),
            "n": 0,
            "empty": [],
        }
        for query in queries:
            ranked = by_text[query["query"]][search]
            relevant = judged(query, search)
            if not ranked:
                # A query with nothing judged relevant for this search may rightly find nothing.
                totals["empty"].append(query["query"] + ("" if relevant else " (none judged)"))
            if not relevant:
                continue
            score = scores(ranked, relevant)
            per_query.append({"query": query["query"], "search": search, **score})
            for measure_name in MEASURES:
                totals[measure_name] += score[measure_name]
            totals["n"] += 1
        n = totals["n"] or 1
        overall[search] = {
            **{name: round(totals[name] / n, 2) for name in MEASURES},
            "queries": totals["n"],
            "empty": totals["empty"],
        }
    return {"per_query": per_query, "overall": overall}


def print_report(database: str, queries: list[dict], found: list[dict], figures: dict) -> None:
    by_text = {row["query"]: row for row in found}
    print(f"\n## {database}\n")
    print(
        "| query | search | P@5 | P@5 judged max | R@10 | R@10 judged max | MRR | judged | top 3 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for row in figures["per_query"]:
        query = next(q for q in queries if q["query"] == row["query"])
        top = ", ".join(by_text[row["query"]][row["search"]][:3]) or "(nothing)"
        print(
            f"| {row['query']} | {row['search']} | {row['p5']:.2f} | {row['p5_max']:.2f} | "
            f"{row['r10']:.2f} | {row['r10_max']:.2f} | {row['mrr']:.2f} | "
            f"{len(judged(query, row['search']))} | "
            f"{top} |"
        )
    print()
    print(overall_table({database: figures["overall"]}))


def overall_table(results: dict[str, dict]) -> str:
    lines = [
        "| database | search | queries | P@5 | P@5 (judged max) | R@10 | R@10 (judged max) "
        "| MRR | queries with no results |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for database, overall in results.items():
        for search, figures in overall.items():
            if search.startswith("fts5") and database != next(iter(results)):
                continue  # the baseline does not depend on the database
            name = "FTS5 baseline" if search.startswith("fts5") else database
            empty = figures["empty"]
            lines.append(
                f"| {name} | {search.removeprefix('fts5 ')} | {figures['queries']} | "
                f"{figures['p5']:.2f} | {figures['p5_max']:.2f} | {figures['r10']:.2f} | "
                f"{figures['r10_max']:.2f} | {figures['mrr']:.2f} | {len(empty)}"
                + (f": {', '.join(empty)}" if empty else "")
                + " |"
            )
    return "\n".join(lines)


def run(database: str, url: str, only: str | None) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "LOG_LEVEL": "WARNING"}
    args = [PYTHON, __file__, "--measure"] + (["--query", only] if only is not None else [])
    output = subprocess.run(
        args, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--url", help="a database URL instead of the benchmark's own")
    parser.add_argument("--query", help="run one query (judged if it is in the file)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        from common import setup_django

        setup_django()
        print(json.dumps(measure(args.query)))
        return

    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    queries = load_queries(args.query)
    results, everything = {}, {}
    for database in databases:
        url = prepared(args.url or database_url(database))
        found = run(database, url, args.query)["found"]
        figures = evaluate(queries, found)
        print_report(database, queries, found, figures)
        results[database] = figures["overall"]
        everything[database] = {"found": found, **figures}
    print("\n## Overall\n")
    print(overall_table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(everything, indent=1, ensure_ascii=False))
        print(f"\nFigures written to {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
