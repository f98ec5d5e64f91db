"""Public detail pages that can show a draft for its preview (`practices.views.preview`):
the same view and template, the record looked up among every state instead of the
published ones, a "not published" banner, and kept out of search engines and caches."""

from __future__ import annotations

from django.db import models


class PreviewableMixin:
    """A detail view that shows published records, or any record when built with
    `as_view(preview=True)`."""

    preview = False

    def shown(self, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.all() if self.preview else queryset.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=self.preview, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if self.preview:
            response["X-Robots-Tag"] = "noindex, nofollow"
            response["Cache-Control"] = "private, no-store"
        return response
