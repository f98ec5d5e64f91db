"""Benchmark of the web pages: median and p95 time to render a page, in-process.

    .venv/bin/python bench/web_pages.py                        # 10k practices, both databases
    .venv/bin/python bench/web_pages.py --databases sqlite --repeat 30

For each database it prepares a database of its own, once (SQLite: bench/results/web-10k.sqlite3,
PostgreSQL: `coherence_web_bench_10k`), filled by `manage.py generate_synthetic --practices
10000 --seed 1`. Then, in a fresh process with that DATABASE_URL and DEBUG off as in
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

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432"
SCALE = 10_000


def database_url(database: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{RESULTS / 'web-10k.sqlite3'}"
    return f"{POSTGRES}/coherence_web_bench_10k"


def manage(url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT, **kwargs
    )


def populated(url: str) -> bool:
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
    return result.stdout.strip().splitlines()[-1:] == [str(SCALE)]


def prepare(database: str) -> str:
    url = database_url(database)
    if populated(url):
        return url
    print(f"Preparing {database} with {SCALE} practices ...", file=sys.stderr)
    if database == "sqlite":
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in path.parent.glob(f"{path.name}*"):
            leftover.unlink()
    else:
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "generate_synthetic", "--practices", str(SCALE), "--seed", "1")
    return url


# Measuring (in a process of its own, with DATABASE_URL set) ----------------------------


def measure(repeat: int) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coherence.settings")
    import django

    django.setup()
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


def run_measurement(url: str, repeat: int) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
    }
    # Production settings serve hashed static files: collect them first (into STATIC_ROOT).
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    result = subprocess.run(
        [PYTHON, __file__, "--measure", "--repeat", str(repeat)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return
    results = {}
    for database in args.databases:
        url = prepare(database)
        load_before = os.getloadavg()[0]
        results[database] = run_measurement(url, args.repeat)
        results[database]["_load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "web_pages.json").write_text(
        json.dumps({"machine": platform.platform(), "results": results}, indent=2)
    )
    names = [name for name in next(iter(results.values())) if not name.startswith("_")]
    header = " | ".join(f"{db} median / p95 (queries)" for db in results)
    print(f"| page ({SCALE // 1000}k practices) | {header} |")
    print("|---|" + "---|" * len(results))
    for name in names:
        cells = " | ".join(
            f"{r[name]['median_ms']} / {r[name]['p95_ms']} ms ({r[name]['queries']})"
            for r in results.values()
        )
        print(f"| {name} | {cells} |")
    loads = ", ".join(f"{db}: {r['_load'][0]} → {r['_load'][1]}" for db, r in results.items())
    print(f"\nLoad average before → after: {loads}")


if __name__ == "__main__":
    main()
