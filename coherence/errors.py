"""The site's error handlers (Django's `handler400`, `handler404`, `handler500`):
problem details (RFC 9457, `coherence.problems`) under `/api/`, the site's pages elsewhere.

An unreachable database is not a server error but a service that is unavailable for a
moment: any request that fails because the database cannot be reached or went away
(`OperationalError`, `InterfaceError`) answers 503 with `Retry-After`, as a plain page
that needs no database or as JSON under `/api/`. Django drops a broken connection at the
end of the request and the next request opens a new one, so the site recovers by itself
when the database is back.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults

from .problems import problem_response

API_PREFIX = "/api/"
logger = logging.getLogger("django.request")
# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER = 30


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether the exception says the database cannot be reached or went away."""
    return isinstance(exception, OperationalError | InterfaceError)


def _plain_page(template_name: str, fallback: str) -> str:
    """A page rendered without the database, the request context or the session (they
    may be what failed)."""
    try:
        return loader.get_template(template_name).render({})
    except Exception:  # the template itself failed: still answer plainly
        return fallback


def service_unavailable(request) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        response = problem_response(
            request, 503, "The database is unavailable for a moment; try again shortly."
        )
    else:
        body = _plain_page(
            "503.html",
            "<!doctype html><title>Unavailable</title><h1>Unavailable for a moment</h1>",
        )
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def server_error(request):
    """The 500 handler; a 503 when what failed is the database connection."""
    if database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if request.path.startswith(API_PREFIX):
        return problem_response(request, 500, "Server error.")
    body = _plain_page(
        "500.html", "<!doctype html><title>Server error</title><h1>Server error</h1>"
    )
    return HttpResponseServerError(body)


def page_not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return problem_response(request, 404, "Not found.")
    # No alternates or switcher links to a page that does not exist: they would repeat
    # its address (a draft's slug) in three languages.
    request.untranslated_page = True
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return problem_response(request, 400, "Bad request.")
    request.untranslated_page = True
    return defaults.bad_request(request, exception)


class ApiErrorsInDebugMiddleware:
    """With DEBUG on, Django answers an uncaught exception with its HTML debug page and
    never calls `handler500`: under `/api/` the answer stays problem details (logged with
    the traceback, as Django logs it). With DEBUG off it does nothing: `server_error`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not settings.DEBUG or not request.path.startswith(API_PREFIX):
            return None
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"request": request},
        )
        if database_unavailable(exception):
            return service_unavailable(request)
        return problem_response(request, 500, "Server error.")
