"""The admin of practices' status reports (imported by `practices.admin`)."""

from django.contrib import admin

from coherence.admin.citations import CitationInline
from coherence.admin.records import RecordAdmin

from .models import PracticeStatusReport


@admin.register(PracticeStatusReport)
class PracticeStatusReportAdmin(RecordAdmin):
    list_display = ["practice", "status", "as_of_year", "source", "updated_at"]
    list_filter = ["status", "as_of_year", "source"]
    list_select_related = ["practice", "source"]
    search_fields = ["slug", "practice__title", "note"]
    autocomplete_fields = ["practice", "source"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]
