"""The forms of the contribution pages: one per step of the guided form, the rows of its
lists (several countries, institutions, quotes: plain formsets, no script), the upload,
and the reviewers' comments and decisions.

They check only what a form can (a choice among the offered ones, a number); everything
else is `contributions.content`'s and `contributions.services`' to say, and the pages
show what those say beside the field it is about.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    GcmObjective,
    Institution,
    PolicyTool,
    SourceDocument,
    Theme,
)
from coherence.models.actors import InstitutionKind, PolicyToolKind
from coherence.models.base import MAX_YEAR, MIN_YEAR
from practices.models import PracticeCountry, PracticeInstitution
from practices.models.records import Scope, Status

from .content import FIELD_LABELS, claim_choices
from .models import Document

BLANK = [("", "—")]


def _year(label):
    return forms.IntegerField(label=label, required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)


def _text(label, max_length, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def country_choices():
    return BLANK + [(c.iso3, c.name) for c in Country.objects.order_by("name")]


# Step 1: the practice --------------------------------------------------------------------


class PracticeForm(forms.Form):
    title = forms.CharField(
        label=FIELD_LABELS["title"],
        required=False,
        max_length=255,
        help_text=_("The practice's name, as its source gives it."),
    )
    summary = _text(
        FIELD_LABELS["summary"], 2000, help_text=_("What the practice is, in two or three lines.")
    )
    description = _text(
        FIELD_LABELS["description"],
        20000,
        rows=8,
        help_text=_("How it works: who does what, for whom, with what means."),
    )


# Step 2: where and who (rows) ------------------------------------------------------------


class RowForm(forms.Form):
    """One row of a list; a row whose `key` field is left blank is no row at all."""

    key = ""

    def is_blank(self) -> bool:
        return not (self.cleaned_data or {}).get(self.key)


class CountryRow(RowForm):
    key = "iso3"
    iso3 = forms.ChoiceField(label=_("Country"), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=PracticeCountry.Role.choices,
        initial=PracticeCountry.Role.IMPLEMENTING,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iso3"].choices = country_choices()


class InstitutionRow(RowForm):
    key = "slug"
    slug = forms.ChoiceField(label=_("Institution"), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=PracticeInstitution.Role.choices,
        initial=PracticeInstitution.Role.LEAD,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].choices = BLANK + [
            (i.slug, str(i)) for i in Institution.objects.published().order_by("name")
        ]


class ProposedInstitutionRow(RowForm):
    key = "name"
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    acronym = forms.CharField(label=_("Acronym"), required=False, max_length=30)
    kind = forms.ChoiceField(label=_("Kind"), choices=InstitutionKind.choices)
    country = forms.ChoiceField(label=_("Country"), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=PracticeInstitution.Role.choices,
        initial=PracticeInstitution.Role.LEAD,
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()

    def clean(self):
        data = super().clean()
        if not data.get("name") and (data.get("acronym") or data.get("website")):
            self.add_error("name", _("Give the institution's name, or clear the row."))
        return data


class ProposedToolRow(RowForm):
    key = "name"
    name = forms.CharField(label=_("Name"), required=False, max_length=255)
    acronym = forms.CharField(label=_("Acronym"), required=False, max_length=30)
    kind = forms.ChoiceField(label=_("Kind"), choices=PolicyToolKind.choices)
    url = forms.URLField(label=_("Web address"), required=False, max_length=500)

    def clean(self):
        data = super().clean()
        if not data.get("name") and (data.get("acronym") or data.get("url")):
            self.add_error("name", _("Give the tool's name, or clear the row."))
        return data


class ToolsForm(forms.Form):
    tools = forms.MultipleChoiceField(
        label=FIELD_LABELS["tools"], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tools"].choices = [
            (t.slug, str(t)) for t in PolicyTool.objects.published().order_by("name")
        ]


# Step 3: classification ------------------------------------------------------------------


class ClassificationForm(forms.Form):
    coherence_levels = forms.MultipleChoiceField(
        label=FIELD_LABELS["coherence_levels"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Between whom the practice makes policies coherent."),
    )
    elements = forms.MultipleChoiceField(
        label=FIELD_LABELS["elements"], required=False, widget=forms.CheckboxSelectMultiple
    )
    themes = forms.MultipleChoiceField(
        label=FIELD_LABELS["themes"], required=False, widget=forms.CheckboxSelectMultiple
    )
    gcm_objectives = forms.TypedMultipleChoiceField(
        label=FIELD_LABELS["gcm_objectives"],
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The objectives of the Global Compact for Migration it serves, if any."),
    )
    scope = forms.ChoiceField(
        label=FIELD_LABELS["scope"],
        required=False,
        choices=Scope.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coherence_levels"].choices = [
            (r.slug, r.name) for r in CoherenceLevel.objects.all()
        ]
        self.fields["elements"].choices = [(r.slug, r.name) for r in CoherenceElement.objects.all()]
        self.fields["themes"].choices = [(r.slug, r.name) for r in Theme.objects.order_by("name")]
        self.fields["gcm_objectives"].choices = [
            (o.number, f"{o.number}. {o.short_title or o.title}")
            for o in GcmObjective.objects.order_by("number")
        ]


# Step 4: status and results --------------------------------------------------------------


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=FIELD_LABELS["status"], required=False, choices=BLANK + list(Status.choices)
    )
    status_year = _year(_("Status as of (year)"))
    start_year = _year(FIELD_LABELS["start_year"])
    end_year = _year(FIELD_LABELS["end_year"])
    outcomes = _text(
        FIELD_LABELS["outcomes"],
        20000,
        rows=6,
        help_text=_("What the practice achieved, and the evidence for it."),
    )
    lessons = _text(FIELD_LABELS["lessons"], 20000, rows=6)
    partners = _text(
        FIELD_LABELS["partners"],
        2000,
        rows=3,
        help_text=_("Organisations the practice works with."),
    )
    contact_name = forms.CharField(
        label=FIELD_LABELS["contact_name"], required=False, max_length=200
    )
    contact_email = forms.EmailField(
        label=FIELD_LABELS["contact_email"], required=False, max_length=254
    )


# Step 5: sources and quotes --------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, Word (DOCX) or plain text file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt,.md"}),
    )
    title = forms.CharField(
        label=_("Title of the document"),
        required=False,
        max_length=300,
        help_text=_("If left blank, the file's name."),
    )


def document_choices(user):
    """The documents a quote may cite: the user's uploaded documents that are ready, and
    the papers of the knowledge base; values `d<id>` and `s:<slug>`."""
    uploaded = [
        # The file's name beside the title: two uploads may share a title.
        (f"d{d.pk}", f"{d} ({d.filename})" if d.filename != str(d) else str(d))
        for d in Document.objects.filter(owner=user, state=Document.State.READY)
    ]
    papers = [(f"s:{s.slug}", str(s)) for s in SourceDocument.objects.order_by("-year", "title")]
    choices = list(BLANK)
    if uploaded:
        choices.append((_("Your documents"), uploaded))
    if papers:
        choices.append((_("Papers in the knowledge base"), papers))
    return choices


def document_reference(value: str):
    """A quote row's document as `services.QuoteData` takes it."""
    if value.startswith("d") and value[1:].isdigit():
        return int(value[1:])
    if value.startswith("s:"):
        return value[2:]
    return None


