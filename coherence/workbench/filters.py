"""List filters of the admin's change lists: a relation searched as the editor types
(for relations too large to list, such as countries), and records by the source they
cite."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coherence.models import SourceDocument

from .widgets import SearchSelect


class AutocompleteFilter(admin.RelatedFieldListFilter):
    """A related record chosen with the admin's autocomplete (its search of the related
    model's admin), instead of a link per record: the list shows the chosen one only.
    Choosing navigates to the filtered list (static/admin/js/workbench.js)."""

    template = "admin/workbench/autocomplete_filter.html"

    def field_choices(self, field, request, model_admin):
        wanted = [value for value in (self.lookup_val or []) if str(value).isdigit()]
        if not wanted:
            return []
        related = field.remote_field.model._default_manager.filter(pk__in=wanted)
        return [(record.pk, str(record)) for record in related]

    def has_output(self):
        return True

    def widget(self):
        model = self.field.model
        select = SearchSelect(
            reverse("admin:autocomplete"),
            data={
                "app-label": model._meta.app_label,
                "model-name": model._meta.model_name,
                "field-name": self.field.name,
                "filter-lookup": self.lookup_kwarg,
            },
        )
        select.choices = [("", ""), *self.lookup_choices]
        selected = self.lookup_choices[0][0] if self.lookup_choices else ""
        return select.render(
            f"filter-{self.lookup_kwarg}",
            selected,
            attrs={"id": f"filter-{self.lookup_kwarg}", "aria-label": self.title},
        )


class CitedInFilter(admin.SimpleListFilter):
    """Records with a citation of the source chosen (a handful of papers)."""

    title = _("source (cited in)")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [(source.slug, str(source)) for source in SourceDocument.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.cited_in([self.value()])
        return queryset
