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

`--database-url` measures a database already filled instead (e.g. a SQLite file filled by
`generate_synthetic`); `--exports-only` skips the page and facet timings.

Targets (issue 5): page ≤ 40 ms median, facets ≤ 150 ms, CSV peak RSS growth < 100 MB.
Results also go to bench/results/api.json.
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
    database_url,
    label,
    manage,
    prepare_synthetic,
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


def child(kind: str, repeat: int) -> None:
    result = measure_times(repeat) if kind == "times" else measure_export(kind)
    print(json.dumps(result))


def measure(url: str, kind: str, repeat: int) -> dict:
    return run_measurement(__file__, url, kind, "--repeat", str(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", help="a database already filled (any kind)")
    parser.add_argument("--exports-only", action="store_true")
    parser.add_argument("--measure", choices=["times", "csv", "xlsx"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        child(args.measure, args.repeat)
        return
    url = args.database_url or prepare_synthetic(database_url("postgresql", args.scale), args.scale)
    # Fresh planner statistics: a database filled moments ago may not have them yet.
    manage(
        url,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
    )
    load_before = os.getloadavg()[0]
    times = {} if args.exports_only else measure(url, "times", args.repeat)
    export = measure(url, "csv", args.repeat)
    sheet = measure(url, "xlsx", args.repeat)
    load_after = os.getloadavg()[0]
    kind = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    print(
        f"{kind}, {label(args.scale)} practices, {args.repeat} rounds, "
        f"load {load_before:.2f} -> {load_after:.2f}"
    )
    print("| measurement | median ms | p95 ms | matches | target | met |")
    print("|---|---:|---:|---:|---|---|")
    for name, result in times.items():
        target = next(v for k, v in TARGETS.items() if name.startswith(k))
        met = "yes" if result["median_ms"] <= target else "**no**"
        print(
            f"| {name} | {result['median_ms']:.1f} | {result['p95_ms']:.1f} | "
            f"{result['matches'] if result['matches'] is not None else '-'} | ≤ {target:.0f} ms | {met} |"
        )
    met = "yes" if export["peak_growth_mb"] < 100 else "**no**"
    print(
        f"\nCSV export: {export['rows']} rows, {export['megabytes']:.1f} MB in "
        f"{export['seconds']:.1f} s; RSS {export['rss_before_mb']:.0f} MB before, peak growth "
        f"{export['peak_growth_mb']:.1f} MB (target < 100 MB: {met})"
    )
    print(
        f"XLSX export: {sheet['megabytes']:.1f} MB in {sheet['seconds']:.1f} s (first byte "
        f"after {sheet['first_byte_seconds']:.1f} s); RSS {sheet['rss_before_mb']:.0f} MB "
        f"before, peak growth {sheet['peak_growth_mb']:.1f} MB"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "api.json").write_text(
        json.dumps(
            {
                "scale": args.scale,
                "repeat": args.repeat,
                "machine": platform.platform(),
                "load": [load_before, load_after],
                "times": times,
                "csv": export,
                "xlsx": sheet,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
