"""The shared FilterSets of the reference records, and the filter building blocks that the
practice FilterSets use too. One FilterSet per resource serves both the pages and the API,
so `/institutions/?country=MDA` and `/api/v1/institutions/?country=MDA` mean the same.

Conventions every FilterSet follows:

- a facet takes several values, repeated (`?country=MEX&country=PHL`) or comma-separated
  (`?country=MEX,PHL`), and matches any of them; different facets combine with AND;
- an unknown value is an error naming the parameter and the value, never an empty result;
  an unpublished record is unknown (the public cannot tell it from one that does not exist);
- `search` is full-text search (ranked, unless `ordering` is given) and `updated_after`
  takes an ISO 8601 date or date-time.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from . import fulltext
from .models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    GcmObjective,
    GcmPrinciple,
    Institution,
    PolicyTool,
    Region,
    SdgTarget,
    SourceDocument,
    Theme,
)
from .models.base import MAX_YEAR, MIN_YEAR, public
from .text import has_control_characters


def split_values(data, name) -> list[str]:
    """All values of a query parameter, repeated or comma-separated, stripped, in order."""
    raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    values = []
    for item in raw:
        if item is None:
            continue
        values.extend(part.strip() for part in str(item).split(","))
    return list(dict.fromkeys(value for value in values if value))


class CommaSeparatedWidget(forms.SelectMultiple):
    """Reads `?x=a&x=b` and `?x=a,b` alike."""

    def value_from_datadict(self, data, files, name):
        return split_values(data, name)


class KeyMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """Records chosen by their natural key (slug or ISO code), with a plain message for an
    unknown key. `normalize` maps what users type to the stored key (e.g. upper-casing)."""

    def __init__(self, *args, normalize=None, noun=None, **kwargs):
        self.normalize = normalize or (lambda value: value)
        self.noun = noun
        kwargs.setdefault("widget", CommaSeparatedWidget)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        if value:
            if any(has_control_characters(item) for item in value):
                raise ValidationError(
                    _("Values cannot contain control characters."), code="control_characters"
                )
            value = [self.normalize(item) for item in value]
        return super().clean(value)

    def _check_values(self, value):
        key = self.to_field_name
        try:
            return super()._check_values(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            known = {
                str(k)
                for k in self.queryset.filter(**{f"{key}__in": value}).values_list(key, flat=True)
            }
            unknown = [v for v in value if str(v) not in known]
            raise ValidationError(
                _("Unknown %(noun)s: %(values)s.")
                % {
                    "noun": self.noun or self.queryset.model._meta.verbose_name,
                    "values": ", ".join(unknown),
                },
                code="invalid_choice",
            ) from error


# One key: django-filter's schema extension makes the parameter an array of them.
@extend_schema_field({"type": "string"})
class KeyFilter(django_filters.ModelMultipleChoiceFilter):
    """A facet of related records named by natural key, applied by a queryset method
    (EXISTS subqueries, so a record is never repeated), or by the FilterSet itself when
    it has none (the practices' facets, `practices.filters`)."""

    field_class = KeyMultipleChoiceField

    def __init__(
        self, *args, key="slug", queryset_method=None, noun=None, normalize=None, **kwargs
    ):
        self.key = key
        self.queryset_method = queryset_method
        kwargs.setdefault("to_field_name", key)
        kwargs.setdefault("distinct", False)
        kwargs["noun"] = noun
        kwargs["normalize"] = normalize
        super().__init__(*args, method=self.apply, **kwargs)

    def keys(self, value) -> list[str]:
        """The natural keys of the cleaned value (the records chosen)."""
        return [getattr(obj, self.key) for obj in value or ()]

    def apply(self, queryset, name, value):
        keys = self.keys(value)
        if not keys or self.queryset_method is None:
            # An empty queryset is not among django-filter's "empty values".
            return queryset
        return getattr(queryset, self.queryset_method)(keys)


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """A facet over a field's choices, several values allowed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", CommaSeparatedWidget)
        kwargs.setdefault("distinct", False)
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Unknown value: %(value)s. Choose from the listed values.")},
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


@extend_schema_field({"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR})
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a year as a whole number, e.g. 2008.")}
        )
        super().__init__(*args, **kwargs)

    def get_max_validator(self):
        return None


class UpdatedAfterFilter(django_filters.IsoDateTimeFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gt")
        kwargs.setdefault("label", _("Updated after"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _(
                    "Enter an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z."
                )
            },
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is not None:
            # In UTC: databases reject some offsets that ISO 8601 allows (e.g. +19:13).
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError:
                return qs.none() if value.year > 1 else qs
        return super().filter(qs, value)


class SearchField(forms.CharField):
    """A full-text query, checked by the full-text search (length, control characters...)."""

    def clean(self, value):
        value = super().clean(value)
        if value and value.strip():
            try:
                fulltext.engine().validate(value)
            except ValueError as error:
                raise ValidationError(str(error), code="invalid_search") from error
        return value


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's `ordering`, ending with a unique key (the list's order otherwise:
    `coherence.rest.filtering.list_ordering()`), so that pages never repeat or skip a
    record among those sorted alike."""

    def filter(self, qs, value):
        keys = [self.get_ordering_value(key) for key in value or () if key]
        return qs.order_by(*keys, "pk") if keys else qs


class SearchFilter(django_filters.CharFilter):
    """Full-text search (`coherence.fulltext`); results are ranked by relevance (annotated
    `search_rank`) unless the request asks for another `ordering`. A FilterSet whose
    facets make a selection of practices (`facet_selection()`) lets the search look among
    that selection's practices only."""

    field_class = SearchField

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        facet_selection = getattr(self.parent, "facet_selection", None)
        among = facet_selection() if facet_selection is not None else None
        matches = fulltext.engine().filter(qs, value, among=among)
        if self.parent is not None and self.parent.data.get("ordering"):
            return matches
        return matches.order_by("-search_rank", *qs.model._meta.ordering, "pk")


class NameSearchFilter(django_filters.CharFilter):
    """Search for the small reference lists (countries, themes, ...): a case-insensitive
    match on names and codes."""

    def __init__(self, *args, fields=("name",), **kwargs):
        self.fields = fields
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        condition = Q()
        for field in self.fields:
            condition |= Q(**{f"{field}__icontains": value})
        return qs.filter(condition)


def countries_filter(queryset_method=None, **kwargs):
    return KeyFilter(
        queryset=Country.objects.all(),
        key="iso3",
        queryset_method=queryset_method,
        normalize=str.upper,
        noun=_("country code"),
        **kwargs,
    )


def slug_filter(model, queryset_method=None, noun=None, **kwargs):
    """A facet of `model`'s records by slug. Only the records the public may see can be
    named: an unpublished institution or tool is an unknown value, like a mistyped one."""
    return KeyFilter(
        queryset=public(model),
        key="slug",
        queryset_method=queryset_method,
        normalize=str.lower,
        noun=noun,
        **kwargs,
    )


# Reference records --------------------------------------------------------------------


class CountryFilterSet(django_filters.FilterSet):
    """Countries by region and name; `practices.filters.countries.CountryFilterSet` adds whether
    they have practices."""

    region = slug_filter(Region, "in_region", noun=_("region"), label=_("Region"))
    search = NameSearchFilter(
        fields=("name", "formal_name", "iso3", "iso2"), label=_("Search the countries")
    )
    updated_after = UpdatedAfterFilter()
    ordering = OrderingFilter(fields=(("name", "name"), ("iso3", "iso3")), label=_("Sort by"))

    class Meta:
        model = Country
        fields = []


class InstitutionFilterSet(django_filters.FilterSet):
    country = countries_filter("for_countries", label=_("Country"))
    kind = ChoicesFilter(choices=Institution.Kind.choices, label=_("Kind"))
    parent = slug_filter(Institution, "within", noun=_("parent institution"), label=_("Part of"))
    search = SearchFilter(label=_("Search the institutions"))
    updated_after = UpdatedAfterFilter()
    ordering = OrderingFilter(
        fields=(
            ("name", "name"),
            ("year_established", "year_established"),
            ("updated_at", "updated_at"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Institution
        fields = []


class PolicyToolFilterSet(django_filters.FilterSet):
    kind = ChoicesFilter(choices=PolicyTool.Kind.choices, label=_("Kind"))
    category = ChoicesFilter(choices=PolicyTool.Category.choices, label=_("Category"))
    coherence_level = slug_filter(
        CoherenceLevel, "at_levels", noun=_("coherence level"), label=_("Coherence level")
    )
    publisher = slug_filter(
        Institution, "published_by", noun=_("institution"), label=_("Publisher")
    )
    country = countries_filter("for_countries", label=_("Country"))
    search = SearchFilter(label=_("Search the tools and frameworks"))
    updated_after = UpdatedAfterFilter()
    ordering = OrderingFilter(
        fields=(("name", "name"), ("year", "year"), ("updated_at", "updated_at")),
        label=_("Sort by"),
    )

    class Meta:
        model = PolicyTool
        fields = []


class NamedRecordFilterSet(django_filters.FilterSet):
    """Levels, elements, themes and regions: small lists searched by name."""

    search = NameSearchFilter(fields=("name", "slug"), label=_("Search by name"))
    updated_after = UpdatedAfterFilter()


class CoherenceLevelFilterSet(NamedRecordFilterSet):
    class Meta:
        model = CoherenceLevel
        fields = []


class CoherenceElementFilterSet(NamedRecordFilterSet):
    class Meta:
        model = CoherenceElement
        fields = []


class ThemeFilterSet(NamedRecordFilterSet):
    class Meta:
        model = Theme
        fields = []


class RegionFilterSet(NamedRecordFilterSet):
    kind = ChoicesFilter(choices=Region.Kind.choices, label=_("Kind"))

    class Meta:
        model = Region
        fields = []


class SourceDocumentFilterSet(django_filters.FilterSet):
    kind = ChoicesFilter(choices=SourceDocument.Kind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(label=_("Year"))
    search = NameSearchFilter(
        fields=("title", "short_title", "event", "authors"), label=_("Search the papers")
    )
    updated_after = UpdatedAfterFilter()

    class Meta:
        model = SourceDocument
        fields = []


# The frameworks the knowledge base classifies practices by -----------------------------


class GcmObjectiveFilterSet(django_filters.FilterSet):
    search = NameSearchFilter(fields=("title", "short_title"), label=_("Search by title"))
    updated_after = UpdatedAfterFilter()

    class Meta:
        model = GcmObjective
        fields = []


class GcmPrincipleFilterSet(django_filters.FilterSet):
    search = NameSearchFilter(fields=("title", "slug"), label=_("Search by title"))
    updated_after = UpdatedAfterFilter()

    class Meta:
        model = GcmPrinciple
        fields = []


class SdgTargetFilterSet(django_filters.FilterSet):
    goal = django_filters.NumberFilter(label=_("Goal"))
    search = NameSearchFilter(fields=("code", "title", "short_title"), label=_("Search"))
    updated_after = UpdatedAfterFilter()

    class Meta:
        model = SdgTarget
        fields = []
