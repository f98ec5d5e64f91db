"""Submissions and uploaded documents in the admin: read for editors, who review them on
the review pages (/review/), where every state change goes through the services. The
admin shows the whole record, its quotes, comments and history, and lets an editor
correct what the pages cannot (a document's title)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Comment, Document, Quote, Submission, Transition


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuoteInline(ReadOnlyInline):
    model = Quote
    fields = ["claim", "document", "source", "locator", "quote"]
    readonly_fields = fields


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ["created_at", "author", "field", "version", "text"]
    readonly_fields = fields


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["at", "actor", "source_state", "target_state", "comment"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "state", "version", "submitted_at", "updated_at"]
    list_filter = ["state", "language"]
    search_fields = ["title", "owner__email"]
    readonly_fields = [
        "owner",
        "state",
        "language",
        "title",
        "content",
        "version",
        "submitted_at",
        "decided_at",
        "reason",
        "practice",
        "created_at",
        "updated_at",
    ]
    inlines = [QuoteInline, CommentInline, TransitionInline]

    def has_add_permission(self, request):
        return False  # contributions start on /contribute/ or through the API


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "owner",
        "media_type",
        "pages",
        "passages_count",
        "state",
        "created_at",
    ]
    list_filter = ["state", "media_type"]
    search_fields = ["title", "filename", "owner__email"]
    fields = [
        "title",
        "owner",
        "filename",
        "media_type",
        "size",
        "sha256",
        "pages",
        "passages_count",
        "state",
        "error",
        "source",
        "text",
    ]
    readonly_fields = [f for f in fields if f != "title"]

    def has_add_permission(self, request):
        return False
