"""The rate limits counted in Redis by one script (`coherence.rest.throttling.RedisLog`)
answer exactly as DRF's own throttles do in any other cache: the same statuses, the same
`Retry-After` and rate-limit headers, the same sliding window; and an anonymous request
costs one round trip for both of its throttles."""

import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from coherence.rest import throttling
from tests.conftest import REDIS_URL, redis_is_up
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/themes/"


class Clock:
    """The throttles' time, moved by the test."""

    def __init__(self):
        self.now = 1_800_000_000.25

    def __call__(self, throttle=None):
        return self.now


@pytest.fixture(params=["locmem", "redis"])
def cache_kind(request, settings):
    """The default cache: in-process (DRF's own throttles' logs) or Redis (`RedisLog`),
    under a prefix of the test's own so that nothing else's keys are touched."""
    if request.param == "redis":
        if not redis_is_up():
            pytest.skip(f"needs Redis at {REDIS_URL} (TEST_REDIS_URL)")
        prefix = f"throttle-test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        assert isinstance(caches["default"], RedisCache)
        yield request.param
        import redis

        connection = redis.Redis.from_url(REDIS_URL)
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)
    else:
        yield request.param


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(SimpleRateThrottle, "timer", clock)
    return clock


@pytest.fixture
def rates(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "5/min"})


def seen(response) -> tuple:
    return (
        response.status_code,
        response.get("Retry-After"),
        response.get("RateLimit-Limit"),
        response.get("RateLimit-Remaining"),
        response.get("RateLimit-Reset"),
    )


def test_the_window_slides_as_drfs_in_every_cache(cache_kind, clock, rates):
    ThemeFactory()
    api = APIClient()
    answers = []
    for moment in (0, 1, 2, 3, 30, 59.5, 60.25, 60.5, 61, 62):
        clock.now = 1_800_000_000.25 + moment
        answers.append(seen(api.get(LIST)))
    assert answers == [
        (200, None, "3", "2", "60"),
        (200, None, "3", "1", "59"),
        (200, None, "3", "0", "58"),
        # Refused, not counted: wait until the oldest request leaves the window.
        (429, "57", "3", "0", "57"),
        (429, "30", "3", "0", "30"),
        (429, "1", "3", "0", "1"),
        # The request at 0 left (a time at the window's edge is out, as DRF has it).
        (200, None, "3", "0", "1"),
        (429, "1", "3", "0", "1"),
        (200, None, "3", "0", "1"),
        (200, None, "3", "0", "59"),
    ]


def test_a_refusal_before_throttling_tells_the_limit_without_counting(cache_kind, clock, rates):
    api = APIClient()
    assert seen(api.get(LIST))[3] == "2"
    clock.now += 10
    unknown = api.get(f"{LIST}?bogus=1")
    assert seen(unknown) == (400, None, "3", "2", "50")
    assert seen(api.get(LIST))[3] == "1"


def test_tokens_have_their_own_rate_in_every_cache(cache_kind, clock, rates, django_user_model):
    user = django_user_model.objects.create_user("partner")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    statuses = [api.get(LIST).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_an_anonymous_request_counts_both_throttles_in_one_round_trip(
    cache_kind, rates, monkeypatch
):
    if cache_kind != "redis":
        pytest.skip("Redis only")
    calls = []
    windows = throttling.RedisLog.windows

    def counted(self, throttles, now, counting):
        calls.append(sorted(throttle.scope for throttle in throttles))
        return windows(self, throttles, now, counting)

    monkeypatch.setattr(throttling.RedisLog, "windows", counted)
    response = APIClient().get(LIST)
    assert response.status_code == 200 and response["RateLimit-Remaining"] == "2"
    assert calls == [["anon", "user"]]


def test_every_process_counts_in_the_same_log(cache_kind, rates, monkeypatch):
    """A process of its own (its own client and script) sees the others' requests."""
    if cache_kind != "redis":
        pytest.skip("Redis only")
    api = APIClient()
    assert api.get(LIST).status_code == 200
    monkeypatch.setattr(throttling.RedisLog, "_scripts", {})
    assert [api.get(LIST).status_code for _ in range(3)] == [200, 200, 429]
