"""The README's examples, run as a newcomer runs them, in order: the site set up as `make
run` sets it up (migrated, the seed loaded, served on a port), then every command of the
"API quick start" (each `curl` must answer 2xx), then the block that tries the production
setup locally (gunicorn with the shipped configuration, DEBUG off).

The commands run in a folder of their own (with `.venv`, `manage.py` and
`gunicorn.conf.py` linked in), against a database of their own of the suite's kind (a
copy of the test database as `migrate` left it, `migrated_database`, which is what `make
run`'s `migrate` makes); the only changes made to them are the port, the cache's database
number, and `curl` told to fail on an error status.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.databases import new_database

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

pytestmark = pytest.mark.xdist_group("readme")


def section(title: str) -> str:
    text = README.read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.DOTALL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def adapted(block: str, port: int) -> str:
    block = block.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    block = block.replace("redis://127.0.0.1:6379/1", "redis://127.0.0.1:6379/9")
    # curl fails on an error status (unless the example asks for that itself, -f).
    return re.sub(r"(?m)(^|\$\(|\s)curl (?!-f)", r"\1curl --fail-with-body -sS ", block)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("newcomer")
    for name in (".venv", "manage.py", "gunicorn.conf.py", "scripts"):
        (folder / name).symlink_to(ROOT / name)
    return folder


@pytest.fixture(scope="module")
def environment(migrated_database, tmp_path_factory):
    """The newcomer's environment: a database of their own (of the suite's kind, a copy of
    the test database as `migrate` left it), nothing else set."""
    drop = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST")}
    env["STATIC_ROOT"] = str(tmp_path_factory.mktemp("static"))
    with new_database(tmp_path_factory.mktemp("db"), "readme", template=migrated_database) as url:
        env["DATABASE_URL"] = url
        yield env


def wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {process.stderr.read()[-3000:]}")
            time.sleep(0.3)


@pytest.fixture(scope="module")
def served(workdir, environment):
    """What `make run` does: migrate (the database is migrated already, see
    `environment`), load the seed, serve on a port (development mode)."""
    env = {**environment, "DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "load_knowledge_base"],
        cwd=workdir,
        env=env,
        check=True,
        timeout=900,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(f"http://127.0.0.1:{port}/healthz", process)
    yield port
    process.terminate()
    process.wait(timeout=30)


def run(script: str, workdir: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the commands with bash in a session of their own; whatever they leave running
    (a server started in the background) is stopped afterwards."""
    process = subprocess.Popen(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=900)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    assert done.returncode == 0, (
        f"{script}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}"
    )
    return done


def test_the_api_quick_start_works_as_written(served, workdir, environment):
    blocks = shell_blocks(section("API quick start"))
    assert len(blocks) >= 2
    env = {**environment, "DEBUG": "1"}
    for block in blocks:
        run(adapted(block, served), workdir, env)
    assert (workdir / "practices.csv").stat().st_size > 10_000
    assert (workdir / "remittances.xlsx").read_bytes().startswith(b"PK")  # a zip: a workbook


def test_the_local_production_trial_works_as_written(served, workdir, environment):
    blocks = [b for b in shell_blocks(section("Production")) if "SECURE_SSL_REDIRECT=0" in b]
    assert len(blocks) == 1
    port = free_port()
    done = run(adapted(blocks[0], port), workdir, {**environment})
    assert '"status": "ok"' in done.stdout
