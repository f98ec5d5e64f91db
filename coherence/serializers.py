"""Serializers of the reference records for the API v1 (explicit fields; the list and the
detail shapes are separate classes where they differ)."""

from __future__ import annotations

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import (
    Citation,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    SourceDocument,
    SourcePassage,
)
from .models.base import MAX_YEAR, MIN_YEAR
from .services import CitationData, citations_set, publication_problem, record_write
from .translated import LanguagesMixin

# The year fields a write takes, kept within the range the models' constraints allow.
YEAR_FIELDS = frozenset({"start_year", "end_year", "year_established", "year"})
YEAR_MESSAGE = f"Years must lie between {MIN_YEAR} and {MAX_YEAR}."


class StrictFieldsMixin:
    """A write that names a field the record does not have is refused (400 naming it),
    not silently half-applied: a mistyped `summmary` must not pass for a write of nothing.
    The record's read-only fields (`url`, `updated_at`...) may be sent back as read."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                listed = ", ".join(sorted(self.fields))
                raise serializers.ValidationError(
                    {
                        name: [f"Unknown field. This record's fields are: {listed}."]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The record's API detail URL, e.g. `/api/v1/practices/<slug>/`."""

    def __init__(self, view_name: str, lookup: str = "slug", **kwargs):
        self.view_name = view_name
        self.lookup = lookup
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        path = reverse(self.view_name, kwargs={self.lookup: getattr(obj, self.lookup)})
        return absolute(self.context.get("request"), path)


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """The record's page on the site (`get_absolute_url()`)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())


class RecordWriteMixin(StrictFieldsMixin):
    """A write through the API: validated with the model's `full_clean()`, as the admin
    does (the same constraints, the same messages), and written through the services
    (`coherence.services.record_write`: only what differs; `relation_fields` are the
    many-to-many links; `citations`, where the record has them, through
    `citations_set`). Unknown fields are refused (`StrictFieldsMixin`); years are
    checked against the models' range, which the schema declares. A write that
    publishes a record that must cite, or changes a published record's citations,
    leaves it with at least one citation (`publication_problem`)."""

    relation_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name in YEAR_FIELDS & fields.keys():
            field = fields[name]
            if not field.read_only:
                field.validators += [
                    MinValueValidator(MIN_YEAR, message=YEAR_MESSAGE),
                    MaxValueValidator(MAX_YEAR, message=YEAR_MESSAGE),
                ]
        return fields

    def split(self, validated_data) -> tuple[dict, dict]:
        """The record's own fields, and its links (those the write gives)."""
        own = {k: v for k, v in validated_data.items() if k != "citations"}
        fields = {k: v for k, v in own.items() if k not in self.relation_fields}
        links = {k: v for k, v in own.items() if k in self.relation_fields}
        return fields, links

    def write_citations(self, record, validated_data) -> None:
        """The record's citations, if the write gives them."""
        if "citations" in validated_data:
            citations_set(
                record=record,
                citations=[CitationData(**citation) for citation in validated_data["citations"]],
            )

    @transaction.atomic
    def create(self, validated_data):
        fields, links = self.split(validated_data)
        record = self.Meta.model()
        record_write(record=record, fields=fields, many=links)
        self.write_citations(record, validated_data)
        return record

    @transaction.atomic
    def update(self, instance, validated_data):
        fields, links = self.split(validated_data)
        record_write(record=instance, fields=fields, many=links)
        self.write_citations(instance, validated_data)
        return instance

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in self.relation_fields and name != "citations":
                setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                    for field, messages in error.message_dict.items()
                }
            ) from error
        self.validate_publication(instance, attrs)
        return attrs

    def validate_publication(self, instance, attrs) -> None:
        """Refuse a write that publishes the record, or takes a published record's last
        citation away, leaving it uncited (`publication_problem`)."""
        if not hasattr(instance, "citations"):
            return
        stored = self.instance
        existing = stored.citations.count() if stored is not None else 0
        problem = publication_problem(
            record=instance,
            citations=len(attrs["citations"]) if "citations" in attrs else existing,
            published_before=getattr(stored, "is_published", False),
            cited_before=existing,
        )
        if problem:
            raise serializers.ValidationError({"citations": [problem]})


