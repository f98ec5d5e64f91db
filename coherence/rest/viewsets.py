"""What every API view shares: the FilterSet backend, pagination, errors as problem details,
a 400 for control characters in the query string, content negotiation (`?format=` first),
the rate-limit headers, conditional GET, the shared response cache and the CSV and XLSX
exports."""

from __future__ import annotations

import hashlib

from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from coherence import response_cache
from coherence.text import has_control_characters

from . import clock
from .csv import CHUNK_SIZE, CSVRenderer, table_lines
from .errors import ProblemJSONRenderer
from .exports import (
    NamesColumn,
    csv_response,
    export_filename,
    rows_with_names,
    with_names,
    xlsx_response,
)
from .filtering import FilterSetBackend
from .pagination import ApiPagination, positive_int
from .throttling import check as check_rate_limits
from .throttling import rate_limit
from .xlsx import XLSXRenderer

# The formats in which a list is a download of every matching record.
EXPORT_FORMATS = ("csv", "xlsx")


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


def reject_empty_values(request) -> None:
    """400 for a parameter given without a value (`?updated_after=`): the API's clients
    leave out what they do not mean (the site's forms, which send empty fields, have
    their own pages)."""
    empty = [name for name, values in request.query_params.lists() if not any(values)]
    if empty:
        raise ValidationError(
            {name: ["Give a value, or leave the parameter out."] for name in empty}
        )


def reject_unknown_parameters(request, accepted) -> None:
    """400 naming every query parameter the endpoint does not take, and those it does: a
    mistyped filter (`?q=` for `?search=`) must not answer as if there were none."""
    unknown = [name for name in request.query_params if name not in accepted]
    if unknown:
        listed = ", ".join(sorted(accepted))
        raise ValidationError(
            {name: [f"Unknown parameter. This endpoint accepts: {listed}."] for name in unknown}
        )


class CachedResponse(Exception):
    """The response to this request, found in the shared response cache once the request
    was authenticated and throttled: it ends the view's handling (`handle_exception`)."""

    def __init__(self, entry: response_cache.Entry):
        super().__init__()
        self.entry = entry


class ApiViewMixin:
    """The behaviour of every view under `/api/v1/`."""

    filter_backends = [FilterSetBackend]
    # The list's order before its `ordering` parameter (`filtering.list_ordering()`): the
    # model's when empty, by translated names in the reader's language.
    ordering: tuple[str, ...] = ()
    pagination_class = ApiPagination
    renderer_classes = [JSONRenderer]
    last_modified = None
    # Query parameters every endpoint takes: the format override (`?format=csv`) and the
    # language (`?lang=fr`, coherence.rest.languages).
    common_parameters = frozenset({"format", "lang"})
    # Those a view takes besides its FilterSet's and its pagination's (APIViews declare theirs).
    extra_parameters: frozenset[str] = frozenset()
    # The viewset actions that take the FilterSet's filters.
    filtered_actions: tuple[str, ...] = ("list",)
    # Whether anonymous reads of the view are kept in the shared response cache
    # (`coherence.response_cache`): views whose JSON is the same for every anonymous client.
    cache_responses = False
    response_cache_key: str | None = None

    def initial(self, request, *args, **kwargs):
        reject_control_characters(request)
        reject_unknown_parameters(request, self.accepted_parameters())
        reject_empty_values(request)
        # Authenticates, checks permissions and throttles (every request counts, served
        # from the cache or not), negotiates the format.
        super().initial(request, *args, **kwargs)
        if self.cacheable(request):
            key, entry = response_cache.lookup(request, variant=request.accepted_media_type)
            if entry is not None:
                raise CachedResponse(entry)
            self.response_cache_key = key

    def get_throttles(self):
        """The request's throttles, made once: the rate-limit headers read what checking
        them found (two round trips to the cache fewer per request)."""
        if getattr(self, "_throttles", None) is None:
            self._throttles = super().get_throttles()
        return self._throttles

    def check_throttles(self, request):
        """DRF's, with the request's throttles checked together (`throttling.check`: one
        round trip to Redis for all of them)."""
        refused = check_rate_limits(self.get_throttles(), request, self)
        if refused:
            waits = [wait for wait in refused if wait is not None]
            self.throttled(request, max(waits, default=None))

    def cacheable(self, request) -> bool:
        return (
            self.cache_responses
            and response_cache.enabled()
            and response_cache.anonymous_read(request)
            and not request.user.is_authenticated
            and getattr(request.accepted_renderer, "format", None) == "json"
        )

    def handle_exception(self, exc):
        if isinstance(exc, CachedResponse):
            response = exc.entry.response()
            response.from_response_cache = True
            return response
        return super().handle_exception(exc)

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
            # Errors are problem details, whatever format was asked for.
            request.accepted_renderer = ProblemJSONRenderer()
            request.accepted_media_type = ProblemJSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        response = self.conditional(request, response)
        # A token changes what a read shows (its holder's drafts): caches must key on it.
        patch_vary_headers(response, ["Authorization"])
        limit = rate_limit(request, self)
        if limit is not None:
            for name, value in limit.headers().items():
                response[name] = value
        return response

    def conditional(self, request, response):
        """A successful read with its `ETag` and `Last-Modified`, or the 304 they earn. A
        response from the cache has both, and earns its 304 without anything rendered."""
        if getattr(response, "from_response_cache", False):
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
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
            if self.response_cache_key is not None and response_cache.storable(
                request, response, varies_on=API_VARIES_ON
            ):
                response_cache.store(self.response_cache_key, response)
            return get_conditional_response(
                request, etag=etag, last_modified=timestamp, response=response
            )
        return response


