"""The API's rate limits, told on every response with the IETF draft's headers
(`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`), not only on a 429.

The throttles are DRF's (settings `REST_FRAMEWORK`: anonymous clients by address, token
holders per user), their counts in the cache. The headers tell the strictest of the
throttles that apply to the request, read after the request was counted.

With a Redis cache (production's), the anonymous and user throttles keep their logs in
Redis lists counted by one script (`RedisLog`): every throttle of a request checked and
counted in one round trip (`check()`), atomically, where DRF's throttles read and write
the cache twice each through Django's cache client (about 0.8 ms a call, most of it
making a Redis client per call), so four round trips for an anonymous request. The
limits are DRF's to the letter: a sliding window of the requests each throttle let
through (a refused request is not counted), the same `Retry-After`. With any other cache
they are DRF's own.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache import cache as default_cache
from django.core.cache.backends.redis import RedisCache
from rest_framework import throttling
from rest_framework.exceptions import APIException


@dataclass(frozen=True)
class RateLimit:
    limit: int
    remaining: int
    reset: int  # seconds until a request leaves the window (0: none counted)

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


@dataclass(frozen=True)
class Window:
    """A throttle's log for one client at `now`: how many requests it let through are
    still in its window, and when the oldest of them came (None: none)."""

    count: int
    oldest: float | None
    now: float


# One throttle per key, in order (so that two throttles of one key see each other's count,
# as DRF's do one after the other). ARGV: now, 1 to count the request (0 to look only),
# then each key's limit and duration. A log is a list of times, newest first, as DRF's;
# the times that left the window are dropped from its end. Answers, per key: whether the
# request was let through (1) or not (0; always 0 when only looking), how many times are
# in the window, and the oldest of them ('' when none).
SCRIPT = """
local now = tonumber(ARGV[1])
local counting = ARGV[2] == '1'
local results = {}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[1 + 2 * i])
  local duration = tonumber(ARGV[2 + 2 * i])
  local length = redis.call('LLEN', key)
  local live = length
  while live > 0 and tonumber(redis.call('LINDEX', key, live - 1 - length)) <= now - duration do
    live = live - 1
  end
  local allowed = 0
  if counting then
    if live == 0 then
      redis.call('DEL', key)
    elseif live < length then
      redis.call('LTRIM', key, 0, live - 1)
    end
    length = live
    if live < limit then
      redis.call('LPUSH', key, ARGV[1])
      redis.call('EXPIRE', key, duration)
      live = live + 1
      length = length + 1
      allowed = 1
    end
  end
  local oldest = false
  if live > 0 then
    oldest = redis.call('LINDEX', key, live - 1 - length)
  end
  results[i] = {allowed, live, oldest or ''}
end
return results
"""


class RedisLog:
    """The throttles' logs in the Redis server of the default cache (its first location,
    the one Django writes to), through a client of its own made once per process and
    location (the script registered with it). Keys are the cache's own (`make_key()`:
    its prefix and version) with `:log`, apart from the values Django's cache stores."""

    _scripts: dict[str, redis.commands.core.Script] = {}

    def __init__(self, cache: RedisCache, location: str):
        self.cache = cache
        script = RedisLog._scripts.get(location)
        if script is None:
            client = redis.Redis.from_url(location)
            script = RedisLog._scripts[location] = client.register_script(SCRIPT)
        self.script = script

    @staticmethod
    def of(throttle) -> RedisLog | None:
        """The log of a throttle counting in the default cache, if that is Redis."""
        cache = getattr(throttle, "cache", None)
        if cache is default_cache:
            cache = caches[DEFAULT_CACHE_ALIAS]
        if not isinstance(cache, RedisCache) or cache is not caches[DEFAULT_CACHE_ALIAS]:
            return None
        location = settings.CACHES[DEFAULT_CACHE_ALIAS]["LOCATION"]
        if not isinstance(location, str):
            location = location[0]
        return RedisLog(cache, re.split("[;,]", location)[0])

    def windows(self, throttles: list, now: float, counting: bool) -> list[tuple[bool, Window]]:
        keys = [f"{self.cache.make_key(throttle.key)}:log" for throttle in throttles]
        args = [repr(now), "1" if counting else "0"]
        for throttle in throttles:
            args += [throttle.num_requests, throttle.duration]
        found = self.script(keys=keys, args=args)
        return [
            (bool(allowed), Window(live, float(oldest) if oldest else None, now))
            for allowed, live, oldest in found
        ]


