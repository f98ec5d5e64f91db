"""The admin of the reference framework's records: coherence levels and elements, themes,
regions, countries, and the curated institutions and tools."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ..admin_io import SpreadsheetAdminMixin
from ..models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    Region,
    Theme,
)
from ..workbench.filters import AutocompleteFilter, CitedInFilter
from ..workbench.mixins import UsedByMixin
from .citations import CitationInline
from .records import CHECKBOXES, UPDATED, PublishableAdmin, RecordAdmin


@admin.register(CoherenceLevel)
class CoherenceLevelAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "slug", "order", "updated_at"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]


@admin.register(CoherenceElement)
class CoherenceElementAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "slug", "order", "updated_at"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]


@admin.register(Theme)
class ThemeAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Region)
class RegionAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "kind", "m49", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "m49"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Country)
class CountryAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "iso3", "iso2", "m49", "region", "subregion"]
    list_filter = ["region", "subregion"]
    list_select_related = ["region", "subregion"]
    search_fields = ["name", "formal_name", "iso3", "iso2"]
    autocomplete_fields = ["region", "subregion", "intermediate_region"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Institution)
class InstitutionAdmin(SpreadsheetAdminMixin, UsedByMixin, TranslationAdmin, PublishableAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent", "editorial_state", "updated_at"]
    list_filter = [
        "editorial_state",
        "kind",
        ("country", AutocompleteFilter),
        "country__region",
        CitedInFilter,
        UPDATED,
    ]
    list_select_related = ["country", "parent"]
    search_fields = ["name", "acronym", "slug", "description", "country__name", "country__iso3"]
    autocomplete_fields = ["country", "parent", "regions"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PolicyTool)
class PolicyToolAdmin(SpreadsheetAdminMixin, UsedByMixin, TranslationAdmin, PublishableAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "category",
        "year",
        "country_names",
        "editorial_state",
        "updated_at",
    ]
    list_filter = [
        "editorial_state",
        "kind",
        "category",
        "coherence_levels",
        ("countries", AutocompleteFilter),
        ("publishers", AutocompleteFilter),
        CitedInFilter,
        UPDATED,
    ]
    search_fields = ["name", "acronym", "slug", "description"]
    autocomplete_fields = ["publishers", "countries"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def country_names(self, obj):
        return ", ".join(country.name for country in obj.countries.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coherence_levels":
            kwargs.update(CHECKBOXES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
