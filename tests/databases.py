"""Databases of the engine under test besides the test database, for tests that run the
site or a management command in another process: empty ones, and copies of the test
database as `migrate` left it, taken once per run (`tests/conftest.py`'s
`django_db_setup`) so that such a test need not run `migrate` again (about 20 seconds
each time)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


def postgres_env() -> dict[str, str]:
    """libpq's environment for the test database's server (for `createdb`, `psql`, ...)."""
    db = connection.settings_dict
    return {
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"] or "postgres",
        "PGPASSWORD": db["PASSWORD"] or "",
    }


def postgres_url(name: str) -> str:
    env = postgres_env()
    return f"postgres://{env['PGUSER']}:{env['PGPASSWORD']}@{env['PGHOST']}:{env['PGPORT']}/{name}"


def _createdb(name: str, template: str) -> None:
    env = {**os.environ, **postgres_env()}
    subprocess.run(["dropdb", "--if-exists", "--force", name], env=env, check=True)
    subprocess.run(["createdb", f"--template={template}", name], env=env, check=True)


def _dropdb(name: str) -> None:
    env = {**os.environ, **postgres_env()}
    subprocess.run(["dropdb", "--if-exists", "--force", name], env=env, check=False)


def take_migrated_snapshot(folder: Path) -> str:
    """A copy of the test database as it is now, just made by `migrate` (and Django's
    `createcachetable`), before any test wrote to it: its URL. On PostgreSQL a database
    made from the test database as a template (which needs the test database's connection
    closed: Django opens it again when a test asks); on SQLite, where the test database
    lives in memory, a file written by SQLite's backup API."""
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_migrated"
        connection.close()
        _createdb(name, template=connection.settings_dict["NAME"])
        return postgres_url(name)
    path = folder / "migrated.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}"


def drop_snapshot(url: str) -> None:
    if url.startswith("postgres"):
        _dropdb(url.rsplit("/", 1)[1])


@contextmanager
def new_database(folder: Path, suffix: str, template: str | None = None):
    """The URL of a new database of the engine under test: without tables, or a copy of
    the database at `template` (the migrated snapshot, say). Dropped afterwards."""
    if connection.vendor != "postgresql":
        path = folder / f"{suffix}.sqlite3"
        if template:
            shutil.copyfile(template.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    _createdb(name, template=template.rsplit("/", 1)[1] if template else "template0")
    try:
        yield postgres_url(name)
    finally:
        _dropdb(name)
