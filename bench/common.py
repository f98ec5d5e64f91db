"""What the benchmarks share: running manage.py against a database of their own,
preparing such a database (synthetic practices or the seed), running a measurement in a
fresh process with production settings, summarising timings, describing the machine and
waiting for it to be quiet. Run the benchmarks from the project's root with its virtual
environment (`.venv/bin/python bench/<name>.py`).

The synthetic databases are shared by every benchmark: one per database kind and scale
(`database_url`), filled once by `manage.py generate_synthetic --practices <scale> --seed 1`.
"""

from __future__ import annotations

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


def label(scale: int) -> str:
    return f"{scale // 1000}k" if scale % 1000 == 0 else str(scale)


def database_url(database: str, scale: int) -> str:
    """The shared synthetic database of `scale` practices: a SQLite file in bench/results/
    or a PostgreSQL database `coherence_bench_<scale>`."""
    if database == "sqlite":
        return f"sqlite:///{RESULTS / f'search-{label(scale)}.sqlite3'}"
    if database == "postgresql":
        return f"{POSTGRES}/coherence_bench_{label(scale)}"
    raise ValueError(f"unknown database {database!r}: sqlite or postgresql")


def manage(url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT, **kwargs
    )


def count_of(url: str, expression: str) -> str | None:
    """What a Python expression over the models prints in that database, or None if the
    database cannot answer (missing, not migrated)."""
    try:
        result = manage(
            url,
            "shell",
            "-c",
            "from practices.models import Practice; "
            "from search.models import PracticeDocument; "
            f"print({expression})",
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError:
        return None
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else None


def recreate(url: str) -> None:
    """An empty database at `url` (SQLite file or PostgreSQL database)."""
    if url.startswith("sqlite:///"):
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in path.parent.glob(f"{path.name}*"):
            leftover.unlink()
    else:
        name = url.rsplit("/", 1)[1]
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name])
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def prepare_seed(url: str) -> str:
    """The URL of a database holding the seed data (the real knowledge base)."""
    if count_of(url, "Practice.objects.filter(slug__startswith='synthetic-').count()") != "0":
        print(f"Preparing {url} with the seed data ...", file=sys.stderr)
        recreate(url)
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "load_knowledge_base", stdout=subprocess.DEVNULL)
    return url


def prepare_synthetic(url: str, scale: int, seed: int = 1) -> str:
    """The URL of a database holding `scale` synthetic practices, created if need be."""
    wanted = f"{scale} {scale}"
    found = count_of(
        url,
        "Practice.objects.filter(slug__startswith='synthetic-').count(), "
        "PracticeDocument.objects.count()",
    )
    if found == wanted:
        manage(url, "migrate", "--noinput", "-v", "0")
        return url
    print(f"Preparing {url} with {scale} practices ...", file=sys.stderr)
    recreate(url)
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "generate_synthetic", "--practices", str(scale), "--seed", str(seed))
    return url


def production_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of a measuring process: that database, production settings (DEBUG
    off, a secret key, no HTTPS redirect for the test client) and rate limits out of the way."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "1000000/min",
        "API_THROTTLE_USER": "1000000/min",
        "DJANGO_SETTINGS_MODULE": "coherence.settings",
        "LOG_LEVEL": "WARNING",
        # Production refuses a per-process cache (rate limits would not be shared).
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/8"),
        **extra,
    }


# The issue-20 targets time a list as it is built: a repeated request would otherwise be
# the response cache's hit (coherence/response_cache.py), which has measurements of its own.
UNCACHED = {"RESPONSE_CACHE": "0"}


def run_measurement(script: str, url: str, *args: str, stderr=None, env=None) -> dict:
    """Run `script --measure *args` in a fresh process against `url` with production
    settings (and `env`) and return the JSON it prints last."""
    output = subprocess.run(
        [PYTHON, script, "--measure", *args],
        env=production_env(url, **(env or {})),
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def setup_django() -> None:
    """Inside a measuring process: Django set up from the environment it was given."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coherence.settings")
    import django

    django.setup()


def timed(run, repeat: int) -> dict:
    """Call `run` once to warm up, then `repeat` times; the summary of those timings."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return summary(times)


def summary(times: list[float]) -> dict:
    times = sorted(times)
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
        "runs": len(times),
    }


def wait_for_quiet(threshold: float, seconds: int) -> float:
    """Wait up to `seconds` for the load average to fall below `threshold`; return it."""
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] >= threshold and time.monotonic() < deadline:
        time.sleep(5)
    return round(os.getloadavg()[0], 2)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def table(results: list[dict]) -> str:
    """A Markdown table of `{"database", "scale", "load", "timings": {shape: summary}}` rows."""
    lines = [
        "| database | practices | shape | median ms | p95 ms | load average |",
        "|---|---:|---|---:|---:|---|",
    ]
    for row in results:
        for shape, timing in row["timings"].items():
            lines.append(
                f"| {row['database']} | {label(row['scale'])} | {shape} | "
                f"{timing['median_ms']:.1f} | {timing['p95_ms']:.1f} | "
                f"{row['load'][0]} / {row['load'][1]} |"
            )
    return "\n".join(lines)


# Targets against their floors (issue 20) -------------------------------------------------

# The columns of a practices list row read by `.values()` (practices.rows.OWN), spelled
# out so that the floor can be measured on code without that module.
LIST_ROW = (
    "pk",
    "slug",
    "title",
    "summary",
    "scope",
    "start_year",
    "end_year",
    "status",
    "updated_at",
)


