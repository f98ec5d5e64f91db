"""The API's rate limits, told on every response with the IETF draft's headers
(`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`), not only on a 429.

The throttles are DRF's (settings `REST_FRAMEWORK`: anonymous clients by address, token
holders per user), their counts in the cache. The headers tell the strictest of the
throttles that apply to the request, read after the request was counted.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass

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
        if hasattr(throttle, "history"):  # checked for this request: what it found
            history, now = throttle.history, throttle.now
        else:
            history, now = throttle.cache.get(key, []), throttle.timer()
        live = [t for t in history if t > now - throttle.duration]
        state = RateLimit(
            limit=throttle.num_requests,
            remaining=max(0, throttle.num_requests - len(live)),
            reset=max(0, math.ceil(live[-1] + throttle.duration - now)) if live else 0,
        )
        if strictest is None or (state.remaining, state.limit) < (
            strictest.remaining,
            strictest.limit,
        ):
            strictest = state
    return strictest
