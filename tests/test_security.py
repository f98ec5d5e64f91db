"""Hardened defaults: a Content-Security-Policy on every response, admin sign-in locked
after repeated failures, and API rate limits counted once for every worker process."""

import json
import os
import re
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client, override_settings
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from coherence.security import client_address
from tests.conftest import REDIS_URL, redis_is_up
from tests.factories import ThemeFactory

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def assert_strict(policy):
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


# Content-Security-Policy --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, status",
    [
        ("/", 200),
        ("/about/", 200),
        ("/api/v1/themes/", 200),
        ("/api/schema/", 200),
        ("/no-such-page/", 404),
        ("/api/v1/no-such-endpoint/", 404),
        ("/admin/login/", 200),
        ("/healthz", 200),
    ],
)
def test_every_response_carries_the_strict_policy(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_strict(policy_of(response))


@pytest.mark.django_db
def test_the_500_page_carries_the_strict_policy(client, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("coherence.views.AboutView.get_context_data", fail)
    client.raise_request_exception = False
    response = client.get("/about/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert_strict(policy_of(response))


@pytest.mark.django_db
def test_an_api_server_error_carries_the_strict_policy(client, monkeypatch):
    ThemeFactory()

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("coherence.api.ThemeViewSet.list", fail)
    client.raise_request_exception = False
    response = client.get("/api/v1/themes/")
    assert response.status_code == 500
    assert response.json() == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "Server error.",
        "instance": "/api/v1/themes/",
    }
    assert_strict(policy_of(response))


@pytest.mark.django_db
def test_swagger_ui_adds_only_data_images_and_loads_its_script_from_the_site(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    html = response.content.decode()
    assert "<style" not in html
    assert re.findall(r"<script>", html) == []
    script = client.get(reverse("api-docs") + "?script")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.django_db
def test_redoc_styles_need_this_responses_nonce_and_its_scripts_come_from_the_site(client):
    response = client.get(reverse("api-redoc"))
    assert response.status_code == 200
    policy = policy_of(response)
    html = response.content.decode()
    nonce = re.search(r'<script src="[^"]*redoc-init\.js" nonce="([^"]+)"', html).group(1)
    assert f"'nonce-{nonce}'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]
    assert policy["worker-src"] == ["blob:"]
    assert "fonts.googleapis.com" not in html
    assert "<style" not in html
    again = policy_of(client.get(reverse("api-redoc")))
    assert f"'nonce-{nonce}'" not in again["style-src"]  # a new nonce per response


def test_no_template_of_ours_has_inline_scripts_styles_or_event_handlers():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    inline_style = re.compile(r"<style\b|\sstyle=", re.I)
    handler = re.compile(r"\son[a-z]+=", re.I)
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        problems = [
            pattern.pattern
            for pattern in (inline_script, inline_style, handler)
            if pattern.search(text)
        ]
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert not found, found


# Admin sign-in lockout (django-axes) --------------------------------------------------------

LOGIN = "/admin/login/"


def sign_in(client, username, password, address="192.0.2.10", **extra):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **extra,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("ana", "ana@example.org", "right-pw-456")


@pytest.mark.django_db
def test_ten_failures_lock_the_account_even_for_the_right_password(client, editor):
    for _ in range(9):
        assert sign_in(client, "ana", "wrong").status_code == 200  # the form again
    assert sign_in(client, "ana", "wrong").status_code == 429  # the tenth failure locks
    response = sign_in(client, "ana", "right-pw-456")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert "Too many failed sign-in attempts" in html
    assert "15 minutes" in html
    assert not signed_in(client)


@pytest.mark.django_db
def test_nine_failures_do_not_lock_and_a_success_clears_them(client, editor):
    for _ in range(9):
        sign_in(client, "ana", "wrong")
    response = sign_in(client, "ana", "right-pw-456")
    assert response.status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.filter(username="ana").exists()


@pytest.mark.django_db
def test_rotating_addresses_does_not_escape_the_account_lockout(client, editor):
    for i in range(10):
        sign_in(client, "ana", "wrong", address=f"198.51.100.{i + 1}")
    response = sign_in(client, "ana", "right-pw-456", address="203.0.113.77")
    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, editor):
    for _ in range(10):
        sign_in(client, "ana", "wrong")
    assert sign_in(client, "ana", "right-pw-456").status_code == 429
    # Sixteen minutes pass.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    response = sign_in(client, "ana", "right-pw-456")
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_attempts_while_locked_do_not_extend_the_cool_off(client, editor):
    for _ in range(10):
        sign_in(client, "ana", "wrong")
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=10))
    for _ in range(3):
        assert sign_in(client, "ana", "right-pw-456").status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=6))
    assert sign_in(client, "ana", "right-pw-456").status_code == 302