class LoggedRateMixin:
    """A DRF rate throttle whose log is a `RedisLog` where the cache is Redis; DRF's own
    (`history` in the cache) otherwise. Checked alone (`allow_request`, by views other
    than the API's, e.g. the schema) or with the request's other throttles (`check()`):
    the same log either way."""

    window: Window | None = None

    def allow_request(self, request, view):
        refused = check([self], request, view)
        return not refused

    def wait(self):
        window = self.window
        if window is None:
            return super().wait()
        return wait_of(self, window)


class AnonRateThrottle(LoggedRateMixin, throttling.AnonRateThrottle):
    """DRF's anonymous rate throttle (its scope, rate and key), logged in Redis."""


class UserRateThrottle(LoggedRateMixin, throttling.UserRateThrottle):
    """DRF's user rate throttle (its scope, rate and key), logged in Redis."""


def wait_of(throttle, window: Window) -> float | None:
    """DRF's `SimpleRateThrottle.wait()` from a refused request's window."""
    if window.oldest is not None:
        remaining = throttle.duration - (window.now - window.oldest)
    else:
        remaining = throttle.duration
    available = throttle.num_requests - window.count + 1
    if available <= 0:
        return None
    return remaining / float(available)


def check(throttles, request, view) -> list[float | None]:
    """Check and count the request with each throttle, as DRF's `check_throttles()` does
    one after the other: the waits of those that refuse it (empty: let through). The
    `LoggedRateMixin` throttles of a Redis cache are checked together, in one round trip."""
    logged, refused = [], []
    log = None
    for throttle in throttles:
        if not isinstance(throttle, LoggedRateMixin):
            if not throttle.allow_request(request, view):
                refused.append(throttle.wait())
            continue
        if throttle.rate is None:
            continue
        log = log or RedisLog.of(throttle)
        if log is None:  # DRF's own log, in whatever cache this is
            if not throttling.SimpleRateThrottle.allow_request(throttle, request, view):
                refused.append(throttling.SimpleRateThrottle.wait(throttle))
            continue
        throttle.key = throttle.get_cache_key(request, view)
        if throttle.key is not None:
            logged.append(throttle)
    if logged:
        now = logged[0].timer()
        for throttle, (allowed, window) in zip(
            logged, log.windows(logged, now, counting=True), strict=True
        ):
            throttle.window, throttle.now = window, now
            if not allowed:
                refused.append(wait_of(throttle, window))
    return refused


def rate_limit(request, view) -> RateLimit | None:
    """The state of the strictest throttle that counts this request, without counting it
    again; None when none applies (no rates set). A throttle that was checked for the
    request (`ApiViewMixin.get_throttles` keeps them) tells what it found then, without
    reading the cache again."""
    # Authenticates, if no step before did; an invalid token counts as anonymous.
    with contextlib.suppress(APIException):
        request.user  # noqa: B018
    strictest = None
    for throttle in view.get_throttles():
        if getattr(throttle, "rate", None) is None:
            continue
        key = throttle.get_cache_key(request, view)
        if key is None:
            continue
        window = getattr(throttle, "window", None)
        if window is None:
            window = window_of(throttle, key)
        state = RateLimit(
            limit=throttle.num_requests,
            remaining=max(0, throttle.num_requests - window.count),
            reset=max(0, math.ceil(window.oldest + throttle.duration - window.now))
            if window.oldest is not None
            else 0,
        )
        if strictest is None or (state.remaining, state.limit) < (
            strictest.remaining,
            strictest.limit,
        ):
            strictest = state
    return strictest


def window_of(throttle, key) -> Window:
    """A throttle's window for this request: what it found when it checked the request,
    else what its log holds now (the request was refused before it was throttled)."""
    if hasattr(throttle, "history"):  # checked for this request by DRF's own code
        history, now = throttle.history, throttle.now
    else:
        log = RedisLog.of(throttle) if isinstance(throttle, LoggedRateMixin) else None
        if log is not None:
            throttle.key = key
            return log.windows([throttle], throttle.timer(), counting=False)[0][1]
        history, now = throttle.cache.get(key, []), throttle.timer()
    live = [t for t in history if t > now - throttle.duration]
    return Window(len(live), live[-1] if live else None, now)
