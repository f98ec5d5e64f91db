"""The admin of the frameworks practices are classified by (the classification itself is
edited on the practice's page): the GCM's objectives and guiding principles and the SDG
targets, reference data with official numbers and wording."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ..models import GcmObjective, GcmPrinciple, SdgTarget
from ..workbench.mixins import UsedByMixin
from .records import RecordAdmin


@admin.register(GcmObjective)
class GcmObjectiveAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["number", "short_title", "title", "updated_at"]
    list_display_links = ["number", "short_title"]
    search_fields = ["title", "short_title", "=number"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(GcmPrinciple)
class GcmPrincipleAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["number", "title", "slug", "updated_at"]
    list_display_links = ["number", "title"]
    search_fields = ["title", "slug", "=number"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]


@admin.register(SdgTarget)
class SdgTargetAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["code", "short_title", "goal", "updated_at"]
    list_display_links = ["code", "short_title"]
    list_filter = ["goal"]
    search_fields = ["code", "title", "short_title"]
    readonly_fields = ["goal", "created_at", "updated_at"]
