"""Every error as problem details (RFC 9457, `coherence.problems`), whatever went wrong:
nothing under `/api/` answers with an HTML page or another shape of error.

- validation errors (bad filter values, bad writes): 400 with `errors`, the reasons by
  parameter or field (nested fields as dotted paths: `countries.0.role`);
- a delete that other records still refer to: 409 naming them (`references`);
- a body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE`: 413; too many requests: 429 with
  `Retry-After`; any other API error: its status with `detail`;
- Django's own 400, 404, 500 and 503 (`coherence.errors`) in the same shape under `/api/`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from coherence.problems import MEDIA_TYPE, flatten, problem, problem_response

INVALID = "Invalid parameters or data: see errors."


class ProblemJSONRenderer(JSONRenderer):
    """The errors' renderer: JSON, as `application/problem+json`."""

    media_type = MEDIA_TYPE
    format = "problem+json"


def _instance(context) -> str | None:
    request = (context or {}).get("request")
    return request.get_full_path() if request is not None else None


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return protected(exc, context) or too_large(exc, context)
    if isinstance(exc, exceptions.ValidationError):
        response.data = problem(
            response.status_code, INVALID, instance=_instance(context), errors=flatten(exc.detail)
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
        if isinstance(detail, dict | list):
            errors = flatten(detail)
            response.data = problem(
                response.status_code, INVALID, instance=_instance(context), errors=errors
            )
        else:
            response.data = problem(response.status_code, str(detail), instance=_instance(context))
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
    return response


def reference(record) -> dict[str, str]:
    """A record that refers to another, by its type and key (a practice's link to an
    institution or a country is named by its practice)."""
    practice = getattr(record, "practice", None)
    if practice is not None and not hasattr(record, "slug"):
        record = practice
    for key in ("slug", "iso3"):
        value = getattr(record, key, None)
        if value:
            return {"type": record._meta.model_name, "key": str(value)}
    return {"type": record._meta.model_name, "key": str(record.pk)}


def protected(exc, context=None):
    """A delete that other records still refer to: 409 naming them, not a server error."""
    if isinstance(exc, ProtectedError):
        records = exc.protected_objects
    elif isinstance(exc, RestrictedError):
        records = exc.restricted_objects
    else:
        return None
    references = []
    for record in records:
        named = reference(record)
        if named not in references:
            references.append(named)
    listed = ", ".join(f"{item['type']} {item['key']}" for item in references)
    return Response(
        problem(
            status.HTTP_409_CONFLICT,
            f"Other records still refer to this one ({listed}); remove those references first.",
            instance=_instance(context),
            references=references,
        ),
        status=status.HTTP_409_CONFLICT,
    )


def too_large(exc, context=None):
    """A body Django refused to read (`DATA_UPLOAD_MAX_MEMORY_SIZE`): 413 with the limit."""
    if isinstance(exc, RequestDataTooBig):
        return Response(
            problem(
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.",
                instance=_instance(context),
            ),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    return None


@csrf_exempt  # any method: a write to no resource is a 404 too, not a CSRF page
def not_found(request, *args, **kwargs):
    """A path under `/api/` that names nothing: the 404 as problem details, whether DEBUG is
    on (Django's debug page would be HTML) or off. A path that names something once its
    slash is added is redirected there, as `APPEND_SLASH` would."""
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return problem_response(request, status.HTTP_404_NOT_FOUND, "Not found.")
