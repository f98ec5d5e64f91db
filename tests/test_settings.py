"""Settings come from the environment and are safe by default."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# Variables the tests set themselves, cleared from the environment they run in.
# DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests for their live server.
CLEARED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CACHE_URL",
    "USE_X_FORWARDED_PROTO",
    "PROXY_COUNT",
    "LOGIN_FAILURE_LIMIT",
    "LOGIN_COOLOFF_MINUTES",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run(args, **env):
    base = {k: v for k, v in os.environ.items() if k not in CLEARED}
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
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert done.returncode == 0, done.stdout + done.stderr


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "kb.example.org"}
# What `gunicorn coherence.wsgi` does first in each worker.
LOAD_THE_APP = [
    "-c",
    "import coherence.wsgi; from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
]


@pytest.mark.parametrize(
    "cache_url, reason",
    [
        (None, "keeps its entries in each process"),  # the default: locmemcache://
        ("locmemcache://", "keeps its entries in each process"),
        ("dummycache://", "keeps nothing"),
    ],
)
def test_production_refuses_to_start_with_a_per_process_cache(cache_url, reason):
    done = run(LOAD_THE_APP, **PRODUCTION, **({"CACHE_URL": cache_url} if cache_url else {}))
    assert done.returncode != 0
    assert reason in done.stderr
    assert "rate limits would be counted by each worker process on its own" in done.stderr
    assert "Set CACHE_URL to a cache the processes share" in done.stderr


@pytest.mark.parametrize(
    "cache_url, backend",
    [
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache"),
        ("dbcache://coherence_cache", "django.core.cache.backends.db.DatabaseCache"),
    ],
)
def test_production_starts_with_a_shared_cache(cache_url, backend):
    done = run(LOAD_THE_APP, **PRODUCTION, CACHE_URL=cache_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == backend


def test_the_deployment_checklist_says_why_a_per_process_cache_is_refused():
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert done.returncode != 0
    assert "CACHE_URL='locmemcache://' is a cache that keeps its entries in each process" in (
        done.stderr
    )


def test_development_may_use_the_in_process_cache():
    done = run(LOAD_THE_APP, DEBUG="1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize(
    "env, proxies",
    [
        ({}, 0),  # served directly: X-Forwarded-For is ignored
        ({"USE_X_FORWARDED_PROTO": "1"}, 1),  # behind the proxy that terminates TLS
        ({"USE_X_FORWARDED_PROTO": "1", "PROXY_COUNT": "2"}, 2),
    ],
)
def test_client_addresses_trust_as_many_proxies_as_configured(env, proxies):
    code = (
        "import django; django.setup(); from rest_framework.settings import api_settings;"
        "print(api_settings.NUM_PROXIES)"
    )
    done = run(["-c", code], DEBUG="1", **env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == str(proxies)


def test_login_lockout_limit_and_cool_off_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds())"
    )
    done = run(["-c", code], DEBUG="1")
    assert done.stdout.strip().splitlines()[-1] == "10 900.0", done.stderr
    done = run(["-c", code], DEBUG="1", LOGIN_FAILURE_LIMIT="5", LOGIN_COOLOFF_MINUTES="60")
    assert done.stdout.strip().splitlines()[-1] == "5 3600.0", done.stderr


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


def test_the_site_hashes_passwords_with_djangos_default_hashers():
    """The suite swaps in a fast hasher (tests/conftest.py); the site itself does not."""
    done = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings, global_settings; "
            "print(settings.PASSWORD_HASHERS == global_settings.PASSWORD_HASHERS, "
            "settings.PASSWORD_HASHERS[0])",
        ],
        DEBUG="1",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
