"""OpenAPI documentation of the API: every operation lists the errors it can answer with
(400, 401, 403, 404, 429 and the 304 of a conditional GET)."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERRORS_SCHEMA = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "object",
            "description": "The reasons, by the name of the parameter or field at fault.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
    "required": ["errors"],
}
DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

FACET_VALUE = inline_serializer(
    "FacetValue",
    fields={
        "value": serializers.CharField(),
        "label": serializers.CharField(),
        "count": serializers.IntegerField(),
    },
)

FACETS_RESPONSE = OpenApiResponse(
    response={
        "type": "object",
        "description": "For each facet, its values with their counts among the matching practices.",
        "additionalProperties": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "value": {"type": "string"},
                    "label": {"type": "string"},
                    "count": {"type": "integer"},
                },
                "required": ["value", "label", "count"],
            },
        },
    },
    description="Facet counts.",
)


def _json(schema, description, headers=None):
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def declare_renderer_schemas(operation, renderers) -> None:
    """A success response in a format whose renderer declares `openapi_schema` (CSV,
    XLSX: files, not the JSON shape) says that schema for that media type."""
    declared = {
        renderer.media_type.split(";")[0]: renderer.openapi_schema
        for renderer in renderers
        if getattr(renderer, "openapi_schema", None)
    }
    for code, response in operation.get("responses", {}).items():
        if not code.startswith("2"):
            continue
        for media_type, content in response.get("content", {}).items():
            if media_type in declared:
                content["schema"] = dict(declared[media_type])


class ApiAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        declare_renderer_schemas(operation, self.view.get_renderers())
        responses = operation.setdefault("responses", {})
        safe = method in ("GET", "HEAD")
        if safe and operation.get("security") and {} not in operation["security"]:
            # Reads are public: a token is accepted but not needed.
            operation["security"].append({})
        errors = {
            "400": _json(
                ERRORS_SCHEMA,
                "Invalid parameters or data: the reasons, by parameter or field.",
            ),
            "429": _json(
                DETAIL_SCHEMA,
                "Too many requests.",
                headers={
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before the next request.",
                    }
                },
            ),
        }
        if not safe or path.startswith("/api/v1/"):
            errors["401"] = _json(DETAIL_SCHEMA, "Missing, invalid or expired token.")
            errors["403"] = _json(DETAIL_SCHEMA, "The token's user lacks the permission.")
        if "{" in path or not safe or "page" in str(operation.get("parameters", "")):
            errors["404"] = _json(DETAIL_SCHEMA, "No such record, or a page past the end.")
        if not safe:
            errors["409"] = _json(DETAIL_SCHEMA, "Other records still refer to this one.")
        errors["406"] = _json(DETAIL_SCHEMA, "No acceptable format.")
        if safe:
            responses.setdefault(
                "304", {"description": "Not modified (conditional GET with If-None-Match)."}
            )
        for code, response in errors.items():
            responses.setdefault(code, response)
        return operation
