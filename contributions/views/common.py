"""What the contribution pages share: they are private (never cached, `noindex`), the
services' errors are turned into messages by field, and a submission's content is shown
in words (names, not slugs)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from rest_framework.exceptions import ValidationError as ApiValidationError

from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    GcmObjective,
    Institution,
    PolicyTool,
    Theme,
)
from coherence.models.actors import InstitutionKind, PolicyToolKind
from practices.models import PracticeCountry, PracticeInstitution
from practices.models.records import Scope, Status

from ..content import FIELD_LABELS, TEXT_FIELDS

# The step of the guided form where each field is entered (for the links of the problems).
FIELD_STEP = {
    "title": 1,
    "summary": 1,
    "description": 1,
    "countries": 2,
    "institutions": 2,
    "proposed_institutions": 2,
    "tools": 2,
    "proposed_tools": 2,
    "coherence_levels": 3,
    "elements": 3,
    "themes": 3,
    "gcm_objectives": 3,
    "scope": 3,
    "status": 4,
    "status_year": 4,
    "start_year": 4,
    "end_year": 4,
    "outcomes": 4,
    "lessons": 4,
    "partners": 4,
    "contact_name": 4,
    "contact_email": 4,
    "quotes": 5,
}
# The fields in the order the pages show them.
FIELDS = list(FIELD_STEP)


@method_decorator(never_cache, name="dispatch")
class PrivatePage(LoginRequiredMixin):
    """A page of one signed-in user: `Cache-Control: private, no-store` (never in the
    shared response cache nor a proxy's), kept out of search engines."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["robots_noindex"] = True
        return context


def refuse(request, message: str, status: int = 403):
    """A plain page saying why the request is refused (403, 409)."""
    response = render(
        request,
        "contributions/refused.html",
        {"message": message, "status": status, "robots_noindex": True},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def field_label(name: str) -> str:
    if name == "quotes":
        return _("Quotes")
    if name in ("", "__all__", "non_field_errors"):
        return _("The submission")
    return str(FIELD_LABELS.get(name, name))


def errors_by_field(error) -> dict[str, list]:
    """A services' error (Django's ValidationError, or the content validator's) as
    {field: [message, or {subfield: [message]} for a row of a list]}."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return {field: list(messages) for field, messages in error.message_dict.items()}
        return {"__all__": list(error.messages)}
    if isinstance(error, ApiValidationError):
        detail = error.detail
        if not isinstance(detail, dict):
            return {"__all__": [str(m) for m in _as_list(detail)]}
        return {
            ("__all__" if field == "non_field_errors" else field): _plain(value)
            for field, value in detail.items()
        }
    return {"__all__": [str(error)]}


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _plain(value):
    """DRF's error detail as plain strings and dicts (rows keep their position; a row
    without errors is an empty dict)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) if isinstance(item, dict | list) else str(item) for item in value]
    return [str(value)]


def flat_messages(errors: dict) -> list[tuple[str, str]]:
    """(field, message) for every message, a row's prefixed with its number."""
    out = []
    for field, messages in errors.items():
        for index, message in enumerate(_as_list(messages)):
            if isinstance(message, dict):
                for sub, subs in message.items():
                    for text in _as_list(subs):
                        out.append(
                            (
                                field,
                                _("Row %(n)d, %(field)s: %(message)s")
                                % {"n": index + 1, "field": sub, "message": text},
                            )
                        )
            elif isinstance(message, list):
                out.extend((field, str(m)) for m in message)
            else:
                out.append((field, str(message)))
    return out


# The content in words ------------------------------------------------------------------


@dataclass
class ShownField:
    name: str
    label: str
    value: str  # plain text, "" when empty
    step: int
    is_text: bool


class Names:
    """The names of the records a content names, read once per page."""

    def __init__(self):
        self.countries = dict(Country.objects.values_list("iso3", "name"))
        self.institutions = {i.slug: str(i) for i in Institution.objects.all()}
        self.tools = {t.slug: str(t) for t in PolicyTool.objects.all()}
        self.levels = dict(CoherenceLevel.objects.values_list("slug", "name"))
        self.elements = dict(CoherenceElement.objects.values_list("slug", "name"))
        self.themes = dict(Theme.objects.values_list("slug", "name"))
        self.objectives = {
            o.number: f"{o.number}. {o.short_title or o.title}" for o in GcmObjective.objects.all()
        }

    def value(self, name: str, value) -> str:
        if value in (None, "", []):
            return ""
        country_roles = dict(PracticeCountry.Role.choices)
        institution_roles = dict(PracticeInstitution.Role.choices)
        if name == "countries":
            return "; ".join(
                f"{self.countries.get(c.get('iso3'), c.get('iso3'))} "
                f"({country_roles.get(c.get('role'), c.get('role'))})"
                for c in value
            )
        if name == "institutions":
            return "; ".join(
                f"{self.institutions.get(i.get('slug'), i.get('slug'))} "
                f"({institution_roles.get(i.get('role'), i.get('role'))})"
                for i in value
            )
        if name == "proposed_institutions":
            kinds = dict(InstitutionKind.choices)
            return "; ".join(
                ", ".join(
                    str(part)
                    for part in (
                        p.get("name", ""),
                        p.get("acronym", ""),
                        kinds.get(p.get("kind"), ""),
                        self.countries.get(p.get("country"), ""),
                        institution_roles.get(p.get("role"), ""),
                        p.get("website", ""),
                    )
                    if part
                )
                for p in value
            )
        if name == "proposed_tools":
            kinds = dict(PolicyToolKind.choices)
            return "; ".join(
                ", ".join(
                    str(part)
                    for part in (
                        p.get("name", ""),
                        p.get("acronym", ""),
                        kinds.get(p.get("kind"), ""),
                        p.get("url", ""),
                    )
                    if part
                )
                for p in value
            )
        lookups = {
            "tools": self.tools,
            "coherence_levels": self.levels,
            "elements": self.elements,
            "themes": self.themes,
            "gcm_objectives": self.objectives,
        }
        if name in lookups:
            return "; ".join(str(lookups[name].get(v, v)) for v in value)
        if name == "scope":
            return str(dict(Scope.choices).get(value, value))
        if name == "status":
            return str(dict(Status.choices).get(value, value))
        return str(value)


def shown_fields(content: dict, names: Names | None = None) -> list[ShownField]:
    """Every field of the content (but the quotes) in words, in the pages' order."""
    names = names or Names()
    return [
        ShownField(
            name=name,
            label=field_label(name),
            value=names.value(name, content.get(name)),
            step=FIELD_STEP[name],
            is_text=name in TEXT_FIELDS,
        )
        for name in FIELDS
        if name != "quotes"
    ]