class QuoteRow(RowForm):
    key = "quote"
    document = forms.ChoiceField(label=_("Document"), required=False)
    claim = forms.ChoiceField(label=_("Supports"), initial="summary")
    quote = forms.CharField(
        label=_("Quote, word for word"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = document_choices(user)
        self.fields["claim"].choices = claim_choices()

    def clean(self):
        data = super().clean()
        if data.get("quote") and not data.get("document"):
            self.add_error("document", _("Choose the document the quote is from."))
        return data


# Reviewing -------------------------------------------------------------------------------


class CommentForm(forms.Form):
    field = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60)
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestChangesForm(forms.Form):
    """Its field's id differs from the approval's comment (both forms share the page)."""

    comment = forms.CharField(
        label=_("What should change"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_changes_%s")
        super().__init__(*args, **kwargs)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


KIND_LABELS = {
    "proposed_institutions": _("Proposed institution"),
    "proposed_tools": _("Proposed tool"),
}


class ApproveForm(forms.Form):
    """Approve, with a choice for each proposed institution and tool: create it, or merge
    it into an existing record (`merge-<list>-<index>`)."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, proposals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = []
        proposals = proposals or {}
        records = {
            "proposed_institutions": Institution.objects.published().order_by("name"),
            "proposed_tools": PolicyTool.objects.published().order_by("name"),
        }
        for kind, items in proposals.items():
            choices = [("", _("Create a new record"))] + [
                (record.slug, _("Merge into: %s") % record) for record in records[kind]
            ]
            what = KIND_LABELS[kind]
            for index, item in enumerate(items):
                name = f"merge-{kind}-{index}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{what}: {item.get('name') or _('(no name)')}",
                    choices=choices,
                    required=False,
                )
                self.proposals.append((kind, index, name))

    def merges(self) -> dict:
        merges = {}
        for kind, index, name in self.proposals:
            if self.cleaned_data.get(name):
                merges.setdefault(kind, {})[str(index)] = self.cleaned_data[name]
        return merges

    def proposal_fields(self):
        return [self[name] for _kind, _index, name in self.proposals]
