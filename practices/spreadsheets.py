"""The sheets of practices, recommendations and country findings: what their exports
list and how an import writes a row's corrections (`practices.services` for practices,
`coherence.services.record_write` for the others)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    Institution,
    PolicyTool,
    Theme,
)
from coherence.services import record_write
from coherence.spreadsheets.columns import (
    Choice,
    Key,
    Many,
    Related,
    Roles,
    Shown,
    Text,
    Year,
    names,
)
from coherence.spreadsheets.reference import SHEETS as REFERENCE_SHEETS
from coherence.spreadsheets.reference import STATE, own_fields_and_links
from coherence.spreadsheets.sheets import Sheet

from .models import (
    Addressee,
    CountryFinding,
    Practice,
    PracticeCountry,
    PracticeInstitution,
    Question,
    Recommendation,
)
from .services import Link, practice_update


class PracticeSheet(Sheet):
    model = Practice
    columns = (
        Key("slug", _("the practice's key, as in its address"), width=30),
        Text("title", _("its title"), width=40),
        Text("summary", _("one or two sentences"), multiline=True, width=60),
        Text("description", _("the full description"), multiline=True, width=60),
        STATE,
        Choice("scope", _("its scope"), choices=Practice.Scope, width=12),
        Choice("status", _("its status"), choices=Practice.Status, width=12),
        Year("start_year", _("the year it started")),
        Year("end_year", _("the year it ended")),
        Roles(
            "countries",
            _("ISO3 codes with their roles, e.g. “MEX:implementing; USA:partner”"),
            width=30,
            relation="country_links",
            target_field="country",
            model=Country,
            key_field="iso3",
            upper=True,
            roles=PracticeCountry.Role,
            default=PracticeCountry.Role.IMPLEMENTING,
        ),
        Shown(
            "country_names",
            _("the countries' names"),
            width=30,
            value=names("country_links", through="country"),
        ),
        Roles(
            "institutions",
            _("institution slugs with their roles, e.g. “sedesol:lead; cfo:partner”"),
            width=30,
            relation="institution_links",
            target_field="institution",
            model=Institution,
            roles=PracticeInstitution.Role,
            default=PracticeInstitution.Role.LEAD,
        ),
        Shown(
            "institution_names",
            _("the institutions' names"),
            width=30,
            value=names("institution_links", through="institution"),
        ),
        Many(
            "coherence_levels",
            _("the slugs of its coherence levels (at least one)"),
            width=24,
            model=CoherenceLevel,
        ),
        Many(
            "elements", _("the slugs of its coherence elements"), width=24, model=CoherenceElement
        ),
        Many("themes", _("the slugs of its themes (at least one)"), width=24, model=Theme),
        Shown("theme_names", _("the themes' names"), width=30, value=names("themes")),
        Many("tools", _("the slugs of its tools and frameworks"), width=24, model=PolicyTool),
        Text("outcomes", _("its outcomes"), multiline=True, width=40),
        Text("challenges", _("its challenges and lessons"), multiline=True, width=40),
        Shown(
            "updated_at",
            _("when it last changed"),
            width=18,
            value=lambda r: timezone.localtime(r.updated_at).replace(tzinfo=None),
        ),
    )

    def queryset(self, queryset):
        return queryset.prefetch_related(
            "country_links__country",
            "institution_links__institution",
            "coherence_levels",
            "elements",
            "themes",
            "tools",
        )

    def check(self, record, values):
        # The admin form's rule (and the API's): a practice has a level and a theme.
        problems = {}
        if "coherence_levels" in values and not values["coherence_levels"]:
            problems["coherence_levels"] = _("Choose at least one coherence level.")
        if "themes" in values and not values["themes"]:
            problems["themes"] = _("Choose at least one theme.")
        return {key: str(message) for key, message in problems.items()}

    def write(self, record, values, reason):
        fields, links = {}, {}
        for key, value in values.items():
            target = self.column(key).target
            if target == "links":
                links[key] = [Link(linked, role) for linked, role in value]
            elif target == "many":
                links[key] = value
            else:
                fields[key] = value
        return practice_update(practice=record, fields=fields, reason=reason, **links)


class RecommendationSheet(Sheet):
    model = Recommendation
    columns = (
        Key("slug", _("the recommendation's key"), width=30),
        Text("title", _("a short heading"), width=40),
        Text("text", _("the recommendation's text"), multiline=True, width=60),
        Choice("kind", _("its kind"), choices=Recommendation.Kind, width=16),
        Many(
            "addressed_to",
            _("who is asked to act: the slugs of the addressees (governments, gfmd…)"),
            width=24,
            model=Addressee,
        ),
        Related(
            "suggested_by",
            _("the ISO3 code of the country that suggested it"),
            width=8,
            model=Country,
            key_field="iso3",
            upper=True,
        ),
        Many(
            "coherence_levels",
            _("the slugs of its coherence levels"),
            width=24,
            model=CoherenceLevel,
        ),
        Many("themes", _("the slugs of its themes"), width=24, model=Theme),
        STATE,
    )

    def queryset(self, queryset):
        return queryset.select_related("suggested_by").prefetch_related(
            "addressed_to", "coherence_levels", "themes"
        )

    def write(self, record, values, reason):
        fields, many = own_fields_and_links(self, values)
        return record_write(record=record, fields=fields, many=many, reason=reason)


class CountryFindingSheet(Sheet):
    model = CountryFinding
    columns = (
        Key("slug", _("the finding's key"), width=30),
        Related(
            "country",
            _("the ISO3 code of its country"),
            width=8,
            model=Country,
            key_field="iso3",
            upper=True,
            blank=False,
        ),
        Shown("country_name", _("the country's name"), width=20, value=lambda r: r.country.name),
        Related(
            "element", _("the slug of its coherence element"), width=24, model=CoherenceElement
        ),
        Related("question", _("the slug of its question"), width=30, model=Question),
        Text("statement", _("what the paper says"), multiline=True, width=60),
        Choice("value", _("the answer"), choices=CountryFinding.Value, width=12),
        Year("year", _("the year it holds for")),
        STATE,
    )

    def queryset(self, queryset):
        return queryset.select_related("country", "element", "question")

    def write(self, record, values, reason):
        return record_write(record=record, fields=values, reason=reason)


SHEETS = {
    **REFERENCE_SHEETS,
    Practice: PracticeSheet,
    Recommendation: RecommendationSheet,
    CountryFinding: CountryFindingSheet,
}
