"""Errors as JSON, whatever went wrong: nothing under `/api/` answers with an HTML page.

- validation errors (bad filter values, bad writes): 400 `{"errors": {param: [reason]}}`;
- other API errors: their status with `{"detail": reason}`;
- Django's own 404 and 500 handlers (`coherence.errors`) answer JSON for paths under
  `/api/` and the site's pages elsewhere.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db.models import ProtectedError, RestrictedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _as_lists(detail):
    if isinstance(detail, dict):
        return {
            key: _as_lists(value) if isinstance(value, dict) else _flat(value)
            for key, value in detail.items()
        }
    return {"non_field_errors": _flat(detail)}


def _flat(value):
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            out.extend(_flat(item) if isinstance(item, list | tuple) else [_text(item)])
        return out
    if isinstance(value, dict):
        return [f"{key}: {', '.join(_flat(item))}" for key, item in value.items()]
    return [_text(value)]


def _text(value):
    return str(value)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return protected(exc) or too_large(exc)
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": _as_lists(exc.detail)}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
    return response


def bad_request(errors: dict[str, list[str]]) -> Response:
    return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)


def protected(exc):
    """A delete that other records still refer to: 409, not a server error."""
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response(
            {"detail": "Other records still refer to this one; remove those references first."},
            status=status.HTTP_409_CONFLICT,
        )
    return None


def too_large(exc):
    """A body Django refused to read (`DATA_UPLOAD_MAX_MEMORY_SIZE`): 413 with the limit."""
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {
                "detail": "The request body is larger than "
                f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."
            },
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    return None
