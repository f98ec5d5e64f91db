"""A record's citations in the admin: the inline on its page (a source, a locator and a
quote, and the passage of the reader it found), which refuses to leave a record that
must cite without one, and what the citations' own admin shares with it."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.admin import GenericStackedInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Citation, EditorialState, SourceDocument
from ..services import must_cite, publication_problem

QUOTE = {"widget": forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"})}


@admin.display(description=_("passage found"))
def passage_link(citation):
    """The passage of the source that holds the quote, opened in the reader."""
    if citation.passage_id is None:
        return _("None yet: the passage is found when the quote is saved.")
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        citation.passage.get_absolute_url(),
        citation.passage,
    )


def source_without_buttons(formfield):
    """A citation's source is chosen, never added or edited from the citation."""
    rel = getattr(getattr(formfield, "widget", None), "rel", None)
    if rel is not None and rel.model is SourceDocument:
        widget = formfield.widget
        widget.can_add_related = widget.can_change_related = False
        widget.can_delete_related = widget.can_view_related = False
    return formfield


class CitationFormSet(BaseGenericInlineFormSet):
    """The record's citations as the editor leaves them: a record that must cite is
    published only with at least one (`publication_problem`: refused when the save
    publishes it, or deletes its last citation). `self.instance` holds the record's
    form as submitted (its editorial state among it)."""

    def clean(self):
        super().clean()
        kept = sum(
            1
            for form in self.forms
            if (form.has_changed() or form.instance.pk) and not self._should_delete_form(form)
        )
        record = self.instance
        if not must_cite(type(record)):
            return
        published_before = (
            record.pk is not None
            and type(record)
            ._default_manager.filter(pk=record.pk, editorial_state=EditorialState.PUBLISHED)
            .exists()
        )
        problem = publication_problem(
            record=record,
            citations=kept,
            published_before=published_before,
            cited_before=self.initial_form_count(),
        )
        if problem:
            raise ValidationError(problem, code="uncited")


class CitationInline(GenericStackedInline):
    """The evidence for a record: each citation names a source, a locator and a quote,
    and shows the passage of the reader it found."""

    model = Citation
    fields = [("source", "locator"), "quote", "passage_found"]
    formset = CitationFormSet
    readonly_fields = ["passage_found"]
    autocomplete_fields = ["source"]
    extra = 0
    formfield_overrides = {models.TextField: QUOTE}

    @admin.display(description=_("passage found"))
    def passage_found(self, obj):
        return passage_link(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "passage__source")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return source_without_buttons(super().formfield_for_dbfield(db_field, request, **kwargs))
