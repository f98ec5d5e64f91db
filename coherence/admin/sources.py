"""The admin of the evidence: the source papers, the passages derived from their text
(shown, not edited), and citations on their own, the record each supports chosen with a
picker across every record type that cites."""

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..models import Citation, SourceDocument, SourcePassage
from ..workbench import citations
from ..workbench.mixins import UsedByMixin
from .citations import QUOTE, passage_link, source_without_buttons
from .records import RecordAdmin


@admin.register(SourceDocument)
class SourceDocumentAdmin(UsedByMixin, RecordAdmin):
    list_display = ["title", "year", "event", "kind", "passage_count"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "short_title", "slug", "event", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(passage_total=models.Count("passages"))

    @admin.display(description=_("passages"), ordering="passage_total")
    def passage_count(self, obj):
        return obj.passage_total


@admin.register(SourcePassage)
class SourcePassageAdmin(admin.ModelAdmin):
    """Passages are derived from a source's text; they are shown, not edited."""

    list_display = ["source", "position", "locator", "excerpt"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["text", "locator"]
    readonly_fields = ["source", "position", "anchor", "locator", "text"]

    @admin.display(description=_("text"))
    def excerpt(self, obj):
        return obj.text[:120]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    """A citation on its own: the record it supports chosen with a picker that searches
    every record type that cites (never a raw record type and id), the source searched,
    the passage it found linked to the reader."""

    form = citations.CitationAdminForm
    list_display = ["__str__", "record_link", "passage_found"]
    list_filter = [citations.RecordTypeFilter, "source"]
    list_select_related = ["source", "passage__source"]
    search_fields = ["quote", "locator"]
    autocomplete_fields = ["source"]
    readonly_fields = ["passage_found", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["record", ("source", "locator"), "quote", "passage_found"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    formfield_overrides = {models.TextField: QUOTE}

    def get_queryset(self, request):
        return citations.with_records(super().get_queryset(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return source_without_buttons(super().formfield_for_dbfield(db_field, request, **kwargs))

    def get_urls(self):
        search = self.admin_site.admin_view(self.record_search_view)
        return [
            path("records/", search, name="coherence_citation_records"),
            *super().get_urls(),
        ]

    def record_search_view(self, request):
        return citations.record_search(request, self.admin_site)

    @admin.display(description=_("record"))
    def record_link(self, obj):
        label, url = citations.record_link(obj)
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    @admin.display(description=_("passage found"))
    def passage_found(self, obj):
        return passage_link(obj)

    @property
    def media(self):
        return super().media + forms.Media(css={"screen": ["admin/css/workbench.css"]})
