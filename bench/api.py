"""Benchmark of the REST API v1 at 100k synthetic practices on PostgreSQL, in-process.

    .venv/bin/python bench/api.py                 # prepares the database if need be
    .venv/bin/python bench/api.py --repeat 50 --scale 100000

It uses the benchmarks' shared synthetic database (`bench/common.py`: PostgreSQL
`coherence_bench_100k`), filled once by `manage.py generate_synthetic --practices <scale>
--seed 1` if need be. Each measurement runs
in a fresh process with DEBUG off (and throttling out of the way), through DRF's
APIClient, i.e. the whole request/response cycle without a network:

- practices page: `practices/?page_size=50` with two filters (a country and a coherence
  level, and a theme and a scope), median and p95 over `--repeat` rounds after a warm-up;
- facets: `practices/facets/` with the same filters;
- CSV and XLSX exports: `practices/?format=csv` and `?format=xlsx` of every published
  practice, consumed block by block, with the peak RSS growth of the process (VmHWM after
  minus VmRSS before) and, for the XLSX, the time to its first byte.

- the targets of issue 20, each against its floor in the same run, with the load average:
  the API page of 50 with one filter (the country with the most practices) and its count,
  timed in turns with its floor (the same facet-index lookup and the same rows by
  `.values()`, `common.list_floor`), at most 2× the floor; and the CSV export of every
  practice against the database's own client writing the same columns (`sqlite3 -csv`,
  `psql` COPY, `common.export_floor`), at most 5×. The page is timed without the
  response cache (`RESPONSE_CACHE=0`): the list as it is built, not a cache hit.

It runs on both databases (`--databases`), each the shared synthetic database unless
`--sqlite-url` / `--postgresql-url` name one already filled (a SQLite file, e.g. a copy
of bench/results/search-100k.sqlite3: the run writes planner statistics to PostgreSQL
only, but the app may write to what it reads); `--database-url` measures one database
only. `--exports-only` skips the page and facet timings.

Targets (issue 5): page ≤ 40 ms median, facets ≤ 150 ms, CSV peak RSS growth < 100 MB.
Results also go to bench/results/api.json.

    .venv/bin/python bench/api.py --scale 100000 \
        --sqlite-url sqlite:////tmp/search-100k.sqlite3 \
        --postgresql-url postgres://postgres@127.0.0.1:5432/coherence_bench_100k
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    RESULTS,
    UNCACHED,
    busiest_country,
    database_kind,
    database_url,
    export_floor,
    list_floor,
    load_text,
    manage,
    paired,
    prepare_synthetic,
    ratio_lines,
    run_measurement,
    setup_django,
)

QUERIES = {
    "practices page (country + level)": "practices/?page_size=50&country=MEX&coherence_level=multilateral",
    "practices page (theme + scope)": "practices/?page_size=50&theme=remittances&scope=national",
    "facets (country + level)": "practices/facets/?country=MEX&coherence_level=multilateral",
    "facets (theme + scope)": "practices/facets/?theme=remittances&scope=national",
}
TARGETS = {"practices page": 40.0, "facets": 150.0}
# Issue 20: the most a target may take, as a multiple of its floor.
PAGE_GOAL, CSV_GOAL = 2.0, 5.0
PAGE_SIZE = 50


# The measuring side, run in a fresh process ------------------------------------------------


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _client():
    setup_django()
    from rest_framework.test import APIClient

    return APIClient()


def measure_times(repeat: int) -> dict:
    client = _client()
    out = {}
    for name, query in QUERIES.items():
        path = f"/api/v1/{query}"
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        body = response.json()
        out[name] = {
            "median_ms": statistics.median(timings),
            "p95_ms": statistics.quantiles(timings, n=20)[-1],
            "matches": body.get("count"),
        }
    return out


def measure_export(export_format: str) -> dict:
    client = _client()
    from django.db import connection

    client.get("/api/v1/practices/?page_size=1")  # imports and connections warmed up
    before = _status("VmRSS")
    start = time.perf_counter()
    response = client.get(f"/api/v1/practices/?format={export_format}")
    assert response.status_code == 200
    first_byte = None
    lines, size = 0, 0
    for chunk in response.streaming_content:
        if first_byte is None:
            first_byte = time.perf_counter() - start
        lines += chunk.count(b"\n")
        size += len(chunk)
    elapsed = time.perf_counter() - start
    connection.close()
    result = {
        "megabytes": size / 2**20,
        "seconds": elapsed,
        "first_byte_seconds": first_byte,
        "rss_before_mb": before / 2**20,
        "peak_growth_mb": (_status("VmHWM") - before) / 2**20,
    }
    if export_format == "csv":
        result["rows"] = lines - 1  # the header is not a row
    return result


def measure_page_target(repeat: int) -> dict:
    """The API page of 50 with one filter and its count, in turns with its floor."""
    client = _client()
    country = busiest_country()
    path = f"/api/v1/practices/?page_size={PAGE_SIZE}&country={country}"

    def app():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    result = paired(app, list_floor("country", country, PAGE_SIZE), repeat)
    from practices.models import Practice

    practices = Practice.objects.published().count()
    return {**result, "path": path, "count": app().json()["count"], "practices": practices}


def child(kind: str, repeat: int) -> None:
    if kind == "times":
        result = measure_times(repeat)
    elif kind == "page-target":
        result = measure_page_target(repeat)
    else:
        result = measure_export(kind)
    print(json.dumps(result))


def measure(url: str, kind: str, repeat: int) -> dict:
    env = UNCACHED if kind == "page-target" else None
    return run_measurement(__file__, url, kind, "--repeat", str(repeat), env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--sqlite-url", help="a SQLite database already filled")
    parser.add_argument("--postgresql-url", help="a PostgreSQL database already filled")
    parser.add_argument("--database-url", help="one database already filled (any kind) only")
    parser.add_argument("--exports-only", action="store_true")
    parser.add_argument(
        "--measure", choices=["times", "page-target", "csv", "xlsx"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        child(args.measure, args.repeat)
        return
    if args.database_url:
        urls = [args.database_url]
    else:
        given = {"sqlite": args.sqlite_url, "postgresql": args.postgresql_url}
        urls = [
            given[database] or prepare_synthetic(database_url(database, args.scale), args.scale)
            for database in args.databases
        ]
    report, targets = {}, []
    for url in urls:
        kind = database_kind(url)
        if kind == "PostgreSQL":
            # Fresh planner statistics: a database filled moments ago may not have them yet.
            manage(
                url,
                "shell",
                "-c",
                "from django.db import connection; connection.cursor().execute('ANALYZE')",
            )
        load_before = os.getloadavg()[0]
        times = {} if args.exports_only else measure(url, "times", args.repeat)
        page = measure(url, "page-target", args.repeat)
        targets.append(
            {
                "database": kind,
                "target": f"API page of {PAGE_SIZE}, one filter, with count "
                f"({page['practices']} practices)",
                "time": f"{page['app']['median_ms']:.1f} ms",
                "floor": f"{page['floor']['median_ms']:.1f} ms",
                "ratio": page["ratio"],
                "goal": PAGE_GOAL,
                "load": load_text(),
            }
        )
        export = measure(url, "csv", args.repeat)
        floor = export_floor(url)
        targets.append(
            {
                "database": kind,
                "target": f"CSV export of all {export['rows']} practices",
                "time": f"{export['seconds']:.2f} s",
                "floor": f"{floor['seconds']:.2f} s",
                "ratio": round(export["seconds"] / floor["seconds"], 2),
                "goal": CSV_GOAL,
                "load": load_text(),
            }
        )
        sheet = measure(url, "xlsx", args.repeat)
        load_after = os.getloadavg()[0]
        print(
            f"\n{kind}, {export['rows']} published practices, {args.repeat} rounds, "
            f"load {load_before:.2f} -> {load_after:.2f}"
        )
        print("| measurement | median ms | p95 ms | matches | target | met |")
        print("|---|---:|---:|---:|---|---|")
        for name, result in times.items():
            target = next(v for k, v in TARGETS.items() if name.startswith(k))
            met = "yes" if result["median_ms"] <= target else "**no**"
            print(
                f"| {name} | {result['median_ms']:.1f} | {result['p95_ms']:.1f} | "
                f"{result['matches'] if result['matches'] is not None else '-'} | "
                f"≤ {target:.0f} ms | {met} |"
            )
        met = "yes" if export["peak_growth_mb"] < 100 else "**no**"
        print(
            f"\nCSV export: {export['rows']} rows, {export['megabytes']:.1f} MB in "
            f"{export['seconds']:.1f} s; RSS {export['rss_before_mb']:.0f} MB before, peak "
            f"growth {export['peak_growth_mb']:.1f} MB (target < 100 MB: {met})"
        )
        print(
            f"XLSX export: {sheet['megabytes']:.1f} MB in {sheet['seconds']:.1f} s (first "
            f"byte after {sheet['first_byte_seconds']:.1f} s); RSS "
            f"{sheet['rss_before_mb']:.0f} MB before, peak growth "
            f"{sheet['peak_growth_mb']:.1f} MB"
        )
        report[kind] = {
            "url": url,
            "load": [load_before, load_after],
            "times": times,
            "page_target": page,
            "csv": export,
            "csv_floor": floor,
            "xlsx": sheet,
        }
    print("\nTargets against their floors (issue 20):")
    print("\n".join(ratio_lines(targets)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "api.json").write_text(
        json.dumps(
            {
                "scale": args.scale,
                "repeat": args.repeat,
                "machine": platform.platform(),
                "databases": report,
                "targets": targets,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
