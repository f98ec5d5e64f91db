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


def run_measurement(script: str, url: str, *args: str, stderr=None) -> dict:
    """Run `script --measure *args` in a fresh process against `url` with production
    settings and return the JSON it prints last."""
    output = subprocess.run(
        [PYTHON, script, "--measure", *args],
        env=production_env(url),
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