def busiest_country() -> str:
    """Inside a measuring process: the ISO3 code of the country with the most published
    practices (the one-filter lists' filter), from the facet index."""
    from practices.facets import all_practice_counts
    from practices.selection import PUBLISHED

    counts = all_practice_counts(PUBLISHED)["country"]
    return min(counts, key=lambda iso3: (-counts[iso3], iso3))


def list_floor(facet: str, value: str, page_size: int):
    """Inside a measuring process: the floor of a practices list page filtered by one facet
    value, as a function to time. It does what no list can skip: the same facet-index
    lookup the list makes (the token read, the selection's set, its count, the first page's
    ids in title order) and the same rows by `.values()`, nothing else (no links, no
    representation, no request)."""
    from practices import facet_index
    from practices.models import Practice
    from practices.selection import PUBLISHED

    selection = PUBLISHED.narrowed(facet, [value])

    def run():
        index = facet_index.index_for("default")
        bits = index.select(selection)
        pks = index.page(bits, "title", 0, page_size)
        rows = list(Practice.objects.filter(pk__in=pks).values(*LIST_ROW))
        assert len(rows) == min(page_size, bits.bit_count())
        return rows

    return run


def paired(app, floor, repeat: int) -> dict:
    """Time `app` and its `floor` in turns (after a warm-up of each), so that a change of
    load weighs on both alike: their summaries and the ratio of the medians."""
    app()
    floor()
    app_times, floor_times = [], []
    for _ in range(repeat):
        for run, times in ((app, app_times), (floor, floor_times)):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1000)
    app_summary, floor_summary = summary(app_times), summary(floor_times)
    return {
        "app": app_summary,
        "floor": floor_summary,
        "ratio": round(app_summary["median_ms"] / floor_summary["median_ms"], 2),
    }


def _export_floor_sql(vendor: str) -> str:
    """The CSV export's columns (practices.export.COLUMNS) of every published practice in
    the list's order, in one statement of the database's own: each link type's keys and
    names aggregated per practice (`group_concat`, `string_agg`), joined to the practices."""
    concat = "group_concat({}, ';')" if vendor == "sqlite" else "string_agg({}, ';')"
    links = {
        "countries": (
            "practices_practicecountry l JOIN coherence_country r ON r.id = l.country_id",
            "r.iso3",
            "",
        ),
        "coherence_levels": (
            "practices_practice_coherence_levels l JOIN coherence_coherencelevel r "
            "ON r.id = l.coherencelevel_id",
            "r.slug",
            "",
        ),
        "themes": (
            "practices_practice_themes l JOIN coherence_theme r ON r.id = l.theme_id",
            "r.slug",
            "",
        ),
        "institutions": (
            "practices_practiceinstitution l JOIN coherence_institution r "
            "ON r.id = l.institution_id",
            "r.slug",
            " WHERE r.editorial_state = 'published'",
        ),
        "tools": (
            "practices_practice_tools l JOIN coherence_policytool r ON r.id = l.policytool_id",
            "r.slug",
            " WHERE r.editorial_state = 'published'",
        ),
    }
    ctes, joins, columns = [], [], ["p.slug", "p.title", "p.summary"]
    for name, (joined, key, published) in links.items():
        ctes.append(
            f"{name} AS (SELECT l.practice_id, {concat.format(key)} AS k, "
            f"{concat.format('r.name')} AS n FROM {joined}{published} GROUP BY l.practice_id)"
        )
        joins.append(f"LEFT JOIN {name} ON {name}.practice_id = p.id")
        columns += [f"{name}.k", f"{name}.n"]
    columns += ["p.scope", "p.start_year", "p.end_year", "p.status", "p.updated_at"]
    columns += [
        "'http://testserver/api/v1/practices/' || p.slug || '/'",
        "'http://testserver/practices/' || p.slug || '/'",
    ]
    return (
        f"WITH {', '.join(ctes)} SELECT {', '.join(columns)} FROM practices_practice p "
        f"{' '.join(joins)} WHERE p.editorial_state = 'published' ORDER BY p.title, p.id"
    )


def export_floor(url: str) -> dict:
    """The floor of the CSV export: the database's own command-line client writing the
    same columns of the same practices as CSV (`sqlite3 -csv`, `psql` COPY), in seconds."""
    if url.startswith("sqlite:///"):
        command = [
            "sqlite3",
            "-csv",
            "-header",
            url.removeprefix("sqlite:///"),
            _export_floor_sql("sqlite"),
        ]
    else:
        rest = url.removeprefix("postgres://").removeprefix("postgresql://")
        user_host, name = rest.rsplit("/", 1)
        user, host_port = user_host.split("@")
        host, port = (host_port.split(":") + ["5432"])[:2]
        sql = f"COPY ({_export_floor_sql('postgresql')}) TO STDOUT WITH (FORMAT csv, HEADER)"
        command = ["psql", "-h", host, "-p", port, "-U", user, "-d", name, "-c", sql]
    start = time.perf_counter()
    result = subprocess.run(command, check=True, stdout=subprocess.PIPE)
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "lines": result.stdout.count(b"\n")}


def ratio_lines(rows: list[dict]) -> list[str]:
    """A Markdown table of targets: `{"database", "target", "time", "floor", "ratio",
    "goal", "load"}` rows, times already formatted."""
    lines = [
        "| database | target | measured | floor | ratio | goal | met | load average |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        met = "yes" if row["ratio"] <= row["goal"] else "**no**"
        lines.append(
            f"| {row['database']} | {row['target']} | {row['time']} | {row['floor']} | "
            f"{row['ratio']:.2f}× | ≤ {row['goal']:g}× | {met} | {row['load']} |"
        )
    return lines


def database_kind(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else "PostgreSQL"


def load_text() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5 min {five:.2f})"
