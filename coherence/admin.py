"""The admin of the reference framework: where editors curate countries, institutions,
tools, sources and citations."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericStackedInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin_history import HistoryAdminMixin
from .admin_io import SpreadsheetAdminMixin
from .models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    EditorialState,
    GcmObjective,
    GcmPrinciple,
    Institution,
    PolicyTool,
    Region,
    SdgTarget,
    SlugRedirect,
    SourceDocument,
    SourcePassage,
    Theme,
)
from .models.base import unique_slug
from .redirects import ROUTES
from .services import many_set, must_cite, publication_problem, record_save
from .workbench import citations
from .workbench.filters import AutocompleteFilter, CitedInFilter
from .workbench.mixins import PublishingMixin, UsedByMixin

CHECKBOXES = {"widget": forms.CheckboxSelectMultiple}
QUOTE = {"widget": forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"})}
UPDATED = ("updated_at", admin.DateFieldListFilter)


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


@admin.register(CoherenceLevel)
class CoherenceLevelAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "slug", "order", "updated_at"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]


@admin.register(CoherenceElement)
class CoherenceElementAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "slug", "order", "updated_at"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CitationInline]


@admin.register(Theme)
class ThemeAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Region)
class RegionAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "kind", "m49", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "m49"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Country)
class CountryAdmin(UsedByMixin, TranslationAdmin, RecordAdmin):
    list_display = ["name", "iso3", "iso2", "m49", "region", "subregion"]
    list_filter = ["region", "subregion"]
    list_select_related = ["region", "subregion"]
    search_fields = ["name", "formal_name", "iso3", "iso2"]
    autocomplete_fields = ["region", "subregion", "intermediate_region"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Institution)
class InstitutionAdmin(SpreadsheetAdminMixin, UsedByMixin, TranslationAdmin, PublishableAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent", "editorial_state", "updated_at"]
    list_filter = [
        "editorial_state",
        "kind",
        ("country", AutocompleteFilter),
        "country__region",
        CitedInFilter,
        UPDATED,
    ]
    list_select_related = ["country", "parent"]
    search_fields = ["name", "acronym", "slug", "description", "country__name", "country__iso3"]
    autocomplete_fields = ["country", "parent", "regions"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PolicyTool)
class PolicyToolAdmin(SpreadsheetAdminMixin, UsedByMixin, TranslationAdmin, PublishableAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "category",
        "year",
        "country_names",
        "editorial_state",
        "updated_at",
    ]
    list_filter = [
        "editorial_state",
        "kind",
        "category",
        "coherence_levels",
        ("countries", AutocompleteFilter),
        ("publishers", AutocompleteFilter),
        CitedInFilter,
        UPDATED,
    ]
    search_fields = ["name", "acronym", "slug", "description"]
    autocomplete_fields = ["publishers", "countries"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def country_names(self, obj):
        return ", ".join(country.name for country in obj.countries.all())

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "coherence_levels":
            kwargs.update(CHECKBOXES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(SourceDocument)
class SourceDocumentAdmin(UsedByMixin, RecordAdmin):
    list_display = ["title", "year", "event", "kind", "passage_count"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "short_title", "slug", "event", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(passage_total=models.Count("passages"))

    @admin.display(description=_("passages"), ordering="passage_total")
    def passage_count(self, obj):
        return obj.passage_total


@admin.register(SourcePassage)
class SourcePassageAdmin(admin.ModelAdmin):
    """Passages are derived from a source's text; they are shown, not edited."""

    list_display = ["source", "position", "locator", "excerpt"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["text", "locator"]
    readonly_fields = ["source", "position", "anchor", "locator", "text"]

    @admin.display(description=_("text"))
    def excerpt(self, obj):
        return obj.text[:120]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    """A citation on its own: the record it supports chosen with a picker that searches
    every record type that cites (never a raw record type and id), the source searched,
    the passage it found linked to the reader."""

    form = citations.CitationAdminForm
    list_display = ["__str__", "record_link", "passage_found"]
    list_filter = [citations.RecordTypeFilter, "source"]
    list_select_related = ["source", "passage__source"]
    search_fields = ["quote", "locator"]
    autocomplete_fields = ["source"]
    readonly_fields = ["passage_found", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["record", ("source", "locator"), "quote", "passage_found"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    formfield_overrides = {models.TextField: QUOTE}

    def get_queryset(self, request):
        return citations.with_records(super().get_queryset(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return source_without_buttons(super().formfield_for_dbfield(db_field, request, **kwargs))

    def get_urls(self):
        search = self.admin_site.admin_view(self.record_search_view)
        return [
            path("records/", search, name="coherence_citation_records"),
            *super().get_urls(),
        ]

    def record_search_view(self, request):
        return citations.record_search(request, self.admin_site)

    @admin.display(description=_("record"))
    def record_link(self, obj):
        label, url = citations.record_link(obj)
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    @admin.display(description=_("passage found"))
    def passage_found(self, obj):
        return passage_link(obj)

    @property
    def media(self):
        return super().media + forms.Media(css={"screen": ["admin/css/workbench.css"]})


class SlugRedirectForm(forms.ModelForm):
    """The target named by its slug, as editors know it, rather than by its id."""

    target_slug = forms.SlugField(label=_("target slug"), max_length=150)

    class Meta:
        model = SlugRedirect
        fields = ["content_type", "old_slug", "target_type", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = ContentType.objects.get_for_models(*ROUTES).values()
        for name in ("content_type", "target_type"):
            self.fields[name].queryset = ContentType.objects.filter(
                pk__in=[kind.pk for kind in types]
            )
        target = self.instance.target if self.instance.pk else None
        if target is not None:
            self.initial["target_slug"] = target.slug

    def clean(self):
        cleaned = super().clean()
        target_type, slug = cleaned.get("target_type"), cleaned.get("target_slug")
        if target_type and slug:
            target = target_type.model_class()._default_manager.filter(slug=slug).first()
            if target is None:
                self.add_error("target_slug", _("No record of that type has this slug."))
            else:
                self.instance.target_id = target.pk
        return cleaned


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """Old addresses of merged or renamed records, and the record each now leads to."""

    form = SlugRedirectForm
    list_display = ["old_slug", "content_type", "target_type", "target_label", "note"]
    list_filter = ["content_type", "target_type"]
    search_fields = ["old_slug", "note"]
    fields = ["content_type", "old_slug", "target_type", "target_slug", "note"]

    @admin.display(description=_("target"))
    def target_label(self, obj):
        return str(obj.target) if obj.target is not None else "—"


# The frameworks practices are classified by (the classification itself is edited on the
# practice's page). Reference data with official numbers and wording.


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


from . import admin_events  # noqa: E402, F401 - events, people, roles, memberships
