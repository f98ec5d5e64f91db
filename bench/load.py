"""Load test: the site under concurrent clients, served as in production (gunicorn with
the shipped `gunicorn.conf.py`, DEBUG off, the Redis cache), measured with wrk on
loopback, bounded in time.

    .venv/bin/python bench/load.py                        # seed data, SQLite and PostgreSQL
    .venv/bin/python bench/load.py --databases sqlite --seconds 15 --connections 32
    .venv/bin/python bench/load.py --scale 10000          # synthetic practices instead
    .venv/bin/python bench/load.py --response-cache off on  # without, then with the cache

Needs wrk (`apt-get install wrk`), Redis on 127.0.0.1:6379 and, for PostgreSQL, the
server on 127.0.0.1:5432. For each database it prepares a database of its own (the seed
data by default: bench/results/<name>.sqlite3 and the PostgreSQL database <name>, named
by `--database-name`, `coherence_load_bench` by default), collects the static
files, starts gunicorn on a free loopback port and runs wrk against each URL for
`--seconds` with `--connections` open connections (2 threads), after one warm-up request.
The API throttles are lifted for the run (it would answer most requests 429,
which is what it is for, not what is measured). The requests come from `--clients`
addresses (`X-Forwarded-For`, picked at random by a wrk script, one proxy trusted), as
many visitors' would: a throttle keeps the times of each address's requests in the last
minute, which from a single address at hundreds of requests a second is a list of
thousands read and written on every request, a cost no real client causes (`--clients 1`:
every request from wrk's own address, as measured before issue 20). The shared response cache
(`RESPONSE_CACHE`, docs/decisions/0012-response-cache.md) is on, as in production, unless
`--response-cache off`; with `off on` each database is served twice, the cache off and on:
with it, wrk's repeated requests of one URL are answered from the cache after the first.

For each URL it reports requests per second, latency percentiles, and every error wrk
counts: connect, read, write and timeout errors (a request unanswered within
`--timeout`) and non-2xx/3xx answers. The run fails (exit status 1) on any error or
timeout. The machine's load average before and after is recorded beside the figures.
Results also go to bench/results/load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    POSTGRES,
    RESULTS,
    ROOT,
    database_url,
    machine,
    prepare_seed,
    prepare_synthetic,
    wait_for_quiet,
)

URLS = {
    "API list, page of 50": "/api/v1/practices/?page_size=50",
    "practices page": "/practices/",
    "search page": "/search/?q=diaspora+remittances",
    "API search": "/api/v1/search/?q=diaspora+remittances",
    "country profile": "/countries/{country}/",
    "practice page": "/practices/{practice}/",
    "institutions page": "/institutions/",
    "tools page": "/tools/",
}
# The targets of issue 20 (requests per second) on this kind of machine.
TARGETS = {"API list, page of 50": 300, "practices page": 300}
OTHER_TARGET = 200


def seed_url(database: str, name: str) -> str:
    """A database of its own holding the seed data (the synthetic ones are shared)."""
    if database == "sqlite":
        return f"sqlite:///{RESULTS / (name + '.sqlite3')}"
    return f"{POSTGRES}/{name}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# wrk's script: each request from one of CLIENTS addresses, at random.
SPREAD = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(os.time() + id * 1000003)
end
request = function()
  local a = math.random(0, CLIENTS - 1)
  local address = "10." .. math.floor(a / 65536) % 256 .. "." .. math.floor(a / 256) % 256
    .. "." .. a % 256
  return wrk.format(nil, nil, {["X-Forwarded-For"] = address})
end
"""


def start_server(url: str, args, cache: str) -> tuple[subprocess.Popen, str]:
    port = args.port or free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "CACHE_URL": args.cache_url,
        "RESPONSE_CACHE": "1" if cache == "on" else "0",
        "STATIC_ROOT": str(RESULTS / "static"),
        "SECURE_SSL_REDIRECT": "0",
        "API_THROTTLE_ANON": "100000000/min",
        # DRF counts anonymous clients against the per-user rate too (by address).
        "API_THROTTLE_USER": "100000000/min",
        # The client's address is the last of X-Forwarded-For (see SPREAD).
        "PROXY_COUNT": "1" if args.clients > 1 else "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        "GUNICORN_ACCESS_LOG": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                return process, base
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.3)


def examples(base: str) -> dict[str, str]:
    """A country with practices and a practice, to fill in the URLs."""
    with urllib.request.urlopen(f"{base}/api/v1/practices/?page_size=1", timeout=30) as r:
        practice = json.load(r)["results"][0]
    country = practice["countries"][0]["iso3"] if practice["countries"] else "MEX"
    return {"practice": practice["slug"], "country": country}


LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse(output: str) -> dict:
    """wrk's report as numbers: requests/s, latency percentiles (ms), errors."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    connect, read, write, timeout = map(int, errors.groups()) if errors else (0, 0, 0, 0)
    return {
        "requests_per_second": float(rate.group(1)) if rate else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "latency_ms": {
            f"p{p}": round(float(value) * UNIT[unit], 2)
            for p, value, unit in LATENCY.findall(output)
        },
        "errors": {
            "connect": connect,
            "read": read,
            "write": write,
            "timeout": timeout,
            "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        },
    }


def run_wrk(url: str, seconds: int, connections: int, timeout: int, clients: int) -> dict:
    script = []
    if clients > 1:
        path = RESULTS / "spread.lua"
        path.write_text(SPREAD.replace("CLIENTS", str(clients)))
        script = ["-s", str(path)]
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={timeout}s",
            "--latency",
            *script,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse(done.stdout)


def measure(database: str, args, cache: str) -> dict:
    if args.scale is None:
        url = prepare_seed(seed_url(database, args.database_name))
    else:
        url = prepare_synthetic(database_url(database, args.scale), args.scale)
    process, base = start_server(url, args, cache)
    try:
        filled = examples(base)
        results = {}
        for name, path in URLS.items():
            target = base + path.format(**filled)
            urllib.request.urlopen(target, timeout=60).read()  # warm-up
            before = wait_for_quiet(args.quiet, 60)
            measured = run_wrk(target, args.seconds, args.connections, args.timeout, args.clients)
            measured["load_average"] = [before, round(os.getloadavg()[0], 2)]
            measured["path"] = path.format(**filled)
            results[name] = measured
            print(
                f"{database:10} cache {cache:3} {name:22} "
                f"{measured['requests_per_second']:8.1f} req/s  "
                f"p50 {measured['latency_ms'].get('p50', 0):7.1f} ms  "
                f"p99 {measured['latency_ms'].get('p99', 0):7.1f} ms  "
                f"errors {sum(measured['errors'].values())}",
                file=sys.stderr,
            )
        return results
    finally:
        process.terminate()
        process.wait(timeout=30)


def table(runs: dict[str, dict]) -> str:
    lines = [
        "| database, response cache | URL | req/s | target | p50 ms | p99 ms | errors + timeouts "
        "| load avg before/after |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for database, results in runs.items():
        for name, row in results.items():
            lines.append(
                f"| {database} | {name} | {row['requests_per_second']:.0f} | "
                f"{TARGETS.get(name, OTHER_TARGET)} | {row['latency_ms'].get('p50', 0):.1f} | "
                f"{row['latency_ms'].get('p99', 0):.1f} | {sum(row['errors'].values())} | "
                f"{row['load_average'][0]} / {row['load_average'][1]} |"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--scale", type=int, default=None, help="synthetic practices (default: the seed)"
    )
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout, s")
    parser.add_argument(
        "--workers", type=int, default=3, help="gunicorn workers (default: the shipped config's)"
    )
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--quiet", type=float, default=1.5, help="wait for a load average below this"
    )
    parser.add_argument(
        "--response-cache",
        nargs="+",
        choices=["on", "off"],
        default=["on"],
        help="serve with the response cache on, off, or both in turn (default: on)",
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=10000,
        help="client addresses the requests are spread over (1: wrk's own only)",
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/8")
    parser.add_argument(
        "--database-name",
        default="coherence_load_bench",
        help="the seed database's name (PostgreSQL; bench/results/<name>.sqlite3 for SQLite)",
    )
    args = parser.parse_args()
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        raise SystemExit("bench/load.py needs wrk: apt-get install wrk")
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = {
        f"{database}, cache {cache}": measure(database, args, cache)
        for database in args.databases
        for cache in args.response_cache
    }
    print(
        f"\n{machine()}; {args.workers} workers x {args.threads} threads; "
        f"wrk {args.seconds} s x {args.connections} connections from {args.clients} "
        "client addresses\n"
    )
    print(table(runs))
    (RESULTS / "load.json").write_text(
        json.dumps({"machine": machine(), "arguments": vars(args), "runs": runs}, indent=2)
    )
    failed = [
        (database, name)
        for database, results in runs.items()
        for name, row in results.items()
        if sum(row["errors"].values())
    ]
    if failed:
        print(f"\nErrors or timeouts: {failed}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
