"""The admin of practices, recommendations and country findings."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coherence.admin import CHECKBOXES, PublishableAdmin, RecordAdminForm

from .models import CountryFinding, Practice, PracticeCountry, PracticeInstitution, Recommendation


class PracticeCountryInline(admin.TabularInline):
    model = PracticeCountry
    autocomplete_fields = ["country"]
    extra = 0


class PracticeInstitutionInline(admin.TabularInline):
    model = PracticeInstitution
    autocomplete_fields = ["institution"]
    extra = 0


class PracticeAdminForm(RecordAdminForm):
    class Meta:
        model = Practice
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if "coherence_levels" in self.fields and not cleaned.get("coherence_levels"):
            self.add_error("coherence_levels", _("Choose at least one coherence level."))
        if "themes" in self.fields and not cleaned.get("themes"):
            self.add_error("themes", _("Choose at least one theme."))
        return cleaned


@admin.register(Practice)
class PracticeAdmin(PublishableAdmin):
    form = PracticeAdminForm
    list_display = ["title", "scope", "status", "start_year", "editorial_state", "updated_at"]
    list_filter = [
        "editorial_state",
        "scope",
        "status",
        "coherence_levels",
        "elements",
        "themes",
        "countries__region",
    ]
    search_fields = ["title", "slug", "summary", "description", "countries__name"]
    autocomplete_fields = ["tools", "themes"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PracticeCountryInline, PracticeInstitutionInline, *PublishableAdmin.inlines]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "editorial_state"]}),
        (_("Classification"), {"fields": ["coherence_levels", "elements", "themes", "tools"]}),
        (_("Scope and timing"), {"fields": ["scope", "status", "start_year", "end_year"]}),
        (_("Results"), {"fields": ["outcomes", "challenges"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"coherence_levels", "elements"}:
            kwargs.update(CHECKBOXES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Recommendation)
class RecommendationAdmin(PublishableAdmin):
    list_display = ["title", "kind", "addressed_to", "editorial_state", "updated_at"]
    list_filter = ["editorial_state", "kind", "coherence_levels", "themes"]
    search_fields = ["title", "slug", "text", "addressed_to"]
    autocomplete_fields = ["themes"]
    prepopulated_fields = {"slug": ["title"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coherence_levels":
            kwargs.update(CHECKBOXES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(CountryFinding)
class CountryFindingAdmin(PublishableAdmin):
    list_display = ["country", "question", "value", "year", "element", "editorial_state"]
    list_filter = ["editorial_state", "value", "year", "element", "question"]
    list_select_related = ["country", "element"]
    search_fields = ["statement", "question", "slug", "country__name", "country__iso3"]
    autocomplete_fields = ["country"]
    # Made from the country, the question and the year (`CountryFinding.fill_slug`):
    # editors never type it, and two findings of one question never collide.
    readonly_fields = ["slug", *PublishableAdmin.readonly_fields]
