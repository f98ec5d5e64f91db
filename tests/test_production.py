"""The production path, run as the README runs it: `collectstatic`, then gunicorn with the
shipped `gunicorn.conf.py` and DEBUG off, serving a page, a hashed static file and a
complete CSV export of ten thousand synthetic practices, checked row by row against the
JSON list; and a download read slowly, longer than the worker timeout, still complete.

The server runs against a database of its own (a SQLite file, or a new PostgreSQL
database when the suite runs on PostgreSQL): a copy of the test database as `migrate`
left it (`migrated_database`), filled by `generate_synthetic`.
"""

from __future__ import annotations

import csv
import io
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

import pytest

from tests.databases import new_database

ROOT = Path(__file__).resolve().parent.parent
PRACTICES = 10_000
pytestmark = pytest.mark.xdist_group("production")

TIMEOUT = 2  # the worker timeout the server runs with, in seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environment() -> dict[str, str]:
    drop = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST")}


@pytest.fixture(scope="module")
def database_url(migrated_database, tmp_path_factory):
    """A database of the suite's kind, migrated (a copy of `migrated_database`) and filled
    with synthetic practices."""
    with new_database(
        tmp_path_factory.mktemp("production"), "production", template=migrated_database
    ) as url:
        env = {**clean_environment(), "DATABASE_URL": url, "DEBUG": "1"}
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "generate_synthetic",
                "--practices",
                str(PRACTICES),
                "--seed",
                "3",
                "--no-progress",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=600,
        )
        yield url


@pytest.fixture(scope="module")
def server(database_url, tmp_path_factory):
    """gunicorn with the shipped configuration and production settings."""
    static_root = tmp_path_factory.mktemp("static")
    port = free_port()
    env = {
        **clean_environment(),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "CACHE_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "STATIC_ROOT": str(static_root),
        # Plain HTTP on loopback: no redirect to https, cookies allowed without TLS.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "API_THROTTLE_ANON": "100000/min",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_TIMEOUT": str(TIMEOUT),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"gunicorn did not start:\n{process.stderr.read()[-3000:]}")
            time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, dict(response.headers), response.read()


def test_a_page_and_a_hashed_static_file(server):
    status, _headers, body = get(f"{server}/practices/")
    assert status == 200
    html = body.decode()
    assert "practices" in html
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page links the hashed stylesheet collectstatic made"
    status, headers, css = get(f"{server}{stylesheet.group(1)}")
    assert status == 200 and css
    assert "immutable" in headers.get("Cache-Control", "")


def test_the_complete_export_matches_the_list_row_by_row(server):
    status, headers, body = get(f"{server}/api/v1/practices/?format=csv")
    assert status == 200
    assert headers["Transfer-Encoding"] == "chunked"
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == PRACTICES
    listed, url = [], f"{server}/api/v1/practices/?page_size=200"
    while url:
        page = json.loads(get(url)[2])
        listed += page["results"]
        url = page["next"]
    assert len(listed) == PRACTICES
    for row, record in zip(rows, listed, strict=True):
        assert row["slug"] == record["slug"]
        assert row["title"] == record["title"]
        assert row["summary"] == record["summary"]
        assert row["countries"] == ";".join(c["iso3"] for c in record["countries"])
        assert row["country_names"] == ";".join(c["name"] for c in record["countries"])
        assert row["institutions"] == ";".join(i["slug"] for i in record["institutions"])
        assert row["institution_names"] == ";".join(i["name"] for i in record["institutions"])
        assert row["tools"] == ";".join(t["slug"] for t in record["tools"])
        assert row["tool_names"] == ";".join(t["name"] for t in record["tools"])
        assert row["coherence_levels"] == ";".join(record["coherence_levels"])
        assert row["themes"] == ";".join(record["themes"])
        assert row["updated_at"] == record["updated_at"]
        assert row["url"] == record["url"]


def slow_download(base: str, path: str, pause: float) -> bytes:
    """HTTP/1.1 GET through a socket with a small receive buffer, pausing after the first
    bytes: the server blocks writing for longer than the worker timeout."""
    host, port = base.removeprefix("http://").split(":")
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(60)
        sock.connect((host, int(port)))
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        received = [sock.recv(4096)]
        time.sleep(pause)
        while chunk := sock.recv(65536):
            received.append(chunk)
    return b"".join(received)


def dechunk(raw: bytes) -> bytes:
    """The body of a chunked HTTP/1.1 response; AssertionError if it ends before its last
    chunk (the way a client sees a download cut short)."""
    head, _, rest = raw.partition(b"\r\n\r\n")
    assert b"200 OK" in head.split(b"\r\n")[0]
    body = []
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        assert size_line, "the response ended before its last chunk"
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return b"".join(body)
        assert len(rest) >= size + 2, "the response ended inside a chunk"
        body.append(rest[:size])
        rest = rest[size + 2 :]


def test_a_download_slower_than_the_worker_timeout_completes(server):
    raw = slow_download(server, "/api/v1/practices/?format=csv", pause=TIMEOUT * 2 + 1)
    rows = list(csv.reader(io.StringIO(dechunk(raw).decode("utf-8-sig"))))
    assert len(rows) == PRACTICES + 1
