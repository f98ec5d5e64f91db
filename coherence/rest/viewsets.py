"""What every API view shares: the FilterSet backend, pagination, JSON errors, a 400 for
control characters in the query string, conditional GET and the streamed CSV export."""

from __future__ import annotations

import hashlib

from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from coherence.text import has_control_characters

from . import clock
from .csv import CHUNK_SIZE, CSVRenderer, stream
from .filtering import FilterSetBackend
from .pagination import ApiPagination


def reject_control_characters(request) -> None:
    """400 for a NUL byte (or any control character) anywhere in the query string."""
    errors = {}
    for name, values in request.query_params.lists():
        if has_control_characters(name):
            errors.setdefault("query", []).append(
                "Parameter names cannot contain control characters."
            )
        elif any(has_control_characters(value) for value in values):
            errors[name] = ["Values cannot contain control characters."]
    if errors:
        raise ValidationError(errors)


def reject_unknown_parameters(request, accepted) -> None:
    """400 naming every query parameter the endpoint does not take, and those it does: a
    mistyped filter (`?q=` for `?search=`) must not answer as if there were none."""
    unknown = [name for name in request.query_params if name not in accepted]
    if unknown:
        listed = ", ".join(sorted(accepted))
        raise ValidationError(
            {name: [f"Unknown parameter. This endpoint accepts: {listed}."] for name in unknown}
        )


class ApiViewMixin:
    """The behaviour of every view under `/api/v1/`."""

    filter_backends = [FilterSetBackend]
    pagination_class = ApiPagination
    renderer_classes = [JSONRenderer]
    last_modified = None
    # Query parameters every endpoint takes: the format override (`?format=csv`).
    common_parameters = frozenset({"format"})
    # Those a view takes besides its FilterSet's and its pagination's (APIViews declare theirs).
    extra_parameters: frozenset[str] = frozenset()
    # The viewset actions that take the FilterSet's filters.
    filtered_actions: tuple[str, ...] = ("list",)

    def initial(self, request, *args, **kwargs):
        reject_control_characters(request)
        reject_unknown_parameters(request, self.accepted_parameters())
        super().initial(request, *args, **kwargs)

    def accepted_parameters(self) -> frozenset[str]:
        """The query parameters this request's endpoint takes: on a list, its FilterSet's
        filters and the page parameters; on a detail, none but the format."""
        accepted = set(self.common_parameters | self.extra_parameters)
        action = getattr(self, "action", None)
        listing = action in self.filtered_actions or (
            action is None and self.request.method in ("GET", "HEAD")
        )
        if not listing:
            return frozenset(accepted)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            accepted |= set(filterset_class.base_filters)
        if self.pagination_class is not None:
            pagination = self.pagination_class
            accepted |= {pagination.page_query_param, pagination.page_size_query_param}
        return frozenset(accepted)

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are JSON, whatever format was asked for.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method in ("PUT", "PATCH", "POST")
            and response.status_code in (200, 201)
            and isinstance(response, Response)
        ):
            # A write answers with the record as a GET by the same client would, and so
            # with that GET's ETag.
            response.render()
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            return response
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and isinstance(response, Response)
        ):
            response.render()
            etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            response["ETag"] = etag
            timestamp = None
            if self.last_modified is not None:
                timestamp = int(self.last_modified.timestamp())
                response["Last-Modified"] = http_date(timestamp)
            return get_conditional_response(
                request, etag=etag, last_modified=timestamp, response=response
            )
        return response


class ListMixin:
    """A list and a detail, the list also as CSV (`?format=csv` or `Accept: text/csv`),
    each with `Last-Modified`."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    detail_serializer_class = None
    csv_filename = "export"
    # The resource's name in the change feed (`changes/`), whose clock gives Last-Modified.
    feed_type: str | None = None
    editing = False

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return self.csv_response(queryset)
        self.last_modified = self.list_last_modified(queryset)
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        if not self.editing:
            # The public representation's time (a writer also sees drafts: no time).
            self.last_modified = clock.changed_at(self.feed_type, self.kwargs[self.lookup_field])
        return Response(self.get_serializer(instance).data)

    def list_last_modified(self, queryset):
        """The latest change to any public record of the list's type, as the change feed
        saw it (creations, changes to anything a representation embeds, deletions): a
        change to another record of the type only costs a client a full response, never
        a stale one."""
        return None if self.editing else clock.latest(self.feed_type)

    def csv_response(self, queryset):
        serializer_class = self.serializer_class
        context = self.get_serializer_context()
        header = list(serializer_class(context=context).fields)

        def rows():
            # One serializer per chunk (building one per record costs more than the data);
            # the iterator prefetches the related rows chunk by chunk.
            chunk = []
            for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
                chunk.append(obj)
                if len(chunk) == CHUNK_SIZE:
                    yield from serializer_class(chunk, many=True, context=context).data
                    chunk = []
            if chunk:
                yield from serializer_class(chunk, many=True, context=context).data

        return self.streamed_csv(stream(rows(), header))

    def streamed_csv(self, lines):
        """The CSV text as a download, streamed as it is made. Under HTTP/1.1 it goes out
        chunked: should the export fail half-way, the response ends without its last
        chunk and the client sees a broken download, never a complete-looking one."""
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_filename}.csv"'
        return response


class ReadOnlyViewSet(ListMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only resource: its list (JSON pages or CSV) and its details."""


class WritableViewSet(ListMixin, ApiViewMixin, viewsets.ModelViewSet):
    """A resource everyone reads (published records only) and a token holder with the
    model permission writes (drafts included, so that editors can finish them)."""

    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    write_serializer_class = None

    def get_serializer_class(self):
        if self.editing:
            return self.write_serializer_class or self.serializer_class
        return super().get_serializer_class()

    @property
    def editing(self) -> bool:
        """Whether the request writes: it then reaches drafts, and the records it reads
        keep their unpublished links (which a write must see to keep or replace them)."""
        return self.request.method not in permissions.SAFE_METHODS

    def base_queryset(self):
        manager = self.queryset.model.objects
        return manager.all() if self.editing else manager.published()
