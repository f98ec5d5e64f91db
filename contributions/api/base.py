"""What every view of the contributions API shares (`ContributionViewMixin`): the token,
the schema, the refusals of `contributions.services` answered as the API's errors, and
no answer kept by a shared cache."""

from __future__ import annotations

from rest_framework.permissions import IsAuthenticated

from coherence.rest.viewsets import ApiViewMixin

from .errors import api_exception
from .schema import ContributionsSchema


class ContributionViewMixin(ApiViewMixin):
    permission_classes = [IsAuthenticated]
    schema = ContributionsSchema()
    cache_responses = False
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def handle_exception(self, exc):
        exc, members = api_exception(exc)
        response = super().handle_exception(exc)
        if members and isinstance(response.data, dict):
            response.data.update(members)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A user's own records: never kept by a shared cache (ours, or one on the way).
        response["Cache-Control"] = "private, no-store"
        return response