CITATIONS_HELP = (
    "The record's citations, all of them (replaced when given, kept when not): each "
    "quote as the source reader shows the paper. Written only; the detail shows them."
)


class CitationSerializer(serializers.ModelSerializer):
    """A citation, read and written: the source by its slug, the locator, the verbatim
    quote (checked against the paper as its reader shows it: `Citation.clean`), and the
    passage's URL in the reader (read-only)."""

    source = serializers.SlugRelatedField(slug_field="slug", queryset=SourceDocument.objects.all())
    url = WebUrlField(help_text="The cited passage in the source reader.")

    class Meta:
        model = Citation
        fields = ["source", "locator", "quote", "url"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        try:
            Citation(**attrs).clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


class SlugNameSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


# Institutions and tools -----------------------------------------------------------------


class InstitutionSerializer(LanguagesMixin, RecordWriteMixin, serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso3",
        queryset=Country.objects.all(),
        allow_null=True,
        required=False,
        help_text="ISO alpha-3 code, or null for international and regional bodies.",
    )
    parent = serializers.SlugRelatedField(
        slug_field="slug", queryset=Institution.objects.all(), allow_null=True, required=False
    )
    website = serializers.CharField(
        max_length=500, required=False, allow_blank=True, help_text="A URL, or empty."
    )
    url = ApiUrlField("api:institution-detail")
    web_url = WebUrlField()
    citations = CitationSerializer(
        many=True, required=False, write_only=True, help_text=CITATIONS_HELP
    )

    class Meta:
        model = Institution
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "parent",
            "year_established",
            "website",
            "editorial_state",
            "updated_at",
            "url",
            "web_url",
            "citations",
        ]
        read_only_fields = ["updated_at"]
        # Uniqueness is checked by full_clean(), with the admin's message.
        validators = []
        extra_kwargs = {"slug": {"validators": []}}


class ToolSerializer(LanguagesMixin, RecordWriteMixin, serializers.ModelSerializer):
    relation_fields = ("publishers", "countries", "coherence_levels")

    publishers = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Institution.objects.all(), required=False
    )
    countries = serializers.SlugRelatedField(
        slug_field="iso3", many=True, queryset=Country.objects.all(), required=False
    )
    coherence_levels = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=CoherenceLevel.objects.all(), required=False
    )
    # Checked as a URL by the model's full_clean(); a CharField so that empty is allowed.
    link = serializers.CharField(
        source="url", max_length=500, required=False, allow_blank=True, help_text="A URL, or empty."
    )
    url = ApiUrlField("api:tool-detail")
    web_url = WebUrlField()
    citations = CitationSerializer(
        many=True, required=False, write_only=True, help_text=CITATIONS_HELP
    )

    class Meta:
        model = PolicyTool
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "category",
            "year",
            "publishers",
            "countries",
            "coherence_levels",
            "link",
            "editorial_state",
            "updated_at",
            "url",
            "web_url",
            "citations",
        ]
        read_only_fields = ["updated_at"]
        # Uniqueness is checked by full_clean(), with the admin's message.
        validators = []
        extra_kwargs = {"slug": {"validators": []}}


# Sources --------------------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:source-detail")
    web_url = WebUrlField()
    link = serializers.CharField(source="url", read_only=True, help_text="A URL, or empty.")

    class Meta:
        model = SourceDocument
        fields = [
            "slug",
            "title",
            "short_title",
            "year",
            "event",
            "session",
            "kind",
            "authors",
            "link",
            "updated_at",
            "url",
            "web_url",
        ]


class PassageSerializer(serializers.ModelSerializer):
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = SourcePassage
        fields = ["anchor", "locator", "text", "web_url"]

    def get_web_url(self, passage) -> str:
        source = self.context["source"]
        return absolute(
            self.context.get("request"), f"{source.get_absolute_url()}#{passage.anchor}"
        )


class SourceDetailSerializer(SourceSerializer):
    passages = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "passages"]

    @extend_schema_field(PassageSerializer(many=True))
    def get_passages(self, source):
        context = {**self.context, "source": source}
        return PassageSerializer(source.passages.all(), many=True, context=context).data
