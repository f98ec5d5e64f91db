"""Settings come from the environment and are safe by default."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests for their live server.
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "coherence.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    done = run(["-c", "import django; django.setup()"], DEBUG="0")
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr


def test_debug_off_is_the_default():
    done = run(["-c", "import django; django.setup()"])
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr


def test_development_mode_starts_with_its_own_key():
    done = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        DEBUG="1",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_production_settings_pass_the_deployment_checklist():
    done = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kb.example.org",
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_cache_and_database_come_from_urls():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND']);"
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"
    )
    done = run(
        ["-c", code],
        DEBUG="1",
        CACHE_URL="redis://127.0.0.1:6379/3",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/kbtest",
    )
    assert done.returncode == 0, done.stderr
    cache, database = done.stdout.strip().splitlines()
    assert cache == "django.core.cache.backends.redis.RedisCache"
    assert database == "django.db.backends.postgresql kbtest"


def test_manage_py_runs_in_development_mode_unless_told_otherwise():
    done = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No changes detected" in done.stdout


def test_manage_py_in_production_mode_without_a_key_says_why_it_stops():
    done = run(["manage.py", "makemigrations", "--check", "--dry-run"], DEBUG="0")
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr
    assert "Models aren't loaded yet" not in done.stderr
