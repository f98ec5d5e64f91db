"""The fields the contributions API's shapes share: a record's API detail URL."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coherence.serializers import absolute


@extend_schema_field(OpenApiTypes.URI)
class DetailUrlField(serializers.Field):
    """The record's API detail URL (`/api/v1/<prefix>/<id>/`)."""

    def __init__(self, view_name: str, **kwargs):
        self.view_name = view_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        path = reverse(self.view_name, kwargs={"pk": obj.pk})
        return absolute(self.context.get("request"), path)
