"""The admin of practices, recommendations and country findings."""

from django.contrib import admin
from django.db.models import Count
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.forms.models import BaseInlineFormSet
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from coherence.admin.records import CHECKBOXES, UPDATED, PublishableAdmin, RecordAdminForm
from coherence.workbench.filters import AutocompleteFilter, CitedInFilter

from . import admin_records  # noqa: F401  (registers the issue-21 record types)
from .admin_io import SpreadsheetAdminMixin
from .models import (
    CountryFinding,
    Practice,
    PracticeCountry,
    PracticeGcmObjective,
    PracticeGcmPrinciple,
    PracticeInstitution,
    PracticeSdgTarget,
    Recommendation,
)


class PracticeCountryInline(admin.TabularInline):
    model = PracticeCountry
    autocomplete_fields = ["country"]
    extra = 0


class PracticeInstitutionInline(admin.TabularInline):
    model = PracticeInstitution
    autocomplete_fields = ["institution"]
    extra = 0


class ClassificationFormSet(BaseInlineFormSet):
    """A classification inline posted without its management form (a script, or a form
    written before the classification existed) leaves the classification as it is, rather
    than failing the whole save: it reads as no rows sent and none deleted."""

    @property
    def management_form(self):
        if self.is_bound and self.add_prefix(TOTAL_FORM_COUNT) not in self.data:
            form = ManagementForm(
                data={self.add_prefix(TOTAL_FORM_COUNT): 0, self.add_prefix(INITIAL_FORM_COUNT): 0},
                auto_id=self.auto_id,
                prefix=self.prefix,
                renderer=self.renderer,
            )
            form.full_clean()
            return form
        return super().management_form


class ClassificationInline(admin.TabularInline):
    """The knowledge base's classification of the practice (no citation: a reason of its
    own, at most 300 characters)."""

    extra = 0
    formset = ClassificationFormSet

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.fk_target)


class PracticeGcmObjectiveInline(ClassificationInline):
    model = PracticeGcmObjective
    fk_target = "objective"
    verbose_name_plural = _("GCM objectives — classified by the knowledge base")


class PracticeGcmPrincipleInline(ClassificationInline):
    model = PracticeGcmPrinciple
    fk_target = "principle"
    verbose_name_plural = _("GCM guiding principles — classified by the knowledge base")


class PracticeSdgTargetInline(ClassificationInline):
    model = PracticeSdgTarget
    fk_target = "target"
    verbose_name_plural = _("SDG targets — classified by the knowledge base")


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
class PracticeAdmin(SpreadsheetAdminMixin, TranslationAdmin, PublishableAdmin):
    form = PracticeAdminForm
    list_display = [
        "title",
        "country_names",
        "scope",
        "start_year",
        "state",
        "updated",
    ]
    list_filter = [
        "editorial_state",
        ("countries", AutocompleteFilter),
        "countries__region",
        "coherence_levels",
        CitedInFilter,
        UPDATED,
        "scope",
        "status",
        "elements",
        ("themes", AutocompleteFilter),
        ("institutions", AutocompleteFilter),
        ("tools", AutocompleteFilter),
        "gcm_objectives",
        "gcm_principles",
        "sdg_targets",
    ]
    search_fields = ["title", "slug", "summary", "description", "countries__name"]
    autocomplete_fields = ["tools", "themes"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [
        PracticeCountryInline,
        PracticeInstitutionInline,
        *PublishableAdmin.inlines,
        PracticeGcmObjectiveInline,
        PracticeGcmPrincipleInline,
        PracticeSdgTargetInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "editorial_state"]}),
        (_("Classification"), {"fields": ["coherence_levels", "elements", "themes", "tools"]}),
        (_("Scope and timing"), {"fields": ["scope", "status", "start_year", "end_year"]}),
        (_("Results"), {"fields": ["outcomes", "challenges", "partners"]}),
        (_("Record"), {"fields": ["contributed_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def country_names(self, obj):
        return ", ".join(country.name for country in obj.countries.all())

    @admin.display(description=_("state"), ordering="editorial_state")
    def state(self, obj):
        return obj.get_editorial_state_display()

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, obj):
        return date_format(localtime(obj.updated_at), "SHORT_DATE_FORMAT")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"coherence_levels", "elements"}:
            kwargs.update(CHECKBOXES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Recommendation)
class RecommendationAdmin(SpreadsheetAdminMixin, TranslationAdmin, PublishableAdmin):
    list_display = ["title", "kind", "addressees", "editorial_state", "updated_at"]
    list_filter = [
        "editorial_state",
        "kind",
        "addressed_to",
        "coherence_levels",
        ("themes", AutocompleteFilter),
        CitedInFilter,
        UPDATED,
    ]
    search_fields = ["title", "slug", "text"]
    autocomplete_fields = ["themes", "suggested_by"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("addressed_to")

    @admin.display(description=_("addressed to"))
    def addressees(self, obj):
        return ", ".join(str(addressee) for addressee in obj.addressed_to.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"coherence_levels", "addressed_to"}:
            kwargs.update(CHECKBOXES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CommonQuestionFilter(admin.SimpleListFilter):
    """The questions most findings answer; any other is found with the search box (which
    searches the questions)."""

    title = _("question (the most common)")
    parameter_name = "question"
    shown = 12

    def lookups(self, request, model_admin):
        common = (
            CountryFinding.objects.exclude(question=None)
            .values("question__slug", "question__text")
            .annotate(findings=Count("pk"))
            .order_by("-findings", "question__text")[: self.shown]
        )
        return [
            (row["question__slug"], f"{row['question__text']} ({row['findings']})")
            for row in common
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(question__slug=self.value())
        return queryset


@admin.register(CountryFinding)
class CountryFindingAdmin(SpreadsheetAdminMixin, PublishableAdmin):
    list_display = ["country", "question", "value", "year", "element", "editorial_state"]
    list_filter = [
        "editorial_state",
        ("country", AutocompleteFilter),
        CommonQuestionFilter,
        "element",
        "value",
        "year",
        CitedInFilter,
        UPDATED,
    ]
    list_select_related = ["country", "element", "question"]
    search_fields = ["statement", "question__text", "slug", "country__name", "country__iso3"]
    autocomplete_fields = ["country", "question"]
    # Made from the country, the question and the year (`CountryFinding.fill_slug`):
    # editors never type it, and two findings of one question never collide.
    readonly_fields = ["slug", *PublishableAdmin.readonly_fields]


from . import admin_status  # noqa: E402, F401 - status reports
