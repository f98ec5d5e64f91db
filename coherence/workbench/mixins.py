"""What the admin classes of the knowledge base add to Django's ModelAdmin: the "used by"
panel, the publishing panel with its buttons and the draft preview, and the workbench's
stylesheet and scripts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coherence.models import EditorialState

from . import preview
from .publishing import BUTTONS, publishing_state
from .used_by import used_by
from .widgets import select2_media

CHANGE_FORM = "admin/workbench/change_form.html"


class WorkbenchMediaMixin:
    """The workbench's stylesheet (the change page fits 1366 px, quotes get room) and
    its script (the autocomplete list filters), with the admin's select2."""

    change_form_template = CHANGE_FORM

    @property
    def media(self):
        return super().media + select2_media(
            then_js=["admin/js/workbench.js"], then_css=["admin/css/workbench.css"]
        )


class UsedByMixin(WorkbenchMediaMixin):
    """A reference record's change page lists the records that point to it."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["used_by"] = used_by(obj, self.admin_site)
        return super().render_change_form(request, context, add, change, form_url, obj)


class PublishingMixin(WorkbenchMediaMixin):
    """The publishing panel: the record's state, who published it and when, who changed
    it last; "Publish" and "Return to draft" buttons that save the form with the state
    set (the same validation and save as the Save button); a preview link for drafts."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            state = next((BUTTONS[name] for name in BUTTONS if name in request.POST), None)
            if state is not None:
                request.POST = request.POST.copy()
                request.POST["editorial_state"] = state
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["publishing"] = publishing_state(obj)
            context["can_publish"] = self.has_change_permission(request, obj)
            if not obj.is_published and preview.previewable(type(obj)):
                context["preview_url"] = preview.preview_url(obj)
                context["preview_days"] = preview.PREVIEW_DAYS
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, obj):
        """The public page of a published record, the preview of a draft (none for a
        draft without a public page of its own)."""
        if obj.editorial_state == EditorialState.PUBLISHED:
            return obj.get_absolute_url()
        if preview.previewable(type(obj)):
            return preview.preview_url(obj)
        return None

    def response_change(self, request, obj):
        if any(name in request.POST for name in BUTTONS):
            message = (
                _("“%(record)s” is published.")
                if obj.is_published
                else _("“%(record)s” is back in draft.")
            )
            self.message_user(request, message % {"record": obj})
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_change(request, obj)
