"""What a submission proposes, in the shapes of the practices write API: the one
validator the contribution pages, the API and publication share.

A draft may be incomplete (`ContentSerializer(partial=True)`); a submission sent for
review must be complete (`complete_problems`). Stored as JSON primitives (`to_content`)
so that versions can be compared and a record a submission names can be renamed or
deleted without losing what the contributor wrote.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

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
from coherence.models.base import MAX_YEAR, MIN_YEAR, EditorialState
from coherence.serializers import StrictFieldsMixin
from practices.models import PracticeCountry, PracticeInstitution
from practices.models.records import Scope, Status

# The fields of a practice a contribution proposes, and those a quote may support.
TEXT_FIELDS = ("title", "summary", "description", "outcomes", "lessons", "partners")
CLAIMS = (
    "title",
    "summary",
    "description",
    "countries",
    "institutions",
    "tools",
    "status",
    "period",
    "outcomes",
    "lessons",
    "partners",
)
# Required before a submission can be sent for review.
REQUIRED = ("title", "summary", "countries", "coherence_levels", "themes", "scope")

FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "description": gettext_lazy("Description"),
    "countries": gettext_lazy("Countries"),
    "institutions": gettext_lazy("Institutions"),
    "proposed_institutions": gettext_lazy("Proposed institutions"),
    "tools": gettext_lazy("Tools and frameworks"),
    "proposed_tools": gettext_lazy("Proposed tools and frameworks"),
    "coherence_levels": gettext_lazy("Coherence levels"),
    "elements": gettext_lazy("Essential elements"),
    "themes": gettext_lazy("Themes"),
    "gcm_objectives": gettext_lazy("GCM objectives"),
    "scope": gettext_lazy("Scope"),
    "status": gettext_lazy("Status"),
    "status_year": gettext_lazy("Status as of"),
    "start_year": gettext_lazy("Start year"),
    "end_year": gettext_lazy("End year"),
    "period": gettext_lazy("Period"),
    "outcomes": gettext_lazy("Results and evidence"),
    "lessons": gettext_lazy("Lessons learned"),
    "partners": gettext_lazy("Partners"),
    "contact_name": gettext_lazy("Contact name"),
    "contact_email": gettext_lazy("Contact e-mail"),
}


def claim_choices():
    """(value, label) of what a quote may support: the fields, and each proposed record."""
    return [(claim, FIELD_LABELS[claim]) for claim in CLAIMS]


class CountryLink(StrictFieldsMixin, serializers.Serializer):
    iso3 = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())
    role = serializers.ChoiceField(
        choices=PracticeCountry.Role.choices, default=PracticeCountry.Role.IMPLEMENTING
    )


class InstitutionLink(StrictFieldsMixin, serializers.Serializer):
    slug = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Institution.objects.filter(editorial_state=EditorialState.PUBLISHED),
    )
    role = serializers.ChoiceField(
        choices=PracticeInstitution.Role.choices, default=PracticeInstitution.Role.LEAD
    )


class ProposedInstitution(StrictFieldsMixin, serializers.Serializer):
    """An institution the knowledge base does not have yet; the reviewer creates it or
    merges it into an existing one."""

    name = serializers.CharField(max_length=255)
    acronym = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=InstitutionKind.choices)
    country = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Country.objects.all(), required=False, allow_null=True
    )
    role = serializers.ChoiceField(
        choices=PracticeInstitution.Role.choices, default=PracticeInstitution.Role.LEAD
    )
    website = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")


class ProposedTool(StrictFieldsMixin, serializers.Serializer):
    name = serializers.CharField(max_length=255)
    acronym = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=PolicyToolKind.choices)
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")


def _slugs(queryset, **kwargs):
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=queryset, required=False, **kwargs
    )


def _year(**kwargs):
    return serializers.IntegerField(
        min_value=MIN_YEAR, max_value=MAX_YEAR, required=False, allow_null=True, **kwargs
    )


class ContentSerializer(StrictFieldsMixin, serializers.Serializer):
    """A submission's content. Every field may be left out of a draft."""

    title = serializers.CharField(max_length=255, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    countries = CountryLink(many=True, required=False)
    institutions = InstitutionLink(many=True, required=False)
    proposed_institutions = ProposedInstitution(many=True, required=False)
    tools = _slugs(PolicyTool.objects.filter(editorial_state=EditorialState.PUBLISHED))
    proposed_tools = ProposedTool(many=True, required=False)
    coherence_levels = _slugs(CoherenceLevel.objects.all())
    elements = _slugs(CoherenceElement.objects.all())
    themes = _slugs(Theme.objects.all())
    gcm_objectives = serializers.SlugRelatedField(
        slug_field="number", many=True, queryset=GcmObjective.objects.all(), required=False
    )
    scope = serializers.ChoiceField(choices=Scope.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Status.choices, required=False, allow_blank=True)
    status_year = _year()
    start_year = _year()
    end_year = _year()
    outcomes = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    lessons = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    partners = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)

    def validate_countries(self, links):
        return _unique(links, "iso3", _("country"))

    def validate_institutions(self, links):
        return _unique(links, "slug", _("institution"))

    def validate(self, data):
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_year": [_("The end year comes before the start year.")]}
            )
        return data


def _unique(links, key, what):
    seen, twice = set(), []
    for link in links:
        value = getattr(link[key], key)
        if value in seen:
            twice.append(value)
        seen.add(value)
    if twice:
        raise serializers.ValidationError(
            _("Each %(what)s can be listed once; listed more than once: %(twice)s.")
            % {"what": what, "twice": ", ".join(twice)}
        )
    return links


def to_content(validated: dict) -> dict:
    """Validated content as JSON primitives (records by their slug, ISO3 or number)."""
    content = {}
    for name, value in validated.items():
        if name == "countries":
            value = [{"iso3": link["iso3"].iso3, "role": link["role"]} for link in value]
        elif name == "institutions":
            value = [{"slug": link["slug"].slug, "role": link["role"]} for link in value]
        elif name == "proposed_institutions":
            value = [
                {**item, "country": item["country"].iso3 if item.get("country") else None}
                for item in value
            ]
        elif name == "proposed_tools":
            value = [dict(item) for item in value]
        elif name == "gcm_objectives":
            value = [objective.number for objective in value]
        elif name in ("tools", "coherence_levels", "elements", "themes"):
            value = [record.slug for record in value]
        content[name] = value
    return content


def validate_content(data: dict, *, partial: bool = True) -> dict:
    """`data` checked and returned as stored content; raises ValidationError naming the
    fields."""
    serializer = ContentSerializer(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return to_content(serializer.validated_data)


def complete_problems(content: dict) -> dict[str, list[str]]:
    """What a submission still lacks to be reviewed, by field (none when complete)."""
    problems = {}
    for name in REQUIRED:
        if not content.get(name):
            problems[name] = [_("This field is required before the submission is sent.")]
    return problems
