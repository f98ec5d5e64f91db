"""Benchmark of the search module: median and p95 time per query, in-process.

    .venv/bin/python bench/search.py                      # 1k, 10k, 100k on both databases
    .venv/bin/python bench/search.py --scales 1000 10000 --databases sqlite

For each database and scale it prepares a database of its own, once (SQLite files in
bench/results/, PostgreSQL databases `coherence_bench_<scale>`), filled by
`manage.py generate_synthetic --practices <scale> --seed 1`, then times each query shape
in a fresh process with that DATABASE_URL:

- common word: one word found in most practices ("migration", "development", ...),
  through `search()` across all record types (the site's search page);
- rare word: one word in a few records out of a thousand ("tontine", ...), `search()`;
- phrase: a quoted two-word phrase (`"diaspora savings"`, ...), `search()`;
- three words + filter: three words within the practices of one of the five countries
  with the most practices, through `search()` with that queryset and its selection
  (`among`), as the site's lists hand a filter over (the facet index knows the country's
  practices, decision 0005);
- practices list (three words + filter): the same, as a practices list page does it with
  the shared FilterSets: `filter_queryset()` on the country-filtered queryset with its
  selection, the count,
  a page of 20 ordered by rank, and `highlight()` for the page. This ranks and counts
  every match (`search()` bounds its work, see `docs/decisions/0002-search.md`);
- API list search: `GET /api/v1/practices/?search=diaspora+remittances` through DRF's
  test client, the whole request (issue 20's figure): a list by relevance, which ranks a
  bounded window of matches and counts exactly up to it
  (`docs/decisions/0011-bounded-search.md`).

With two scales or more, it prints each shape's growth from the smallest scale to the
largest on each database (the ratio of the medians, issue 20's target: at most 2 for the
API list search from 10k to 100k), with the load averages of both.

`--url DATABASE:SCALE=URL` measures a database already filled instead of the shared one
(e.g. `--url sqlite:100000=sqlite:////work/main/bench/results/search-100k.sqlite3`); it
is read as it is, neither migrated nor refilled.

The machine may be shared: the table shows the lowest and highest load average seen
around the measurements, `--quiet-load`/`--wait` wait for a quieter moment, and
`--rounds N` measures every database and scale N times, taking turns, and pools the
timings. Each shape runs its five queries once to warm up, then `--repeat` rounds, with
DEBUG off as in production; the table gives the median and the 95th percentile of every
timed query. Results also go to bench/results/search.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    RESULTS,
    database_url,
    label,
    machine,
    prepare_synthetic,
    run_measurement,
    setup_django,
    summary,
    table,
    wait_for_quiet,
)

SHAPES = {
    "common word": ["migration", "development", "programme", "migrants", "training"],
    "rare word": ["tontine", "hawala", "beekeeping", "apostille", "telemedicine"],
    "phrase": [
        '"diaspora savings"',
        '"labour shortages"',
        '"social protection"',
        '"local authorities"',
        '"remittance recipients"',
    ],
    "three words + filter": [
        "returning migrants training",
        "diaspora investment infrastructure",
        "remittances cost households",
        "skills recognition employment",
        "recruitment workers protection",
    ],
}
SHAPES["practices list (three words + filter)"] = SHAPES["three words + filter"]
SHAPES["API list search"] = ["diaspora remittances"]
API_LIST = "/api/v1/practices/"


# Measuring (in a process of its own, with DATABASE_URL set) ----------------------------


def measure(repeat: int) -> dict:
    setup_django()
    from django.db.models import Count

    from coherence.models import Country
    from practices.models import Practice
    from practices.selection import PUBLISHED
    from search import filter_queryset, highlight, search

    # The five countries with the most practices, as an analyst would filter.
    countries = list(
        Country.objects.annotate(n=Count("practice_links"))
        .order_by("-n", "iso3")
        .values_list("iso3", flat=True)[:5]
    )

    def run_search(text, _country):
        return len(search(text, limit=20).hits)

    def run_filtered_search(text, country):
        # The filter as the site's lists hand it over: the queryset and its selection
        # (`among`), which search reads from the facet index (decision 0005).
        practices = Practice.objects.published().for_countries([country])
        return len(
            search(
                text,
                types=["practice"],
                querysets={"practice": practices},
                among={"practice": PUBLISHED.narrowed("country", [country])},
            ).hits
        )

    def run_practice_list(text, country):
        matched = filter_queryset(
            Practice.objects.published().for_countries([country]),
            text,
            among=PUBLISHED.narrowed("country", [country]),
        )
        page = list(matched.order_by("-search_rank", "title")[:20])
        highlight(page, text)
        return matched.count()

    from rest_framework.test import APIClient

    client = APIClient()

    def run_api_list(text, _country):
        response = client.get(API_LIST, {"search": text})
        assert response.status_code == 200, response.content[:500]
        return response.json()["count"]

    runs = {
        "API list search": run_api_list,
        "common word": run_search,
        "rare word": run_search,
        "phrase": run_search,
        "three words + filter": run_filtered_search,
        "practices list (three words + filter)": run_practice_list,
    }
    timings = {}
    for shape, queries in SHAPES.items():
        run = runs[shape]
        pairs = list(zip(queries, countries, strict=False))
        if not pairs:  # no countries (an empty database): the queries alone
            pairs = [(text, None) for text in queries]
        for text, country in pairs:  # warm-up
            run(text, country)
        times = []
        for _ in range(repeat):
            for text, country in pairs:
                start = time.perf_counter()
                run(text, country)
                times.append((time.perf_counter() - start) * 1000)
        timings[shape] = times
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measure every database and scale this many times, taking turns, and pool "
        "the timings (default: %(default)s)",
    )
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=1.0,
        help="wait for the 1-minute load average to fall below this before measuring "
        "(default: %(default)s; the machine may be shared)",
    )
    parser.add_argument(
        "--wait", type=int, default=0, help="seconds to wait at most for that (default: 0)"
    )
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="DATABASE:SCALE=URL",
        help="measure this database, already filled, for that database kind and scale",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return

    given = {}
    for item in args.url:
        key, _, url = item.partition("=")
        database, _, scale = key.partition(":")
        given[database, int(scale)] = url
    urls = {
        (database, scale): given.get((database, scale))
        or prepare_synthetic(database_url(database, scale), scale)
        for database in args.databases
        for scale in args.scales
    }
    times: dict[tuple[str, int], dict[str, list[float]]] = {}
    loads: dict[tuple[str, int], list[float]] = {}
    # With several rounds, the scales take turns, so that a machine slower for a while
    # slows them all alike (the growth from 10k to 100k is what drifts most otherwise).
    for _ in range(args.rounds):
        for key, url in urls.items():
            load = wait_for_quiet(args.quiet_load, args.wait)
            # Measured as in production: DEBUG off (no query log).
            measurement = run_measurement(__file__, url, "--repeat", str(args.repeat))
            for shape, measured in measurement.items():
                times.setdefault(key, {}).setdefault(shape, []).extend(measured)
            loads.setdefault(key, []).extend([load, round(os.getloadavg()[0], 2)])
    results = []
    for (database, scale), shapes in times.items():
        load = (min(loads[database, scale]), max(loads[database, scale]))
        timings = {shape: summary(measured) for shape, measured in shapes.items()}
        results.append({"database": database, "scale": scale, "load": load, "timings": timings})
        print("\n".join(table(results[-1:]).splitlines()[2:]), file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search.json").write_text(
        json.dumps({"machine": machine(), "results": results}, indent=2)
    )
    print(f"Machine: {machine()}\n")
    print(table(results))
    if len(args.scales) > 1:
        print()
        print(growth(results, min(args.scales), max(args.scales)))


def growth(results: list[dict], low: int, high: int) -> str:
    """A Markdown table of each shape's growth from scale `low` to `high` per database:
    the ratio of the medians, with the load averages seen around both."""
    lines = [
        f"| database | shape | median ms {label(low)} | median ms {label(high)} | "
        f"growth | load average {label(low)} | load average {label(high)} |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    rows = {(row["database"], row["scale"]): row for row in results}
    for database in dict.fromkeys(row["database"] for row in results):
        small, large = rows.get((database, low)), rows.get((database, high))
        if small is None or large is None:
            continue
        for shape, timing in large["timings"].items():
            before, after = small["timings"][shape]["median_ms"], timing["median_ms"]
            lines.append(
                f"| {database} | {shape} | {before:.1f} | {after:.1f} | "
                f"{after / before:.2f}× | {small['load'][0]} / {small['load'][1]} | "
                f"{large['load'][0]} / {large['load'][1]} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
