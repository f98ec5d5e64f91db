"""`changes/`: every change to a public resource's representation, oldest first, and
`export/`: every public resource's representation with the cursor to follow from, so
that a partner keeps an exact copy (docs/api.md, "Keeping a copy";
docs/decisions/0008-change-feed.md).

Each change names the resource's type and key and says `created`, `updated` or
`deleted`; its `id` is the cursor (`?after=`). The entries come from `practices.feed`,
which compares representations, so they say exactly what a partner must fetch or drop:
a record that leaves the published state is `deleted`; a renamed one is `deleted` under
its old key and `created` under its new one; a change to what a representation embeds (an
institution's name in a practice, a citation, a country's findings) is an `updated` of
that representation; a draft is nothing; a write that changes nothing is nothing.
"""

from __future__ import annotations

import datetime
import json

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from coherence.filters import split_values
from coherence.rest.pagination import ApiPagination
from coherence.rest.viewsets import ApiViewMixin

from .. import feed
from ..models import FeedEntry
from ..models.feed import FeedAction, FeedType

TYPES = tuple(FeedType.values)


def changes(since=None, types=None, after=None):
    """The entries (after an id, after a time, of these types), oldest first."""
    feed.process()
    entries = FeedEntry.objects.all()
    if after is not None:
        entries = entries.filter(id__gt=after)
    if since is not None:
        entries = entries.filter(time__gt=since)
    if types:
        entries = entries.filter(type__in=types)
    return entries.order_by("id").values_list("id", "type", "key", "action", "time")


def parse_since(raw: str):
    value = parse_datetime(raw)
    if value is None:
        day = parse_date(raw)
        if day is not None:
            value = datetime.datetime.combine(day, datetime.time())
    if value is None:
        raise ValueError(raw)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    try:
        # In UTC: databases reject some offsets that ISO 8601 allows (e.g. +19:13).
        return value.astimezone(datetime.UTC)
    except OverflowError as error:
        raise ValueError(raw) from error


CHANGE = inline_serializer(
    "Change",
    fields={
        "id": serializers.IntegerField(help_text="The cursor: ask for `after=` this id next."),
        "type": serializers.ChoiceField(choices=FeedType.choices),
        "key": serializers.CharField(help_text="slug, ISO alpha-3 code or id"),
        "action": serializers.ChoiceField(choices=FeedAction.choices),
        "time": serializers.DateTimeField(),
    },
)


def parse_types(request) -> list[str] | None:
    types = split_values(request.query_params, "type") or None
    if types and (unknown := [t for t in types if t not in TYPES]):
        raise ValidationError(
            {"type": [f"Unknown type: {', '.join(unknown)}. Choose from {', '.join(TYPES)}."]}
        )
    return types


TYPE_PARAMETER = OpenApiParameter(
    "type",
    OpenApiTypes.STR,
    enum=list(TYPES),
    many=True,
    explode=True,
    description="Only these resource types.",
)


class ChangesView(ApiViewMixin, APIView):
    """The change feed of the public resources."""

    pagination_class = ApiPagination
    extra_parameters = frozenset({"since", "after", "type"})

    @extend_schema(
        operation_id="changes",
        parameters=[
            OpenApiParameter(
                "after",
                OpenApiTypes.INT,
                description="Only changes after this cursor (the `id` of the last change "
                "applied, or the `cursor` of `export/`). Preferred over `since`.",
            ),
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="Only changes after this ISO 8601 date or date-time.",
            ),
            TYPE_PARAMETER,
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number."),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description="Changes per page (default 25, at most 200).",
            ),
        ],
        responses={
            200: inline_serializer(
                "ChangePage",
                fields={
                    "count": serializers.IntegerField(),
                    "count_is_exact": serializers.BooleanField(
                        help_text="Always true here: the feed's count is exact."
                    ),
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": serializers.ListField(child=CHANGE),
                },
            )
        },
    )
    def get(self, request):
        since = after = None
        raw = request.query_params.get("since")
        if raw:
            try:
                since = parse_since(raw.strip())
            except ValueError as error:
                raise ValidationError(
                    {"since": ["Enter an ISO 8601 date or date-time, e.g. 2026-01-31T12:00:00Z."]}
                ) from error
        raw = request.query_params.get("after")
        if raw:
            if not raw.strip().isdigit() or len(raw.strip()) > 18:
                raise ValidationError({"after": ["Enter the id of a change (a whole number)."]})
            after = int(raw.strip())
        types = parse_types(request)
        paginator = self.paginator
        page = paginator.paginate_queryset(changes(since, types, after), request, view=self)
        return paginator.get_paginated_response(
            [
                {"id": pk, "type": kind, "key": key, "action": action, "time": time.isoformat()}
                for pk, kind, key, action, time in page
            ]
        )

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class()
        return self._paginator


class ExportView(ApiViewMixin, APIView):
    """Every public resource's representation, as its detail endpoint serves it, in one
    streamed JSON document with the cursor to follow `changes/` from."""

    pagination_class = None
    extra_parameters = frozenset({"type"})

    @extend_schema(
        operation_id="export",
        parameters=[TYPE_PARAMETER],
        responses={
            200: inline_serializer(
                "Export",
                fields={
                    "cursor": serializers.IntegerField(
                        help_text="Follow with `changes/?after=` this cursor."
                    ),
                    "records": serializers.ListField(
                        child=inline_serializer(
                            "ExportRecord",
                            fields={
                                "type": serializers.ChoiceField(choices=FeedType.choices),
                                "key": serializers.CharField(),
                                "data": serializers.DictField(
                                    help_text="The resource as its detail endpoint serves it."
                                ),
                            },
                        )
                    ),
                },
            )
        },
    )
    def get(self, request):
        types = parse_types(request)
        cursor, records = feed.export(request.build_absolute_uri("/").rstrip("/"), types)

        def lines():
            yield f'{{"cursor": {cursor}, "records": ['
            for index, (kind, key, content) in enumerate(records):
                head = json.dumps({"type": kind, "key": key})[:-1]
                yield f'{"," if index else ""}\n{head}, "data": {content}}}'
            yield "\n]}\n"

        return StreamingHttpResponse(lines(), content_type="application/json")
