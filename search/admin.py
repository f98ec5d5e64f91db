"""The thesaurus in the admin: editors curate the groups of equivalent expressions that
searches expand to (`search.thesaurus`); a change takes effect on the next search."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ThesaurusEntry, ThesaurusTerm


class ThesaurusTermInline(admin.TabularInline):
    model = ThesaurusTerm
    extra = 3
    fields = ["text", "language", "kind", "expands"]


@admin.register(ThesaurusEntry)
class ThesaurusEntryAdmin(admin.ModelAdmin):
    list_display = ["label", "expressions", "source", "active", "updated_at"]
    list_filter = ["active", "terms__language", "terms__kind"]
    search_fields = ["label", "terms__text", "source", "note"]
    readonly_fields = ["updated_at"]
    fields = ["label", "active", "source", "source_url", "note", "updated_at"]
    inlines = [ThesaurusTermInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("terms")

    @admin.display(description=_("expressions"))
    def expressions(self, obj):
        return ", ".join(term.text for term in obj.terms.all())

    def get_search_results(self, request, queryset, search_term):
        queryset, _duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False
