import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import django, json; django.setup();"
    "from django.test import Client;"
    "r = Client().get('/healthz');"
    "print(json.dumps({'status': r.status_code, 'body': json.loads(r.content)}))"
)


@pytest.mark.django_db
def test_healthz_reports_a_reachable_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://nobody@127.0.0.1:9/unreachable",  # nothing listens on the discard port
        "sqlite:////nonexistent-folder/for/sure/db.sqlite3",
    ],
)
def test_healthz_reports_an_unreachable_database_as_503(database_url):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coherence.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "CRITICAL",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"status": 503, "body": {"status": "error", "database": "unavailable"}}
