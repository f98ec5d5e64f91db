"""Which public resources a write may have changed: the rules of what embeds what (the
receivers that mark them are in `receivers`).

A resource's representation (its API detail) embeds other records: a practice names its
countries and institutions, a country lists its institutions, its first practices, its
findings and its coherence profile, a level counts its practices... The rules below
(`embedders`) say, for a record, which resources show it. They may name too many, never
too few: processing renders every marked resource and keeps only real changes.

What the database holds after the write is read when the marks are processed; what it
held before is read here, when it is about to go: on deletion (the links a cascade
removes) and when a save moves a record to another parent (an institution to another
country).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    Event,
    GcmObjective,
    GcmPrinciple,
    Institution,
    Participation,
    PolicyTool,
    Region,
    SdgTarget,
    Session,
    SourceDocument,
    Theme,
)

from ..models import (
    CLASSIFICATIONS,
    Challenge,
    CountryFinding,
    Definition,
    Practice,
    PracticeCountry,
    PracticeInstitution,
    Question,
    QuestionResult,
    Recommendation,
)
from ..models.feed import FeedType as T

# The model of each resource type, and back.
MODELS: dict[str, type] = {
    T.PRACTICE: Practice,
    T.INSTITUTION: Institution,
    T.TOOL: PolicyTool,
    T.RECOMMENDATION: Recommendation,
    T.COUNTRY: Country,
    T.REGION: Region,
    T.COHERENCE_LEVEL: CoherenceLevel,
    T.ELEMENT: CoherenceElement,
    T.THEME: Theme,
    T.SOURCE: SourceDocument,
    T.GCM_OBJECTIVE: GcmObjective,
    T.GCM_PRINCIPLE: GcmPrinciple,
    T.SDG_TARGET: SdgTarget,
    T.CHALLENGE: Challenge,
    T.DEFINITION: Definition,
    T.QUESTION: Question,
    T.EVENT: Event,
}
# The feed type of the framework records a practice is classified under, by the name of
# the classification (`CLASSIFICATIONS`).
CLASSIFIED_TYPES = {
    "gcm_objectives": T.GCM_OBJECTIVE,
    "gcm_principles": T.GCM_PRINCIPLE,
    "sdg_targets": T.SDG_TARGET,
}
TYPE_OF = {model: name for name, model in MODELS.items()}
# Records shown, with their citations, inside one resource: the resource's type and the
# field that names it.
EMBEDDED_CITED: dict[type, tuple[str, str]] = {
    QuestionResult: (T.QUESTION, "question_id"),
    Participation: (T.EVENT, "event_id"),
}

Mark = tuple[str, int]


def _ids(queryset, field: str = "pk") -> list[int]:
    return list(queryset.values_list(field, flat=True))


def regions_of(country_ids: Iterable[int]) -> list[Mark]:
    marks = []
    rows = Country.objects.filter(pk__in=list(country_ids)).values_list(
        "region_id", "subregion_id", "intermediate_region_id"
    )
    for row in rows:
        marks += [(T.REGION, pk) for pk in row if pk]
    return marks


def embedders(kind: str, pks: list[int]) -> set[Mark]:
    """The resources whose representation shows these records of `kind`, the records
    themselves included, as the database holds them now."""
    marks: set[Mark] = {(kind, pk) for pk in pks}
    if not pks:
        return marks

    def add(kind_: str, ids: Iterable[int]):
        marks.update((kind_, pk) for pk in ids)

    if kind == T.PRACTICE:
        countries = _ids(PracticeCountry.objects.filter(practice__in=pks), "country_id")
        add(T.COUNTRY, countries)
        marks.update(regions_of(countries))
        add(
            T.INSTITUTION,
            _ids(PracticeInstitution.objects.filter(practice__in=pks), "institution_id"),
        )
        for field, kind_ in (
            ("coherence_levels", T.COHERENCE_LEVEL),
            ("elements", T.ELEMENT),
            ("themes", T.THEME),
            ("tools", T.TOOL),
        ):
            through = getattr(Practice, field).through
            column = getattr(Practice, field).field.m2m_reverse_name()
            add(kind_, _ids(through.objects.filter(practice_id__in=pks), column))
        # The frameworks' records count their practices.
        for name, through, field, _key, _facet in CLASSIFICATIONS:
            add(
                CLASSIFIED_TYPES[name],
                _ids(through.objects.filter(practice_id__in=pks), f"{field}_id"),
            )
    elif kind == T.INSTITUTION:
        add(
            T.PRACTICE, _ids(PracticeInstitution.objects.filter(institution__in=pks), "practice_id")
        )
        add(
            T.COUNTRY,
            _ids(Institution.objects.filter(pk__in=pks, country__isnull=False), "country_id"),
        )
        add(T.INSTITUTION, _ids(Institution.objects.filter(parent__in=pks)))
        add(T.TOOL, _ids(PolicyTool.objects.filter(publishers__in=pks)))
        # An event's roles name the institutions that took them.
        add(T.EVENT, _ids(Participation.objects.filter(institution__in=pks), "event_id"))
    elif kind == T.TOOL:
        add(T.PRACTICE, _ids(Practice.objects.filter(tools__in=pks)))
        add(T.INSTITUTION, _ids(Institution.objects.filter(tools__in=pks)))
    elif kind == T.COUNTRY:
        add(T.PRACTICE, _ids(PracticeCountry.objects.filter(country__in=pks), "practice_id"))
        add(T.INSTITUTION, _ids(Institution.objects.filter(country__in=pks)))
        add(T.TOOL, _ids(PolicyTool.objects.filter(countries__in=pks)))
        add(T.RECOMMENDATION, _ids(Recommendation.objects.filter(suggested_by__in=pks)))
        marks.update(regions_of(pks))
        # A challenge names its countries, a question the countries that answer it, an
        # event the States that took a role.
        add(T.CHALLENGE, _ids(Challenge.objects.filter(countries__in=pks)))
        add(
            T.QUESTION,
            _ids(
                CountryFinding.objects.filter(country__in=pks, question__isnull=False),
                "question_id",
            ),
        )
        add(T.EVENT, _ids(Participation.objects.filter(country__in=pks), "event_id"))
    elif kind == T.REGION:
        add(T.REGION, _ids(Region.objects.filter(parent__in=pks)))
        in_regions = Q(region__in=pks) | Q(subregion__in=pks) | Q(intermediate_region__in=pks)
        add(T.COUNTRY, _ids(Country.objects.filter(in_regions)))
    elif kind in (T.COHERENCE_LEVEL, T.ELEMENT):
        field = "coherence_levels" if kind == T.COHERENCE_LEVEL else "elements"
        add(T.PRACTICE, _ids(Practice.objects.filter(**{f"{field}__in": pks})))
        # Every country's coherence profile names every level and element.
        add(T.COUNTRY, _ids(Country.objects.all()))
        if kind == T.COHERENCE_LEVEL:
            add(T.TOOL, _ids(PolicyTool.objects.filter(coherence_levels__in=pks)))
            add(T.RECOMMENDATION, _ids(Recommendation.objects.filter(coherence_levels__in=pks)))
            add(T.DEFINITION, _ids(Definition.objects.filter(coherence_level__in=pks)))
        else:
            add(T.QUESTION, _ids(Question.objects.filter(element__in=pks)))
        add(T.CHALLENGE, _ids(Challenge.objects.filter(**{f"{field}__in": pks})))
    elif kind == T.THEME:
        add(T.PRACTICE, _ids(Practice.objects.filter(themes__in=pks)))
        add(T.RECOMMENDATION, _ids(Recommendation.objects.filter(themes__in=pks)))
        add(T.CHALLENGE, _ids(Challenge.objects.filter(themes__in=pks)))
    elif kind in (T.GCM_OBJECTIVE, T.GCM_PRINCIPLE, T.SDG_TARGET):
        # A practice's detail names the records it is classified under.
        for name, through, field, _key, _facet in CLASSIFICATIONS:
            if CLASSIFIED_TYPES[name] == kind:
                add(
                    T.PRACTICE,
                    _ids(through.objects.filter(**{f"{field}__in": pks}), "practice_id"),
                )
    elif kind in (T.CHALLENGE, T.DEFINITION):
        pass  # shown by no other resource (a page lists them; the API's details do not)
    elif kind == T.QUESTION:
        # A country's findings name their question (its text and slug).
        add(T.COUNTRY, _ids(CountryFinding.objects.filter(question__in=pks), "country_id"))
    elif kind == T.EVENT:
        # An event names the meeting it was input to.
        add(T.EVENT, _ids(Event.objects.filter(input_to__in=pks)))
    elif kind == T.SOURCE:
        for citation in Citation.objects.filter(source__in=pks).only(
            "content_type_id", "object_id"
        ):
            marks.update(holders([citation]))
        # A question names its paper; an event the papers of the event and its sessions.
        add(T.QUESTION, _ids(Question.objects.filter(source__in=pks)))
        add(T.EVENT, _ids(Event.objects.filter(papers__in=pks)))
        add(T.EVENT, _ids(Session.objects.filter(papers__in=pks), "event_id"))
    return marks


def holders(citations: Iterable[Citation]) -> set[Mark]:
    """The resources that show these citations (a finding's citations show on its
    country, a questionnaire result's on its question, a role's on its event)."""
    marks: set[Mark] = set()
    findings = []
    for citation in citations:
        model = ContentType.objects.get_for_id(citation.content_type_id).model_class()
        if model is CountryFinding:
            findings.append(citation.object_id)
        elif model in EMBEDDED_CITED:
            kind, parent = EMBEDDED_CITED[model]
            row = model._default_manager.filter(pk=citation.object_id).values(parent).first()
            if row is not None and row[parent] is not None:
                marks.add((kind, row[parent]))
        elif model in TYPE_OF:
            marks.add((TYPE_OF[model], citation.object_id))
    if findings:
        countries = CountryFinding.objects.filter(pk__in=findings).values_list(
            "country_id", flat=True
        )
        marks.update((T.COUNTRY, pk) for pk in countries)
    return marks
