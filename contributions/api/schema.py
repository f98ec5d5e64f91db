"""The OpenAPI schema of the contributions API (`ContributionsSchema`): every operation
needs the token; the 401, 403 and 404 answers a user's own records have; the state
conflicts (`StateProblem`) and the upload refusals (`UploadProblem`)."""

from __future__ import annotations

from drf_spectacular.plumbing import ResolvedComponent

from coherence.problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE
from coherence.rest.languages import CONTENT_LANGUAGE_HEADER
from coherence.rest.schema import SECURITY_SCHEME, ApiAutoSchema

STATE_PROBLEM = {
    "allOf": [
        {"$ref": "#/components/schemas/Problem"},
        {
            "type": "object",
            "properties": {
                "state": {
                    "allOf": [{"$ref": "#/components/schemas/SubmissionStateEnum"}],
                    "description": "The submission's current state.",
                }
            },
            "required": ["state"],
        },
    ]
}
UPLOAD_PROBLEM = {
    "allOf": [
        {"$ref": "#/components/schemas/Problem"},
        {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "description": "The problem, for programs: `too_large`, `empty`, "
                    "`unsupported_type`, `type_mismatch`, `encrypted`, `malformed`, "
                    "`too_many_pages`, `no_text`, `timeout`...",
                }
            },
        },
    ]
}


class ContributionsSchema(ApiAutoSchema):
    """The API's schema, with what differs for a user's own records: every operation,
    reads too, needs the token; a user sees only what is theirs (or, a reviewer, what is
    in review); the state conflicts and the upload refusals have their own problems."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        operation["security"] = [{SECURITY_SCHEME: []}]
        responses = operation["responses"]
        problem = {"$ref": "#/components/schemas/Problem"}

        def declare(code, description, schema=problem):
            content = {PROBLEM_MEDIA_TYPE: {"schema": schema}}
            headers = responses.get(code, {}).get("headers")
            responses[code] = {"description": description, "content": content}
            if headers:
                responses[code]["headers"] = headers

        declare("401", "No token, or an invalid or expired one.")
        if "{id}" in path:
            declare(
                "404",
                "No such record, or not one the token's user may see (another "
                "contributor's submission or document, a draft).",
            )
        if method != "GET":
            declare(
                "403",
                "The token's user may not do this: not a verified contributor (creating), "
                "not the contributor (editing, submitting), not a reviewer, or the reviewer "
                "of their own submission (the detail says which).",
            )
        for name, schema in (("StateProblem", STATE_PROBLEM), ("UploadProblem", UPLOAD_PROBLEM)):
            registry.register_on_missing(
                ResolvedComponent(
                    name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
                )
            )
        transition = path.startswith("/api/v1/submissions/{id}/") and method == "POST"
        if (transition and not path.endswith("/comments/")) or (
            method == "PATCH" and path.startswith("/api/v1/submissions/")
        ):
            declare(
                "409",
                "The submission's state does not allow this: `state` names the current one.",
                {"$ref": "#/components/schemas/StateProblem"},
            )
        if path == "/api/v1/documents/" and method == "POST":
            upload = {"$ref": "#/components/schemas/UploadProblem"}
            declare(
                "400",
                "The file is refused (empty, of a type not taken, not what its name says, "
                "encrypted, malformed, with no text, too many pages), or the form is "
                "invalid: `code` and `detail` name the problem, `errors` the fields.",
                upload,
            )
            declare(
                "413",
                "The file is larger than the limit (`code`: `too_large`).",
                upload,
            )
            declare("415", "The request body is not `multipart/form-data`.")
        if path == "/api/v1/documents/{id}/" and method == "DELETE":
            declare("409", "A submission quotes the document: remove its quotes first.")
        for code, response in responses.items():
            if code != "304":  # every answer says its language, as the API's others
                response.setdefault("headers", {}).update(CONTENT_LANGUAGE_HEADER)
        return operation
