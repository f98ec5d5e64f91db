"""The admin of challenges, glossary definitions and questionnaire questions and results
(issue 21), registered by `practices.admin`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from coherence.admin.records import CHECKBOXES, UPDATED, PublishableAdmin
from coherence.workbench.filters import AutocompleteFilter, CitedInFilter

from .models import Challenge, Definition, Question, QuestionResult


@admin.register(Challenge)
class ChallengeAdmin(TranslationAdmin, PublishableAdmin):
    list_display = ["title", "editorial_state", "updated_at"]
    list_filter = [
        "editorial_state",
        "coherence_levels",
        "elements",
        ("countries", AutocompleteFilter),
        ("themes", AutocompleteFilter),
        CitedInFilter,
        UPDATED,
    ]
    search_fields = ["title", "slug", "summary"]
    autocomplete_fields = ["countries", "themes"]
    prepopulated_fields = {"slug": ["title"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in {"coherence_levels", "elements"}:
            kwargs.update(CHECKBOXES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Definition)
class DefinitionAdmin(TranslationAdmin, PublishableAdmin):
    list_display = ["term", "coherence_level", "order", "editorial_state", "updated_at"]
    list_filter = ["editorial_state", "coherence_level", CitedInFilter, UPDATED]
    search_fields = ["term", "slug", "definition"]
    prepopulated_fields = {"slug": ["term"]}


class QuestionResultInline(admin.TabularInline):
    model = QuestionResult
    fields = ["slug", "label", "share", "count", "respondents", "year", "editorial_state"]
    extra = 0
    show_change_link = True


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["text", "slug", "element", "source", "order", "finding_count"]
    list_filter = ["element", "source"]
    search_fields = ["text", "slug"]
    prepopulated_fields = {"slug": ["text"]}
    inlines = [QuestionResultInline]

    @admin.display(description=_("findings"))
    def finding_count(self, obj):
        return obj.findings.count()


@admin.register(QuestionResult)
class QuestionResultAdmin(TranslationAdmin, PublishableAdmin):
    list_display = ["label", "question", "share", "count", "respondents", "year", "editorial_state"]
    list_filter = ["editorial_state", "year", ("question", AutocompleteFilter), CitedInFilter]
    list_select_related = ["question"]
    search_fields = ["label", "slug", "note", "question__text"]
    autocomplete_fields = ["question"]
    prepopulated_fields = {"slug": ["label"]}
