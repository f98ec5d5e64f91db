"""Benchmark of the web pages: median and p95 time to render a page, in-process.

    .venv/bin/python bench/web_pages.py                        # 10k practices, both databases
    .venv/bin/python bench/web_pages.py --databases sqlite --repeat 30

For each database it uses the benchmarks' shared synthetic database of 10k practices
(`bench/common.py`), filled once by `manage.py generate_synthetic --practices 10000 --seed 1`
if need be. Then, in a fresh process with that DATABASE_URL and DEBUG off as in
production, it renders each page through Django's test client (the whole request: URL
resolving, middleware, view, queries, template) `--repeat` times after one warm-up request,
and reports the median and the 95th percentile. The target of issue 6 is the practices
list with its facets at 10k practices: at most 150 ms median on both databases.

The pages timed:

- practices list: `/practices/` with every facet counted over all published practices;
- practices list, 2 filters: a country among the five with the most practices, and a
  coherence level;
- practices list, search + filter: three words within that country, with snippets;
- practice detail, country profile, countries index, compare two countries, search page.

The target of issue 20 is measured in the same run: the practices list with one filter
(the country with the most practices, a page of 25 with every facet counted) timed in
turns with its floor (the same facet-index lookup and the same rows by `.values()`,
`common.list_floor`), at most 3× the floor, with the load average, in a process of its
own without the response cache (`RESPONSE_CACHE=0`: the page as it is built).

`--scale` picks the shared synthetic database's size; `--sqlite-url` / `--postgresql-url`
name databases already filled instead (e.g. a copy of bench/results/search-100k.sqlite3).

    .venv/bin/python bench/web_pages.py --scale 100000 --sqlite-url sqlite:////tmp/search-100k.sqlite3

Results also go to bench/results/web_pages.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PYTHON,
    RESULTS,
    ROOT,
    UNCACHED,
    busiest_country,
    database_kind,
    database_url,
    label,
    list_floor,
    load_text,
    paired,
    prepare_synthetic,
    production_env,
    ratio_lines,
    run_measurement,
    setup_django,
)

SCALE = 10_000
# Issue 20: the practices list with one filter, at most this multiple of its floor.
LIST_GOAL = 3.0
LIST_PAGE = 25  # the page's practices (PracticeListView.paginate_by)


# Measuring (in a process of its own, with DATABASE_URL set) ----------------------------


def measure(repeat: int) -> dict:
    setup_django()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from coherence.models import CoherenceLevel, Country
    from practices.models import Practice

    countries = list(Country.objects.annotate(n=Count("practice_links")).order_by("-n", "iso3")[:2])
    level = CoherenceLevel.objects.order_by("order").first()
    practice = Practice.objects.published().order_by("slug").first()
    first, second = countries[0].iso3, countries[1].iso3
    pages = {
        "practices list (all, facets)": "/practices/",
        "practices list, 2 filters": f"/practices/?country={first}&coherence_level={level.slug}",
        "practices list, search + filter": (
            f"/practices/?country={first}&search=diaspora+investment+infrastructure"
        ),
        "practices list, page 40": "/practices/?page=40&ordering=-start_year",
        "practice detail": practice.get_absolute_url(),
        "country profile": f"/countries/{first}/",
        "countries index": "/countries/",
        "compare two countries": f"/countries/compare/?c={first}&c={second}",
        "search page": "/search/?q=remittances",
    }
    client = Client()
    rows = {}
    for name, url in pages.items():
        response = client.get(url)  # warm-up: caches, the facet index
        assert response.status_code == 200, (url, response.status_code)
        # Counted with an execute wrapper: each request resets Django's query log.
        queries = []

        def count(run, sql, params, many, context, queries=queries):
            queries.append(sql)
            return run(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        rows[name] = {
            "url": url,
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "queries": len(queries),
        }
    return rows


def measure_target(repeat: int) -> dict:
    """The practices list with one filter, in turns with its floor (run without the
    response cache: the list as it is built)."""
    setup_django()
    from django.test import Client

    from practices.models import Practice

    client = Client()
    country = busiest_country()
    path = f"/practices/?country={country}"

    def app():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    return {
        **paired(app, list_floor("country", country, LIST_PAGE), repeat),
        "url": path,
        "practices": Practice.objects.published().count(),
    }


def measure_pages(url: str, repeat: int) -> dict:
    # Production settings serve hashed static files: collect them first (into STATIC_ROOT).
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=production_env(url),
        cwd=ROOT,
        check=True,
    )
    rows = run_measurement(__file__, url, "--repeat", str(repeat))
    rows["_target"] = run_measurement(
        __file__, url, "--target", "--repeat", str(repeat), env=UNCACHED
    )
    rows["_practices"] = rows["_target"]["practices"]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--scale", type=int, default=SCALE)
    parser.add_argument("--sqlite-url", help="a SQLite database already filled")
    parser.add_argument("--postgresql-url", help="a PostgreSQL database already filled")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--target", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_target(args.repeat) if args.target else measure(args.repeat)))
        return
    given = {"sqlite": args.sqlite_url, "postgresql": args.postgresql_url}
    results, targets = {}, []
    for database in args.databases:
        url = given[database] or prepare_synthetic(database_url(database, args.scale), args.scale)
        load_before = os.getloadavg()[0]
        results[database] = measure_pages(url, args.repeat)
        results[database]["_load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        target = results[database]["_target"]
        targets.append(
            {
                "database": database_kind(url),
                "target": f"HTML {target['url']} ({label(results[database]['_practices'])})",
                "time": f"{target['app']['median_ms']:.1f} ms",
                "floor": f"{target['floor']['median_ms']:.1f} ms",
                "ratio": target["ratio"],
                "goal": LIST_GOAL,
                "load": load_text(),
            }
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "web_pages.json").write_text(
        json.dumps(
            {"machine": platform.platform(), "results": results, "targets": targets}, indent=2
        )
    )
    names = [name for name in next(iter(results.values())) if not name.startswith("_")]
    header = " | ".join(
        f"{db} ({label(r['_practices'])} practices) median / p95 (queries)"
        for db, r in results.items()
    )
    print(f"| page | {header} |")
    print("|---|" + "---|" * len(results))
    for name in names:
        cells = " | ".join(
            f"{r[name]['median_ms']} / {r[name]['p95_ms']} ms ({r[name]['queries']})"
            for r in results.values()
        )
        print(f"| {name} | {cells} |")
    loads = ", ".join(f"{db}: {r['_load'][0]} → {r['_load'][1]}" for db, r in results.items())
    print(f"\nLoad average before → after: {loads}")
    print("\nTargets against their floors (issue 20):")
    print("\n".join(ratio_lines(targets)))


if __name__ == "__main__":
    main()
