"""The admin of slug redirects: the old addresses of merged or renamed records, and the
record each now leads to, named by its slug."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from ..models import SlugRedirect
from ..redirects import ROUTES


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
