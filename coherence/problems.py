"""Problem details (RFC 9457): the one shape of every error the API answers, whether DRF
raised it (`coherence.rest.errors`) or Django did before any view ran (`coherence.errors`).

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "Invalid parameters or data: see errors.", "instance": "/api/v1/...",
     "errors": {"country": ["Unknown country code: ZZZ."],
                "countries.0.role": ["\"boss\" is not a valid choice."]}}

`type` is `about:blank` (the status says it all) and `title` the status's phrase; `errors`
maps each parameter or field at fault to its reasons, nested fields flattened into dotted
paths; a 409 adds `references`, the records that still refer to the one being deleted.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse

MEDIA_TYPE = "application/problem+json"
NON_FIELD = "non_field_errors"


def problem(status: int, detail: str, *, instance: str | None = None, **members) -> dict:
    """The problem details of an error with this status (extension members as keywords,
    left out when None)."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if instance is not None:
        body["instance"] = instance
    body.update({name: value for name, value in members.items() if value is not None})
    return body


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Errors of any nesting (DRF's dicts of lists of dicts, `{"0": {...}}` of a list
    field) as one mapping of dotted paths (`countries.0.role`) to lists of strings."""
    out: dict[str, list[str]] = {}

    def add(path, message):
        out.setdefault(path or NON_FIELD, []).append(str(message))

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list | tuple):
            if any(isinstance(item, dict | list | tuple) for item in value):
                # A list of nested errors: one entry per item, empty for the valid ones.
                for index, item in enumerate(value):
                    if isinstance(item, dict | list | tuple):
                        if item:
                            walk(item, f"{path}.{index}" if path else str(index))
                    else:
                        add(path, item)
            else:
                for item in value:
                    add(path, item)
        else:
            add(path, value)

    walk(detail, prefix)
    return out


def problem_response(
    request, status: int, detail: str, *, headers: dict | None = None, **members
) -> JsonResponse:
    """A Django response with the problem details (for errors raised outside DRF)."""
    response = JsonResponse(
        problem(status, detail, instance=request.get_full_path(), **members),
        status=status,
        content_type=MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
