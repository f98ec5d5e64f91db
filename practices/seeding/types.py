"""The record types of the seed fixtures: for each, its model, natural key, fields,
references to other records (by natural key), lists of related records, links with a
role, and whether it cites the papers. In dependency order: a type only refers to
types listed before it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from modeltranslation.translator import NotRegistered, translator

from coherence.models import (
    CoherenceElement,
    CoherenceLevel,
    Country,
    Event,
    GcmObjective,
    GcmPrinciple,
    Institution,
    Membership,
    Participation,
    Person,
    PolicyTool,
    Region,
    SdgTarget,
    Session,
    SlugRedirect,
    SourceDocument,
    Theme,
)

from ..models import (
    Addressee,
    Challenge,
    CountryFinding,
    Definition,
    Practice,
    PracticeCountry,
    PracticeGcmObjective,
    PracticeGcmPrinciple,
    PracticeInstitution,
    PracticeSdgTarget,
    PracticeStatusReport,
    Question,
    QuestionResult,
    Recommendation,
)
from .classification import ClassificationLoader
from .translations import LANGUAGES as TRANSLATED_LANGUAGES


class FixtureError(Exception):
    """The fixtures are inconsistent or invalid; `problems` lists every one found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Ref:
    """A field naming another record by its natural key."""

    model: type[models.Model]
    key: str


@dataclass(frozen=True)
class Link:
    """A list of related records with a role, stored in a through model."""

    through: type[models.Model]
    target_field: str
    target: Ref
    key: str
    default_role: str


@dataclass(frozen=True)
class RecordType:
    name: str
    model: type[models.Model]
    key: str
    fields: tuple[str, ...] = ()
    refs: dict[str, Ref] = field(default_factory=dict)
    many: dict[str, Ref] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    citations: bool = False
    text_file: bool = False
    # A type that is not a record of its own but sets something on the record its key
    # names (a practice's classification): the class that writes it, whose
    # `load(key, data)` returns (created, changed).
    writer: type | None = None

    @property
    def publishable(self) -> bool:
        return any(f.name == "editorial_state" for f in self.model._meta.fields)

    @property
    def translated_fields(self) -> tuple[str, ...]:
        """`<field>_fr`, `<field>_es` of the model's translated fields (modeltranslation)."""
        try:
            options = translator.get_options_for_model(self.model)
        except NotRegistered:
            return ()
        return tuple(
            f"{name}_{language}"
            for name in self.fields
            if name in options.fields
            for language in TRANSLATED_LANGUAGES
        )

    @property
    def allowed(self) -> set[str]:
        names = {
            self.key,
            *self.fields,
            *self.translated_fields,
            *self.refs,
            *self.many,
            *self.links,
        }
        if self.citations:
            names.add("citations")
        if self.text_file:
            names.add("text_file")
        if self.publishable:
            names.add("editorial_state")
        return names


SLUG_OF = {
    model: Ref(model, "slug")
    for model in (
        Region,
        CoherenceLevel,
        CoherenceElement,
        Theme,
        SourceDocument,
        Institution,
        PolicyTool,
        Addressee,
        Event,
        Session,
        Person,
        Practice,
    )
}
COUNTRY = Ref(Country, "iso3")

