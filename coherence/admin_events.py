"""The admin of events, sessions, people, their roles, and memberships of bodies
(docs/decisions/0015-events-status-membership.md). Imported by `coherence.admin`."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .admin.citations import CitationInline
from .admin.records import RecordAdmin
from .models import Event, Membership, Participation, Person, Session


class SessionInline(admin.TabularInline):
    model = Session
    fk_name = "event"
    fields = ["code", "title", "kind", "order", "slug"]
    extra = 0
    show_change_link = True


@admin.register(Event)
class EventAdmin(TranslationAdmin, RecordAdmin):
    list_display = ["name", "kind", "year", "place", "updated_at"]
    list_filter = ["kind", "year"]
    search_fields = ["name", "slug", "place", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["input_to", "papers"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [SessionInline, CitationInline]


@admin.register(Session)
class SessionAdmin(TranslationAdmin, RecordAdmin):
    list_display = ["title", "code", "kind", "event", "parent", "updated_at"]
    list_filter = ["kind", "event"]
    list_select_related = ["event", "parent"]
    search_fields = ["title", "code", "slug", "event__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event", "parent", "papers"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ["name", "title", "affiliation", "country", "updated_at"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]


@admin.register(Participation)
class ParticipationAdmin(RecordAdmin):
    list_display = ["slug", "role", "event", "session", "person", "country", "institution"]
    list_filter = ["role", "event"]
    list_select_related = ["event", "session", "person", "country", "institution"]
    search_fields = ["slug", "person__name", "country__name", "institution__name", "note"]
    autocomplete_fields = ["event", "session", "person", "country", "institution"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]


@admin.register(Membership)
class MembershipAdmin(RecordAdmin):
    list_display = ["body", "country", "updated_at"]
    list_filter = ["body"]
    list_select_related = ["body", "country"]
    search_fields = ["slug", "body__name", "body__acronym", "country__name", "country__iso3"]
    autocomplete_fields = ["body", "country"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]
