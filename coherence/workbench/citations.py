"""Citations in the admin: which records can cite (the models with a `citations`
relation), a record picker that searches all of them at once, and the record's label and
link wherever a citation is shown."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from coherence.models import Citation

from .used_by import admin_change_url
from .widgets import SearchSelect

# How many records of each type the record picker offers for what the editor typed.
PICKER_RESULTS = 15


def citable_models() -> list[type[models.Model]]:
    """The models whose records cite the papers (each has a `citations` relation)."""
    return [
        model
        for model in apps.get_models()
        if any(
            isinstance(field, GenericRelation) and field.related_model is Citation
            for field in model._meta.private_fields
        )
    ]


def citable_types() -> list[ContentType]:
    by_model = ContentType.objects.get_for_models(*citable_models())
    return sorted(by_model.values(), key=lambda content_type: str(content_type.name))


def for_links(model: type[models.Model]) -> models.QuerySet:
    queryset = model._default_manager.all()
    return queryset.for_links() if hasattr(queryset, "for_links") else queryset


def with_records(queryset: models.QuerySet) -> models.QuerySet:
    """Citations with the records they support, one query per record type, each with what
    its label needs."""
    return queryset.prefetch_related(
        GenericPrefetch("content_object", [for_links(model) for model in citable_models()])
    )


def record_key(record: models.Model) -> str:
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def record_label(record: models.Model) -> str:
    return f"{record._meta.verbose_name}: {record}"


class RecordField(forms.CharField):
    """A citable record, as "<record type id>:<record id>" from the record picker."""

    default_error_messages = {
        "invalid": _("Choose the record this citation supports from the list."),
        "missing": _("That record no longer exists; choose another."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        type_id, _sep, pk = value.partition(":")
        allowed = {content_type.pk: content_type for content_type in citable_types()}
        try:
            content_type = allowed[int(type_id)]
            return content_type.get_object_for_this_type(pk=int(pk))
        except (KeyError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        except ObjectDoesNotExist:
            raise forms.ValidationError(self.error_messages["missing"], code="missing") from None


class CitationAdminForm(forms.ModelForm):
    """A citation with its record chosen by the picker instead of a record type and id."""

    record = RecordField(
        label=_("Record"),
        help_text=_(
            "The practice, institution, tool, recommendation or finding that this passage "
            "supports: type part of its name."
        ),
    )

    class Meta:
        model = Citation
        fields = ["record", "source", "locator", "quote"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widget = SearchSelect(reverse_lazy("admin:coherence_citation_records"), required=True)
        record = self.instance.content_object if self.instance.pk else None
        if record is not None:
            self.initial["record"] = record_key(record)
            widget.choices = [(record_key(record), record_label(record))]
        bound = self.data.get(self.add_prefix("record")) if self.is_bound else None
        if bound and record is None:
            try:
                chosen = self.fields["record"].to_python(bound)
            except forms.ValidationError:
                chosen = None
            if chosen is not None:
                widget.choices = [(bound, record_label(chosen))]
        self.fields["record"].widget = widget

    def _post_clean(self):
        record = self.cleaned_data.get("record")
        if record is not None:
            self.instance.content_type = ContentType.objects.get_for_model(record)
            self.instance.object_id = record.pk
        super()._post_clean()


def record_search(request, site: admin.AdminSite):
    """The record picker's answers: the citable records matching `term`, grouped by type,
    searched as each type's admin list searches (its `search_fields`); one query per type
    the editor may see."""
    term = request.GET.get("term", "")[:200]
    groups = []
    for model in citable_models():
        model_admin = site._registry.get(model)
        if model_admin is None or not model_admin.has_view_permission(request):
            continue
        queryset, duplicates = model_admin.get_search_results(request, for_links(model), term)
        if duplicates:
            queryset = queryset.distinct()
        children = [
            {"id": record_key(record), "text": record_label(record)}
            for record in queryset[:PICKER_RESULTS]
        ]
        if children:
            groups.append({"text": str(model._meta.verbose_name_plural), "children": children})
    return JsonResponse({"results": groups, "pagination": {"more": False}})


class RecordTypeFilter(admin.SimpleListFilter):
    """Citations by the type of record they support, among the types that cite."""

    title = _("record type")
    parameter_name = "record_type"

    def lookups(self, request, model_admin):
        return [(str(content_type.pk), content_type.name) for content_type in citable_types()]

    def queryset(self, request, queryset):
        if self.value() in {str(content_type.pk) for content_type in citable_types()}:
            return queryset.filter(content_type_id=self.value())
        return queryset


def record_link(citation: Citation) -> tuple[str, str | None]:
    record = citation.content_object
    if record is None:
        return "", None
    return record_label(record), admin_change_url(record)
