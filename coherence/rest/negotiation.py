"""Content negotiation: `?format=` first, then `Accept`.

- `?format=csv` answers CSV whatever `Accept` says (a browser's or a client library's
  default `Accept: application/json` must not turn an explicit choice into a 406);
- a format the endpoint does not have (`?format=xml`) is a 406 naming those it has (DRF
  answers a 404, which says the resource does not exist);
- without `?format=`, `Accept` chooses among the endpoint's renderers, and a 406 names
  their media types when none is acceptable.

The formats are the view's `renderer_classes`: a resource gains one (`format=xlsx`) by
adding its renderer there, and the schema (`coherence.rest.schema`) follows.
"""

from __future__ import annotations

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class FormatFirstNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        chosen = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if chosen:
            for renderer in renderers:
                if renderer.format == chosen:
                    return renderer, renderer.media_type
            formats = ", ".join(renderer.format for renderer in renderers)
            raise NotAcceptable(f"Unknown format: {chosen}. This endpoint answers in: {formats}.")
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable as error:
            types = ", ".join(renderer.media_type for renderer in renderers)
            raise NotAcceptable(
                f"None of the media types in Accept is available. This endpoint answers in: "
                f"{types}."
            ) from error