# What an API response may vary on and still be cached (the key holds the negotiated
# media type; the language, as every key).
API_VARIES_ON = frozenset({"accept", "accept-language", "cookie"})


class ListMixin:
    """A list and a detail, the list also as a download of every matching record: CSV
    (`?format=csv` or `Accept: text/csv`) or XLSX (`?format=xlsx`), with a names column
    beside each column of linked records' keys (`export_names`) and a file name saying
    what was filtered and when. JSON answers carry `Last-Modified`."""

    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]
    detail_serializer_class = None
    # The start of the download's file name, and the XLSX sheet's name.
    export_basename = "export"
    export_names: tuple[NamesColumn, ...] = ()
    # The resource's name in the change feed (`changes/`), whose clock gives Last-Modified.
    feed_type: str | None = None
    editing = False
    cache_responses = True

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        export_format = getattr(request.accepted_renderer, "format", None)
        if export_format in EXPORT_FORMATS:
            # An export is not paged, but a malformed page parameter is still refused.
            if self.pagination_class is not None:
                for name in ("page", "page_size"):
                    positive_int(request, name)
            return self.export_response(queryset, export_format)
        self.last_modified = self.list_last_modified(queryset)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.page_data(page))

    def page_data(self, page) -> list:
        """The representations of a page's records (model instances, or rows where the
        view reads its pages as flat rows)."""
        return self.get_serializer(page, many=True).data

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        if not self.editing:
            # The public representation's time (a writer also sees drafts: no time).
            self.last_modified = clock.changed_at(self.feed_type, self.kwargs[self.lookup_field])
        return Response(self.detail_data(instance))

    def detail_data(self, instance) -> dict:
        """The detail's representation of a record read by `get_queryset()`: what
        `retrieve` answers, and what the change feed renders a batch of records with
        (`practices.feed`)."""
        return self.get_serializer(instance).data

    def details_data(self, instances) -> list:
        """The detail's representations of several records read by `get_queryset()`, in
        their order, each what `detail_data` gives it; the detail serializer's fields are
        built once for them all (what the change feed renders its batches with)."""
        return list(self.get_serializer(instances, many=True).data)

    def list_last_modified(self, queryset):
        """The latest change to any public record of the list's type, as the change feed
        saw it (creations, changes to anything a representation embeds, deletions): a
        change to another record of the type only costs a client a full response, never
        a stale one."""
        return None if self.editing else clock.latest(self.feed_type)

    def export_filename(self, export_format: str) -> str:
        return export_filename(self.export_basename, self.request.query_params, export_format)

    def export_response(self, queryset, export_format: str):
        """Every record of the list as a CSV or XLSX download, with the list's columns
        (and the names columns), from the list's serializer chunk by chunk."""
        serializer_class = self.serializer_class
        context = self.get_serializer_context()
        fields = serializer_class(context=context).fields
        header = [name for name, field in fields.items() if not field.write_only]

        def chunks():
            # One serializer per chunk (building one per record costs more than the data);
            # the iterator prefetches the related rows chunk by chunk.
            chunk = []
            for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
                chunk.append(obj)
                if len(chunk) == CHUNK_SIZE:
                    yield serializer_class(chunk, many=True, context=context).data
                    chunk = []
            if chunk:
                yield serializer_class(chunk, many=True, context=context).data

        columns = with_names(header, self.export_names)
        rows = rows_with_names(chunks(), header, self.export_names, using=queryset.db)
        filename = self.export_filename(export_format)
        if export_format == "csv":
            return csv_response(table_lines(columns, rows), filename)
        dates = {name for name, f in fields.items() if isinstance(f, serializers.DateTimeField)}
        return xlsx_response(
            columns, rows, filename, title=self.export_basename, datetime_columns=dates
        )


class ReadOnlyViewSet(ListMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only resource: its list (JSON pages or CSV) and its details."""


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """DRF's, without making the view's queryset for a read only to learn its model: a
    safe method needs no model permission (`perms_map` lists none), so DRF's answer to
    one is always that of its first check, whether there is a user."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS and not self.perms_map[request.method]:
            return bool(request.user)
        return super().has_permission(request, view)


class WritableViewSet(ListMixin, ApiViewMixin, viewsets.ModelViewSet):
    """A resource everyone reads (published records only) and a token holder with the
    model permission writes (drafts included, so that editors can finish them) and reads
    back: its token's user, if it may change the records, reads their drafts' details."""

    permission_classes = [ModelPermissionsOrAnonReadOnly]
    write_serializer_class = None

    def get_serializer_class(self):
        if self.request.method not in permissions.SAFE_METHODS:
            return self.write_serializer_class or self.serializer_class
        return super().get_serializer_class()

    @property
    def editing(self) -> bool:
        """Whether the request writes, or reads a record's detail for a user who may
        change it: it then reaches drafts, and the records it reads keep their
        unpublished links (which a write must see to keep or replace them)."""
        if self.request.method not in permissions.SAFE_METHODS:
            return True
        return getattr(self, "action", None) == "retrieve" and self.may_change()

    def may_change(self) -> bool:
        user = self.request.user
        meta = self.queryset.model._meta
        return user.is_authenticated and user.has_perm(f"{meta.app_label}.change_{meta.model_name}")

    def base_queryset(self):
        manager = self.queryset.model.objects
        return manager.all() if self.editing else manager.published()
