"""The shared response cache: whole responses to anonymous reads of the public pages and
of the API, kept in the shared cache (`CACHE_URL`, Redis in production) under a key that
holds the site's data version (`coherence.data_version`). A committed write gives the data
a new version, so the very next request, in any process, looks under a key nothing was
stored at and renders afresh: the cache is never stale, and needs no invalidation
(docs/decisions/0012-response-cache.md). Entries of old versions expire
(`RESPONSE_CACHE_SECONDS`).

The key also holds everything a response varies on: the release (`RESPONSE_CACHE_RELEASE`,
new code renders differently), the scheme and host (the API's links are absolute), the
language, the full path with its query string and, for the API, the negotiated media type.

Only anonymous reads are cached: a GET or HEAD without an `Authorization` header and
without a session or messages cookie (an editor is signed in; a token holder reads
drafts). Only plain successes are stored: status 200, not streamed, no cookie set, no
CSRF token or CSP nonce used, no message queued, not `private`/`no-store`/`no-cache`,
varying on nothing the key does not hold, at most `RESPONSE_CACHE_MAX_BYTES`.

The pages are served by `ResponseCacheMiddleware`; the API by its views
(`coherence.rest.viewsets.ApiViewMixin`), after authentication and throttling, which
must count every request.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

from . import data_version

# Headers a stored response keeps: those the view sets; the middleware around the cache
# add theirs (security, CSP, CORS, Vary: Cookie...) to every response, served or not.
NOT_STORED = frozenset({"set-cookie", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"})
UNCACHEABLE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})

# The public pages, by URL name: what anyone sees of the published records. Not the
# admin, the API's docs (their CSP nonce is the request's), the previews of drafts.
PAGES = frozenset(
    {
        "coherence:home",
        "coherence:about",
        "coherence:search",
        "coherence:country-list",
        "coherence:country-compare",
        "coherence:country-detail",
        "coherence:institution-list",
        "coherence:institution-detail",
        "coherence:tool-list",
        "coherence:tool-detail",
        "coherence:level-list",
        "coherence:level-detail",
        "coherence:theme-list",
        "coherence:theme-detail",
        "coherence:source-list",
        "coherence:source-detail",
        "practices:list",
        "practices:detail",
        "practices:recommendation-list",
        "practices:recommendation-detail",
    }
)


@dataclass(frozen=True)
class Entry:
    content: bytes
    headers: tuple[tuple[str, str], ...]

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), None)


def enabled() -> bool:
    return settings.RESPONSE_CACHE


def anonymous_read(request) -> bool:
    """A GET or HEAD that carries no credentials: no `Authorization`, no session, no
    messages waiting in a cookie."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def key(request, version: str, variant: str = "") -> str:
    parts = (
        settings.RESPONSE_CACHE_RELEASE,
        version,
        request.scheme,
        request.get_host(),
        get_language() or "",
        variant,
        request.get_full_path(),
    )
    return "response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def lookup(request, variant: str = "") -> tuple[str, Entry | None]:
    """The key of this request at the data's current version, and what is stored there.
    The version is read before anything the response shows (see `data_version`)."""
    entry_key = key(request, data_version.current(), variant)
    return entry_key, _cache().get(entry_key)


def storable(request, response, varies_on=frozenset({"accept-language", "cookie"})) -> bool:
    """Whether the response is the same for every anonymous request with its key."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if getattr(request, "_csp_nonce", None) is not None:
        return False
    if any(name.startswith("_csp") for name in vars(response)):  # csp_update and the like
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    directives = {
        d.split("=")[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & UNCACHEABLE_DIRECTIVES:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if not vary <= varies_on:
        return False
    return len(response.content) <= settings.RESPONSE_CACHE_MAX_BYTES


def store(entry_key: str, response) -> Entry:
    entry = Entry(
        content=response.content,
        headers=tuple(
            (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
        ),
    )
    _cache().set(entry_key, entry, settings.RESPONSE_CACHE_SECONDS)
    return entry


def _cache():
    return caches[settings.RESPONSE_CACHE_ALIAS]


class ResponseCacheMiddleware:
    """Serves the public pages' anonymous reads from the shared cache, and stores them.
    Placed after the middleware that authenticate and set the language, so that they
    run, and add their headers, whether the response comes from the cache or not. The
    views it caches are the public pages (`PAGES`); the API caches its own responses,
    after its throttles."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entry_key = getattr(request, "_response_cache_key", None)
        if entry_key is not None and storable(request, response):
            store(entry_key, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not enabled() or not anonymous_read(request):
            return None
        match = request.resolver_match
        if match is None or match.view_name not in PAGES:
            return None
        entry_key, entry = lookup(request)
        if entry is not None:
            return entry.response()
        request._response_cache_key = entry_key
        return None