@pytest.mark.django_db
def test_another_account_from_another_address_is_not_locked(client, editor, django_user_model):
    django_user_model.objects.create_superuser("ben", "ben@example.org", "ben-pw-789")
    for _ in range(10):
        sign_in(client, "ana", "wrong", address="192.0.2.10")
    response = sign_in(client, "ben", "ben-pw-789", address="192.0.2.20")
    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked(client, editor):
    for i in range(10):
        sign_in(client, f"guess-{i}", "wrong", address="192.0.2.30")
    assert sign_in(client, "ana", "right-pw-456", address="192.0.2.30").status_code == 429
    assert sign_in(client, "ana", "right-pw-456", address="192.0.2.31").status_code == 302


@pytest.mark.django_db
@override_settings(AXES_COOLOFF_TIME=timedelta(minutes=2))
def test_the_cool_off_is_a_setting(client, editor):
    for _ in range(10):
        sign_in(client, "ana", "wrong")
    response = sign_in(client, "ana", "right-pw-456")
    assert response.status_code == 429
    assert "2 minutes" in response.content.decode()
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=3))
    assert sign_in(client, "ana", "right-pw-456").status_code == 302


@pytest.mark.django_db
def test_a_locked_account_keeps_its_session_and_its_api_tokens(client, editor):
    client.force_login(editor)
    attacker = Client()
    for _ in range(10):
        sign_in(attacker, "ana", "wrong")
    assert sign_in(attacker, "ana", "right-pw-456").status_code == 429
    assert client.get("/admin/").status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/themes/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=editor)[1]}")
    assert api.get("/api/v1/themes/").status_code == 200


@pytest.mark.django_db
def test_behind_a_proxy_the_lockout_keys_on_the_address_the_proxy_saw(client, editor, rf):
    proxied = override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1})
    with proxied:
        request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.40")
        assert client_address(request) == "192.0.2.40"
        # A client rotating the part of X-Forwarded-For it controls stays one address.
        for i in range(10):
            sign_in(
                client,
                f"guess-{i}",
                "wrong",
                address="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{i}, 192.0.2.40",
            )
        response = sign_in(
            client,
            "ana",
            "right-pw-456",
            address="10.0.0.2",
            HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.40",
        )
        assert response.status_code == 429
    request = rf.get("/", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_address(request) == "192.0.2.50"  # no proxy: the header is not trusted


# Rate limits shared by every worker ---------------------------------------------------------


COUNT_TWO_REQUESTS = """
import json, sys
import django
django.setup()
from django.test import RequestFactory
from rest_framework.request import Request
from coherence.rest.throttling import AnonRateThrottle
from rest_framework.views import APIView
request = Request(RequestFactory().get("/api/v1/themes/", REMOTE_ADDR=sys.argv[1]))
print(json.dumps([AnonRateThrottle().allow_request(request, APIView()) for _ in range(2)]))
"""


def worker(cache_url, address):
    """One process, as one gunicorn worker would be, making two anonymous API requests."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PROXY_COUNT"}
    }
    done = subprocess.run(
        [sys.executable, "-c", COUNT_TWO_REQUESTS, address],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "coherence.settings",
            "DEBUG": "1",
            "CACHE_URL": cache_url,
            "API_THROTTLE_ANON": "3/min",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def redis_url():
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"needs Redis at {REDIS_URL} (TEST_REDIS_URL)")
    return REDIS_URL


def test_workers_sharing_redis_share_one_rate_limit(redis_url):
    import redis

    address = f"worker-test-{uuid.uuid4().hex}"  # this test's own throttle key
    try:
        assert worker(redis_url, address) == [True, True]
        assert worker(redis_url, address) == [True, False]  # 3/min in all, not 3 each
    finally:
        connection = redis.Redis.from_url(redis_url)
        for key in connection.scan_iter(f"*throttle_anon_{address}*"):
            connection.delete(key)


def test_workers_with_in_process_caches_each_count_on_their_own():
    """Why production refuses these caches: two workers let 4 requests through at 3/min."""
    address = "192.0.2.99"
    assert worker("locmemcache://", address) == [True, True]
    assert worker("locmemcache://", address) == [True, True]