# In dependency order: a record type only refers to types listed before it.
RECORD_TYPES = [
    RecordType("region", Region, "slug", ("name", "m49", "kind"), refs={"parent": SLUG_OF[Region]}),
    RecordType(
        "country",
        Country,
        "iso3",
        ("iso2", "m49", "name", "formal_name"),
        refs={
            "region": SLUG_OF[Region],
            "subregion": SLUG_OF[Region],
            "intermediate_region": SLUG_OF[Region],
        },
    ),
    RecordType(
        "source",
        SourceDocument,
        "slug",
        (
            "title",
            "short_title",
            "year",
            "event",
            "session",
            "authors",
            "kind",
            "url",
        ),
        text_file=True,
    ),
    RecordType(
        "coherence_level", CoherenceLevel, "slug", ("name", "definition", "order"), citations=True
    ),
    RecordType(
        "coherence_element",
        CoherenceElement,
        "slug",
        ("name", "description", "order"),
        citations=True,
    ),
    RecordType("theme", Theme, "slug", ("name", "description")),
    RecordType(
        "institution",
        Institution,
        "slug",
        ("name", "acronym", "kind", "year_established", "description", "website"),
        refs={"country": COUNTRY, "parent": SLUG_OF[Institution]},
        many={"regions": SLUG_OF[Region]},
        citations=True,
    ),
    RecordType(
        "tool",
        PolicyTool,
        "slug",
        ("name", "acronym", "kind", "category", "year", "url", "description"),
        many={
            "publishers": SLUG_OF[Institution],
            "countries": COUNTRY,
            "coherence_levels": SLUG_OF[CoherenceLevel],
        },
        citations=True,
    ),
    RecordType("gcm_objective", GcmObjective, "number", ("title", "short_title")),
    RecordType("gcm_principle", GcmPrinciple, "number", ("slug", "title")),
    RecordType("sdg_target", SdgTarget, "code", ("title", "short_title")),
    RecordType(
        "practice",
        Practice,
        "slug",
        (
            "title",
            "summary",
            "description",
            "scope",
            "start_year",
            "end_year",
            "status",
            "outcomes",
            "challenges",
        ),
        many={
            "tools": SLUG_OF[PolicyTool],
            "coherence_levels": SLUG_OF[CoherenceLevel],
            "elements": SLUG_OF[CoherenceElement],
            "themes": SLUG_OF[Theme],
        },
        links={
            "countries": Link(PracticeCountry, "country", COUNTRY, "iso3", "implementing"),
            "institutions": Link(
                PracticeInstitution, "institution", SLUG_OF[Institution], "slug", "lead"
            ),
        },
        citations=True,
    ),
    RecordType("addressee", Addressee, "slug", ("order",)),
    RecordType(
        "recommendation",
        Recommendation,
        "slug",
        ("title", "text", "kind"),
        refs={"suggested_by": COUNTRY},
        many={
            "addressed_to": SLUG_OF[Addressee],
            "coherence_levels": SLUG_OF[CoherenceLevel],
            "themes": SLUG_OF[Theme],
        },
        citations=True,
    ),
    RecordType(
        "challenge",
        Challenge,
        "slug",
        ("title", "summary"),
        many={
            "coherence_levels": SLUG_OF[CoherenceLevel],
            "elements": SLUG_OF[CoherenceElement],
            "countries": COUNTRY,
            "themes": SLUG_OF[Theme],
        },
        citations=True,
    ),
    RecordType(
        "definition",
        Definition,
        "slug",
        ("term", "definition", "order"),
        refs={"coherence_level": SLUG_OF[CoherenceLevel]},
        citations=True,
    ),
    RecordType(
        "question",
        Question,
        "slug",
        ("text", "order"),
        refs={"element": SLUG_OF[CoherenceElement], "source": SLUG_OF[SourceDocument]},
    ),
    RecordType(
        "question_result",
        QuestionResult,
        "slug",
        ("label", "share", "count", "respondents", "year", "note", "order"),
        refs={"question": Ref(Question, "slug")},
        citations=True,
    ),
    RecordType(
        "finding",
        CountryFinding,
        "slug",
        ("statement", "value", "year"),
        refs={
            "country": COUNTRY,
            "element": SLUG_OF[CoherenceElement],
            "question": Ref(Question, "slug"),
        },
        citations=True,
    ),
]
# Events, sessions, people and their roles; memberships; status reports
# (docs/decisions/0015-events-status-membership.md).
RECORD_TYPES += [
    RecordType(
        "event",
        Event,
        "slug",
        ("name", "kind", "year", "date", "place", "description"),
        refs={"input_to": SLUG_OF[Event]},
        many={"papers": SLUG_OF[SourceDocument]},
        citations=True,
    ),
    RecordType(
        "session",
        Session,
        "slug",
        ("code", "title", "kind", "order"),
        refs={"event": SLUG_OF[Event], "parent": SLUG_OF[Session]},
        many={"papers": SLUG_OF[SourceDocument]},
        citations=True,
    ),
    RecordType(
        "person",
        Person,
        "slug",
        ("name", "title", "affiliation"),
        refs={"country": COUNTRY},
        citations=True,
    ),
    RecordType(
        "participation",
        Participation,
        "slug",
        ("role", "note"),
        refs={
            "event": SLUG_OF[Event],
            "session": SLUG_OF[Session],
            "person": SLUG_OF[Person],
            "country": COUNTRY,
            "institution": SLUG_OF[Institution],
        },
        citations=True,
    ),
    RecordType(
        "membership",
        Membership,
        "slug",
        (),
        refs={"body": SLUG_OF[Institution], "country": COUNTRY},
        citations=True,
    ),
    RecordType(
        "status_report",
        PracticeStatusReport,
        "slug",
        ("status", "as_of_year", "note"),
        refs={"practice": SLUG_OF[Practice], "source": SLUG_OF[SourceDocument]},
        citations=True,
    ),
    # Old slugs of merged or renamed records (`SlugRedirect`), by the types' names above:
    # {"old_slug": ..., "model": "practice", "target_model": "recommendation", "target": ...}.
    RecordType("redirect", SlugRedirect, "old_slug", ("model", "target_model", "target", "note")),
]
RECORD_TYPES.append(
    RecordType(
        "classification",
        PracticeGcmObjective,
        "practice",
        links={
            "gcm_objectives": Link(
                PracticeGcmObjective, "objective", Ref(GcmObjective, "number"), "number", ""
            ),
            "gcm_principles": Link(
                PracticeGcmPrinciple, "principle", Ref(GcmPrinciple, "number"), "number", ""
            ),
            "sdg_targets": Link(PracticeSdgTarget, "target", Ref(SdgTarget, "code"), "code", ""),
        },
        writer=ClassificationLoader,
    )
)
TYPES_BY_NAME = {record_type.name: record_type for record_type in RECORD_TYPES}
