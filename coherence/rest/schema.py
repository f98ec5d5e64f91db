"""OpenAPI documentation of the API, written for clients generated from it
(openapi-python-client is tried in the tests) and checked by schemathesis:

- reads declare no security (they are public; a token, accepted, only lets its holder
  read the drafts it may edit), writes the bearer token (`coherence.rest.auth`);
- every operation lists the errors it can answer with, all as problem details
  (`application/problem+json`, the `Problem` component; RFC 9457), and the 304 of a
  conditional GET; successful answers declare the rate-limit headers;
- each format of `?format=` is an enum value, with its own media type in the 200 (a CSV
  is a string, not the JSON page);
- a parameter that takes several values is an array of strings sent repeated
  (`?country=MEX&country=PHL`, what generated clients send; `MEX,PHL` works too);
  `ordering` takes one value; pages start at 1;
- every operation takes the language (`lang`, then `Accept-Language`) and answers with
  `Content-Language` (`coherence.rest.languages`); a representation with translated
  fields has `languages`, the language of each.
"""

from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from coherence.problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE

from ..translated import languages_schema
from .languages import ACCEPT_LANGUAGE_PARAMETER, CONTENT_LANGUAGE_HEADER, LANG_PARAMETER
from .pagination import ApiPagination

SECURITY_SCHEME = "tokenAuth"

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "properties": {
        "type": {"type": "string", "description": "`about:blank`: the status says it all."},
        "title": {"type": "string", "description": "The status's phrase."},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "instance": {"type": "string", "description": "The request's path and query."},
        "errors": {
            "type": "object",
            "description": "The reasons by parameter or field at fault; nested fields as "
            "dotted paths (`countries.0.role`).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "references": {
            "type": "array",
            "description": "On a 409: the records that still refer to the one to delete.",
            "items": {
                "type": "object",
                "properties": {"type": {"type": "string"}, "key": {"type": "string"}},
                "required": ["type", "key"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": {
        "schema": {"type": "integer"},
        "description": "Requests allowed in the window (the strictest limit that applies).",
    },
    "RateLimit-Remaining": {
        "schema": {"type": "integer"},
        "description": "Requests left in the window.",
    },
    "RateLimit-Reset": {
        "schema": {"type": "integer"},
        "description": "Seconds until a request leaves the window.",
    },
}

FACET_VALUE = inline_serializer(
    "FacetValue",
    fields={
        "value": serializers.CharField(),
        "label": serializers.CharField(),
        "count": serializers.IntegerField(),
        "lang": serializers.CharField(
            required=False,
            help_text="`en` where the label is the English of a record not translated into "
            "the response's language (absent otherwise).",
        ),
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
                    "lang": {
                        "type": "string",
                        "description": "`en` where the label is the English of a record not "
                        "translated into the response's language (absent otherwise).",
                    },
                },
                "required": ["value", "label", "count"],
            },
        },
    },
    description="Facet counts.",
)

# The schema of a non-JSON format's body, by the renderer's media type (a renderer may
# also say its own, as `openapi_schema`).
TEXT_BODY = {"type": "string"}
SAFE = ("GET", "HEAD")


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "coherence.rest.auth.TokenAuthentication"
    name = SECURITY_SCHEME

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token issued by the editors (`manage.py issue_api_token`), "
            "sent as `Authorization: Bearer <token>` (`Token <token>` is accepted too).",
        }


class LanguagesFieldSchema(OpenApiSerializerFieldExtension):
    """`languages`: an object with a property for each translated field shown."""

    target_class = "coherence.translated.LanguagesField"

    def map_serializer_field(self, auto_schema, direction):
        return languages_schema(self.target.translated)


