"""The steps of the guided form: what each shows, reads from a POST and saves.

Each step owns a few content fields. Its forms are built from the stored draft (GET) or
from the POST; lists are formsets showing the stored rows plus empty ones (two, more
after "Add another row"), and a row left blank is dropped. What the services refuse is
put back beside the field, or the row, it is about.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import forms as f
from ..models import Quote
from ..services import QuoteData, check_quotes

EMPTY_ROWS = 2


def _rows(form_class, prefix, rows, data=None, extra=EMPTY_ROWS, **kwargs):
    formset_class = forms.formset_factory(form_class, extra=0 if data is not None else extra)
    if data is not None:
        return formset_class(data, prefix=prefix, form_kwargs=kwargs)
    return formset_class(initial=rows, prefix=prefix, form_kwargs=kwargs)


def kept_rows(formset) -> list[tuple[int, dict]]:
    """(position in the formset, cleaned data) of the rows that are not blank."""
    return [
        (index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if form.cleaned_data and not form.is_blank()
    ]


def blank_rows(formset) -> int:
    return sum(1 for form in formset.forms if not form.is_valid() or form.is_blank())


class Step:
    number = 0
    title = ""
    formsets: dict = {}  # prefix -> (row form, content field)

    def __init__(self, submission, user):
        self.submission, self.user = submission, user
        self.content = submission.content

    # Forms -----------------------------------------------------------------------------
    def build(self, data=None, files=None, extra=None) -> dict:
        return {}

    def valid(self, built) -> bool:
        return all(form.is_valid() for form in built.values())

    def to_content(self, built) -> dict:
        return {}

    def quotes(self, built):
        return None

    def attach(self, built, errors: dict) -> list:
        """Put the services' errors beside their fields; those no field of this step
        shows are returned."""
        left = []
        for field, messages in errors.items():
            target = _owner(built, field)
            if target is None:
                left.append((field, messages))
            elif isinstance(target, forms.BaseFormSet):
                _attach_rows(target, messages, getattr(target, "kept", None))
            else:
                target.add_error(field if field in target.fields else None, _strings(messages))
        return left


def _owner(built, field):
    for name, form in built.items():
        if isinstance(form, forms.BaseFormSet):
            if name == field:
                return form
        elif field in form.fields:
            return form
    return None


def _strings(messages):
    out = []
    for message in messages if isinstance(messages, list) else [messages]:
        if isinstance(message, dict):
            out.extend(str(m) for ms in message.values() for m in ms)
        elif isinstance(message, list):
            out.extend(str(m) for m in message)
        else:
            out.append(str(message))
    return out


def _attach_rows(formset, messages, kept):
    """Row errors (a list of dicts, in the order of the kept rows) to their forms; a
    list of strings to the formset."""
    general = []
    kept = kept or list(range(len(formset.forms)))
    for position, message in enumerate(messages):
        if isinstance(message, dict):
            if not message or position >= len(kept):
                continue
            form = formset.forms[kept[position]]
            for field, texts in message.items():
                form.add_error(field if field in form.fields else None, _strings(texts))
        else:
            general.extend(_strings(message))
    if general:
        formset.general_errors = general


class PracticeStep(Step):
    number = 1
    title = _("The practice")

    def build(self, data=None, files=None, extra=None):
        initial = {k: self.content.get(k, "") for k in ("title", "summary", "description")}
        return {"practice": f.PracticeForm(data, initial=initial)}

    def to_content(self, built):
        return dict(built["practice"].cleaned_data)


class WhereStep(Step):
    number = 2
    title = _("Where and who")
    formsets = {
        "countries": f.CountryRow,
        "institutions": f.InstitutionRow,
        "proposed_institutions": f.ProposedInstitutionRow,
        "proposed_tools": f.ProposedToolRow,
    }

    def build(self, data=None, files=None, extra=None):
        extra = extra or {}
        built = {
            name: _rows(
                row,
                name,
                [_initial(name, item) for item in self.content.get(name, [])],
                data,
                extra.get(name, EMPTY_ROWS),
            )
            for name, row in self.formsets.items()
        }
        built["tools_form"] = f.ToolsForm(data, initial={"tools": self.content.get("tools", [])})
        return built

    def to_content(self, built):
        content = {}
        for name in self.formsets:
            formset = built[name]
            rows = kept_rows(formset)
            formset.kept = [index for index, _row in rows]
            content[name] = [_stored(name, row) for _index, row in rows]
        content["tools"] = built["tools_form"].cleaned_data["tools"]
        return content


def _initial(name, item):
    if name == "proposed_institutions":
        return {**item, "country": item.get("country") or ""}
    return item


def _stored(name, row):
    row = dict(row)
    if name == "proposed_institutions":
        row["country"] = row.get("country") or None
    return row


class ClassificationStep(Step):
    number = 3
    title = _("Classification")
    names = ("coherence_levels", "elements", "themes", "gcm_objectives", "scope")

    def build(self, data=None, files=None, extra=None):
        initial = {k: self.content.get(k) for k in self.names if self.content.get(k) is not None}
        return {"classification": f.ClassificationForm(data, initial=initial)}

    def to_content(self, built):
        return dict(built["classification"].cleaned_data)


class StatusStep(Step):
    number = 4
    title = _("Status and results")
    names = tuple(f.StatusForm.base_fields)

    def build(self, data=None, files=None, extra=None):
        initial = {k: self.content.get(k) for k in self.names if self.content.get(k) is not None}
        return {"status_form": f.StatusForm(data, initial=initial)}

    def to_content(self, built):
        return dict(built["status_form"].cleaned_data)


class SourcesStep(Step):
    number = 5
    title = _("Sources and quotes")

    def build(self, data=None, files=None, extra=None):
        extra = extra or {}
        rows = [_quote_initial(q) for q in self.submission.quotes.all()]
        return {
            "quotes": _rows(
                f.QuoteRow, "quotes", rows, data, extra.get("quotes", EMPTY_ROWS), user=self.user
            )
        }

    def quotes(self, built):
        """The quotes, each checked on its own first so that a refused one is named in
        its row (with the nearest passage); None when one is refused."""
        formset = built["quotes"]
        rows = kept_rows(formset)
        formset.kept = [index for index, _row in rows]
        quotes, refused = [], False
        for index, row in rows:
            data = QuoteData(
                document=f.document_reference(row["document"]),
                quote=row["quote"],
                claim=row["claim"],
            )
            try:
                check_quotes([data], user=self.user)
            except Exception as error:  # ValidationError naming the quote
                messages = getattr(error, "message_dict", {}).get("quotes", [str(error)])
                formset.forms[index].add_error("quote", messages)
                refused = True
            quotes.append(data)
        return None if refused else quotes


def _quote_initial(quote: Quote) -> dict:
    document = f"d{quote.document_id}" if quote.document_id else f"s:{quote.source.slug}"
    return {"document": document, "claim": quote.claim, "quote": quote.quote}


class ReviewStep(Step):
    number = 6
    title = _("Review and send")


STEPS = {
    step.number: step
    for step in (PracticeStep, WhereStep, ClassificationStep, StatusStep, SourcesStep, ReviewStep)
}
