"""Benchmark of the REST API v1 at 100k synthetic practices on PostgreSQL, in-process.

    .venv/bin/python bench/api.py                 # prepares the database if need be
    .venv/bin/python bench/api.py --repeat 50 --scale 100000

It reuses the database of `bench/search.py` if that one holds the synthetic practices
(`coherence_bench_100k`), or else prepares its own (`coherence_api_bench_100k`), filled
once by `manage.py generate_synthetic --practices <scale> --seed 1`. Each measurement runs
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
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432"

QUERIES = {
    "practices page (country + level)": "practices/?page_size=50&country=MEX&coherence_level=multilateral",
    "practices page (theme + scope)": "practices/?page_size=50&theme=remittances&scope=national",
    "facets (country + level)": "practices/facets/?country=MEX&coherence_level=multilateral",
    "facets (theme + scope)": "practices/facets/?theme=remittances&scope=national",
}
TARGETS = {"practices page": 40.0, "facets": 150.0}


def label(scale: int) -> str:
    return f"{scale // 1000}k" if scale % 1000 == 0 else str(scale)


def manage(url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT, **kwargs
    )


def populated(url: str, scale: int) -> bool:
    try:
        result = manage(
            url,
            "shell",
            "-c",
            "from practices.models import Practice; "
            "print(Practice.objects.filter(slug__startswith='synthetic-').count())",
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError:
        return False
    return result.stdout.strip().splitlines()[-1:] == [str(scale)]


def prepare(scale: int) -> str:
    shared = f"{POSTGRES}/coherence_bench_{label(scale)}"
    if populated(shared, scale):
        manage(shared, "migrate", "--noinput", "-v", "0")
        return shared
    url = f"{POSTGRES}/coherence_api_bench_{label(scale)}"
    if populated(url, scale):
        manage(url, "migrate", "--noinput", "-v", "0")
        return url
    name = url.rsplit("/", 1)[1]
    print(f"Preparing {name} with {scale} practices ...", file=sys.stderr)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "generate_synthetic", "--practices", str(scale), "--seed", "1")
    return url


# The measuring side, run in a fresh process ------------------------------------------------


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _client():
    import django

    django.setup()
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


def run_child(url: str, kind: str, repeat: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "1000000/min",
        "API_THROTTLE_USER": "1000000/min",
        "DJANGO_SETTINGS_MODULE": "coherence.settings",
        "LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [PYTHON, __file__, "--child", kind, "--repeat", str(repeat)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", help="a database already filled (any kind)")
    parser.add_argument("--exports-only", action="store_true")
    parser.add_argument("--child", choices=["times", "csv", "xlsx"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        child(args.child, args.repeat)
        return
    url = args.database_url or prepare(args.scale)
    # Fresh planner statistics: a database filled moments ago may not have them yet.
    manage(
        url,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
    )
    load_before = os.getloadavg()[0]
    times = {} if args.exports_only else run_child(url, "times", args.repeat)
    export = run_child(url, "csv", args.repeat)
    sheet = run_child(url, "xlsx", args.repeat)
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