def _problem(ref, description, headers=None):
    response = {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": ref}}}
    if headers:
        response["headers"] = headers
    return response


class ApiAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        safe = method in SAFE
        # Reads are public: no security requirement (a generated client then takes a
        # plain client; a token it sends is still read). Writes need the token.
        operation["security"] = [] if safe else [{SECURITY_SCHEME: []}]
        self._fix_parameters(operation)
        self._declare_formats(operation, method)
        self._declare_errors(operation, path, method, registry)
        self._declare_language(operation)
        return operation

    def _declare_language(self, operation):
        """`lang` and `Accept-Language` on every operation; `Content-Language` on every
        answer (errors included: the middleware sets it on all of them)."""
        parameters = operation.setdefault("parameters", [])
        names = {(p["in"], p["name"]) for p in parameters}
        for parameter in (LANG_PARAMETER, ACCEPT_LANGUAGE_PARAMETER):
            if (parameter["in"], parameter["name"]) not in names:
                parameters.append(dict(parameter))
        for code, response in operation.get("responses", {}).items():
            if code != "304":
                response.setdefault("headers", {}).update(CONTENT_LANGUAGE_HEADER)

    def _fix_parameters(self, operation):
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            if schema.get("type") == "array" and parameter.get("explode") is False:
                # `ordering`: one value (several, comma-separated, are accepted too).
                parameter["schema"] = schema["items"]
                parameter.pop("explode")
                parameter.pop("style", None)
            elif schema.get("type") == "array":
                parameter["style"], parameter["explode"] = "form", True
                schema["minItems"] = 1
            # An empty value is refused (`coherence.rest.viewsets.reject_empty_values`).
            for value in (schema, schema.get("items", {})):
                if value.get("type") == "string" and "enum" not in value:
                    value.setdefault("minLength", 1)
            if parameter["name"] in ("page", "page_size") and parameter["in"] == "query":
                schema["minimum"] = 1
            if parameter["name"] == "page_size":
                schema["maximum"] = ApiPagination.max_page_size

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        many = isinstance(field, serializers.ManyRelatedField | serializers.ListSerializer)
        if many and not field.allow_empty and schema.get("type") == "array":
            schema["minItems"] = 1
        return schema

    def _formats(self):
        return [renderer for renderer in self.view.get_renderers() if renderer.format]

    def _declare_formats(self, operation, method):
        # Writes answer JSON; reads in each of the endpoint's formats.
        renderers = self._formats() if method in SAFE else []
        parameters = operation.setdefault("parameters", [])
        parameters[:] = [p for p in parameters if p["name"] != "format"]
        if len(renderers) > 1:
            parameters.append(
                {
                    "in": "query",
                    "name": "format",
                    "schema": {"type": "string", "enum": [r.format for r in renderers]},
                    "description": "The format of the answer (default: JSON); it wins over "
                    "`Accept`.",
                }
            )
        for code, response in operation.get("responses", {}).items():
            if not code.startswith("2"):
                continue
            content = response.get("content", {})
            for media_type in list(content):
                renderer = next((r for r in renderers if r.media_type == media_type), None)
                if renderer is None and media_type != JSONRenderer.media_type:
                    del content[media_type]
                elif renderer is not None and not isinstance(renderer, JSONRenderer):
                    content[media_type] = {"schema": getattr(renderer, "openapi_schema", TEXT_BODY)}
            response.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)

    def _declare_errors(self, operation, path, method, registry):
        component = ResolvedComponent(
            name="Problem",
            type=ResolvedComponent.SCHEMA,
            object="Problem",
            schema=PROBLEM_SCHEMA,
        )
        registry.register_on_missing(component)
        ref = component.ref
        safe = method in SAFE
        errors = {
            "400": "Invalid parameters or data: the reasons by parameter or field, in `errors`.",
            "401": "An invalid or expired token" + ("." if safe else ", or none: writes need one."),
        }
        if not safe:
            errors["403"] = "The token's user lacks the permission."
        if "{" in path or not safe or self._paged(operation):
            errors["404"] = "No such record, or a page past the end."
        errors["406"] = "No such format, or none that `Accept` accepts."
        if method == "DELETE":
            errors["409"] = "Other records still refer to this one: named in `references`."
        if method in ("POST", "PUT", "PATCH"):
            errors["413"] = "The request body is too large."
            errors["415"] = "The request body is not JSON."
        errors["429"] = "Too many requests: wait `Retry-After` seconds."
        errors["500"] = "Server error."
        errors["503"] = "The database is unavailable for a moment: retry after `Retry-After`."
        responses = operation.setdefault("responses", {})
        for code, description in errors.items():
            headers = None
            if code in ("429", "503"):
                headers = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": "Seconds to wait before the next request.",
                    }
                }
            responses[code] = _problem(ref, description, headers)
        if safe:
            responses.setdefault(
                "304", {"description": "Not modified (conditional GET with If-None-Match)."}
            )

    @staticmethod
    def _paged(operation) -> bool:
        return any(p["name"] == "page" for p in operation.get("parameters", []))
