"""What every record's admin builds on: a form that makes a new record's slug unique,
saves through the services (`RecordAdmin`), and for the curated records the editorial
workflow (`publish` and `unpublish` actions, the publishing panel) with citations as
inlines (`PublishableAdmin`)."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from ..admin_history import HistoryAdminMixin
from ..models import EditorialState
from ..models.base import unique_slug
from ..services import many_set, publication_problem, record_save
from ..workbench.mixins import PublishingMixin
from .citations import CitationInline

CHECKBOXES = {"widget": forms.CheckboxSelectMultiple}
UPDATED = ("updated_at", admin.DateFieldListFilter)


@admin.action(description=_("Publish the selected records"))
def publish(modeladmin, request, queryset):
    """Publish the selected drafts, except those that may not be published yet (a record
    that must cite and has no citation): those are named, with the reason."""
    count, skipped = 0, []
    drafts = queryset.exclude(editorial_state=EditorialState.PUBLISHED)
    if hasattr(queryset.model, "citations"):
        drafts = drafts.annotate(citation_total=models.Count("citations"))
    for obj in drafts:
        obj.editorial_state = EditorialState.PUBLISHED
        problem = publication_problem(record=obj, citations=getattr(obj, "citation_total", 0))
        if problem:
            skipped.append((obj, problem))
            continue
        obj.save(update_fields=["editorial_state", "updated_at"])
        count += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d record published.", "%(count)d records published.", count)
        % {"count": count},
        messages.SUCCESS,
    )
    for obj, problem in skipped:
        modeladmin.message_user(
            request,
            _("“%(record)s” was not published: %(reason)s") % {"record": obj, "reason": problem},
            messages.WARNING,
        )


@admin.action(description=_("Return the selected records to draft"))
def unpublish(modeladmin, request, queryset):
    count = 0
    for obj in queryset.exclude(editorial_state=EditorialState.DRAFT):
        obj.editorial_state = EditorialState.DRAFT
        obj.save(update_fields=["editorial_state", "updated_at"])
        count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d record returned to draft.", "%(count)d records returned to draft.", count
        )
        % {"count": count},
        messages.SUCCESS,
    )


class RecordAdminForm(forms.ModelForm):
    """The form of a record in the admin. A new record's slug, prepopulated from its
    name or title, is made unique by construction: if another record has it, it gets
    a numbered suffix (`-2`) instead of failing with "already exists"."""

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug and self.instance._state.adding:
            return unique_slug(type(self.instance), slug)
        return slug


class RecordAdmin(HistoryAdminMixin, SimpleHistoryAdmin):
    """Saves through the services, as the API and the loader do: the record only when
    its form changed, its many-to-many links by difference (`many_set`), and once more
    (a touch: its `updated_at` and history move) when only its links or inlines did.
    A save that changes nothing writes nothing."""

    form = RecordAdminForm

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            obj._saved_by_admin = False
            return
        record_save(record=obj)
        obj._saved_by_admin = True

    def save_related(self, request, form, formsets, change):
        record = form.instance
        changed = False
        for field in record._meta.many_to_many:
            if field.name in form.cleaned_data:
                changed |= many_set(
                    record=record, field=field.name, targets=form.cleaned_data[field.name]
                )
        for formset in formsets:
            changed |= formset.has_changed()
            self.save_formset(request, form, formset, change=change)
        if changed and not getattr(record, "_saved_by_admin", True):
            record_save(record=record)


class PublishableAdmin(PublishingMixin, RecordAdmin):
    """Shared behaviour of the curated records: editorial workflow actions and the
    publishing panel, citations as inlines, timestamps shown read-only."""

    actions = [publish, unpublish]
    inlines = [CitationInline]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
