"""`changes/?since=`: creations, updates and deletions from the audit history
(simple-history), oldest first, so that a partner can keep an exact copy.

Each change names the record's type and key and says `created`, `updated` or `deleted`.
The feed tells what happened to the public copy, and nothing of what is not public:

- a public record that leaves the published state counts as deleted, under the key the
  public knew it by (its entry before the change);
- any other entry of a record that is not published (its creation, its edits, its
  renaming, its deletion) is left out;
- a change to a practice's link to a country or an institution is an update of the
  practice, when the practice is published and the institution is not unpublished.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import APIView

from coherence.filters import split_values
from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    Region,
    SourceDocument,
    Theme,
)
from coherence.rest.pagination import ApiPagination
from coherence.rest.viewsets import ApiViewMixin

from ..models import Practice, PracticeCountry, PracticeInstitution, Recommendation

PUBLISHED = "published"


def _sources():
    """(type, historical manager, key expression, publishable) per feed; for a table of
    a practice's links, `publishable` is the condition of the rows that change the
    public practice."""
    return [
        ("practice", Practice.history, F("slug"), True),
        ("institution", Institution.history, F("slug"), True),
        ("tool", PolicyTool.history, F("slug"), True),
        ("recommendation", Recommendation.history, Cast("id", CharField()), True),
        ("country", Country.history, F("iso3"), False),
        ("region", Region.history, F("slug"), False),
        ("coherence-level", CoherenceLevel.history, F("slug"), False),
        ("element", CoherenceElement.history, F("slug"), False),
        ("theme", Theme.history, F("slug"), False),
        ("source", SourceDocument.history, F("slug"), False),
        # A practice's countries and institutions (with their roles) are rows of their own.
        (
            "practice",
            PracticeCountry.history,
            F("practice__slug"),
            Q(practice__editorial_state=PUBLISHED),
        ),
        (
            "practice",
            PracticeInstitution.history,
            F("practice__slug"),
            Q(practice__editorial_state=PUBLISHED)
            & ~Q(
                Exists(
                    Institution.objects.filter(pk=OuterRef("institution_id")).exclude(
                        editorial_state=PUBLISHED
                    )
                )
            ),
        ),
    ]


TYPES = (
    "practice",
    "institution",
    "tool",
    "recommendation",
    "country",
    "region",
    "coherence-level",
    "element",
    "theme",
    "source",
)


def changes(since=None, types=None):
    parts = []
    for name, history, key, publishable in _sources():
        if types and name not in types:
            continue
        rows = history.all()
        if since is not None:
            rows = rows.filter(history_date__gt=since)
        if isinstance(publishable, Q):
            rows = rows.filter(publishable)
            action = Value("updated")
        elif publishable:
            # The record's previous entry: what the public knew of it before this one.
            before = history.filter(
                id=OuterRef("id"), history_id__lt=OuterRef("history_id")
            ).order_by("-history_id")
            rows = rows.annotate(
                was=Subquery(before.values("editorial_state")[:1]),
            ).filter(Q(editorial_state=PUBLISHED) | Q(was=PUBLISHED))
            key = Case(
                When(editorial_state=PUBLISHED, then=key),
                default=Subquery(before.annotate(known_key=key).values("known_key")[:1]),
                output_field=CharField(),
            )
            action = Case(
                When(history_type="-", then=Value("deleted")),
                When(~Q(editorial_state=PUBLISHED), then=Value("deleted")),
                When(history_type="+", then=Value("created")),
                default=Value("updated"),
            )
        else:
            action = Case(
                When(history_type="-", then=Value("deleted")),
                When(history_type="+", then=Value("created")),
                default=Value("updated"),
            )
        parts.append(
            rows.order_by()
            .annotate(
                change_type=Value(name, output_field=CharField()),
                change_key=key,
                change_action=action,
            )
            .filter(change_key__isnull=False)
            .values_list("change_type", "change_key", "change_action", "history_date")
        )
    if not parts:
        return []
    first, *rest = parts
    return first.union(*rest, all=True).order_by("history_date", "change_type", "change_key")


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
        "type": serializers.ChoiceField(choices=TYPES),
        "key": serializers.CharField(help_text="slug, ISO alpha-3 code or id"),
        "action": serializers.ChoiceField(choices=["created", "updated", "deleted"]),
        "time": serializers.DateTimeField(),
    },
)


class ChangesView(ApiViewMixin, APIView):
    """The change feed of the public records."""

    pagination_class = ApiPagination
    extra_parameters = frozenset({"since", "type"})

    @extend_schema(
        operation_id="changes",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="Only changes after this ISO 8601 date or date-time.",
            ),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                enum=list(TYPES),
                many=True,
                explode=True,
                description="Only changes of these record types.",
            ),
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
                    "next": serializers.URLField(allow_null=True),
                    "previous": serializers.URLField(allow_null=True),
                    "results": serializers.ListField(child=CHANGE),
                },
            )
        },
    )
    def get(self, request):
        since = None
        raw = request.query_params.get("since")
        if raw:
            try:
                since = parse_since(raw.strip())
            except ValueError as error:
                raise ValidationError(
                    {"since": ["Enter an ISO 8601 date or date-time, e.g. 2026-01-31T12:00:00Z."]}
                ) from error
        types = split_values(request.query_params, "type") or None
        if types and (unknown := [t for t in types if t not in TYPES]):
            raise ValidationError(
                {"type": [f"Unknown type: {', '.join(unknown)}. Choose from {', '.join(TYPES)}."]}
            )
        paginator = self.paginator
        page = paginator.paginate_queryset(changes(since, types), request, view=self)
        return paginator.get_paginated_response(
            [
                {"type": kind, "key": key, "action": action, "time": time.isoformat()}
                for kind, key, action, time in page
            ]
        )

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class()
        return self._paginator
