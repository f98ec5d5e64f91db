"""A small knowledge base for the page tests: every record has two or more related rows,
so an N+1 query shows in the pinned query counts."""

import pytest
from django.db import transaction

from coherence.batching import batch
from coherence.passages import rebuild_passages
from practices.models import Practice, PracticeInstitution
from tests.conftest import (
    copy_of,
    module_has_transactional_tests,
    shared_records,
)
from tests.factories import (
    CitationFactory,
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    CountryFindingFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    RecommendationFactory,
    RegionFactory,
    SourceDocumentFactory,
    ThemeFactory,
)


def add_practices(kb, n, start=0):
    """`n` more published practices, each with two countries, institutions, tools, levels,
    elements and themes, and two citations. Written in one transaction, so that the change
    feed looks at them once, when it commits, and not after each row (tests with a live
    server commit every write), and in a batch (`coherence.batching`), so that each
    practice's search document is written once."""
    with transaction.atomic(), batch():
        return _add_practices(kb, n, start)


def _add_practices(kb, n, start):
    made = []
    for i in range(start, start + n):
        practice = PracticeFactory(
            slug=f"practice-{i}",
            title=f"Diaspora bond programme {i}",
            summary="Raises diaspora savings for remittances and development.",
            countries=kb["countries"][:2] if i % 2 == 0 else kb["countries"][1:3],
            coherence_levels=kb["levels"],
            themes=kb["themes"],
            start_year=2000 + i,
            scope=Practice.Scope.NATIONAL if i % 2 == 0 else Practice.Scope.BILATERAL,
        )
        practice.tools.set(kb["tools"])
        practice.elements.set(kb["elements"])
        for institution in kb["institutions"]:
            PracticeInstitution.objects.create(practice=practice, institution=institution)
        for _ in range(2):
            CitationFactory(content_object=practice, source=kb["source"])
        made.append(practice)
    return made


@pytest.fixture(scope="module")
def shared_kb(request, django_db_setup, django_db_blocker):
    """The module's knowledge base, written once (`shared_records`); none in a module
    whose tests commit (a live server's), which builds one per test."""
    if module_has_transactional_tests(request):
        yield None
    else:
        yield from shared_records(django_db_blocker, _kb)


@pytest.fixture
def kb(shared_kb, db):
    """The test's own copy of the module's knowledge base, or its own knowledge base in a
    module whose tests commit."""
    if shared_kb is None:
        with transaction.atomic(), batch():  # one commit, as in add_practices
            return _kb()
    return copy_of(shared_kb)


def _kb():
    americas = RegionFactory(name="Americas", slug="americas")
    asia = RegionFactory(name="Asia", slug="asia")
    countries = [
        CountryFactory(iso3="MEX", iso2="MX", m49=484, name="Mexico", region=americas),
        CountryFactory(iso3="PHL", iso2="PH", m49=608, name="Philippines", region=asia),
        CountryFactory(iso3="JAM", iso2="JM", m49=388, name="Jamaica", region=americas),
    ]
    source = SourceDocumentFactory(slug="paper", title="Background paper on coherence")
    rebuild_passages(source)
    kb = {
        "regions": [americas, asia],
        "countries": countries,
        "levels": [
            CoherenceLevelFactory(slug="intra-governmental", name="Intra-governmental"),
            CoherenceLevelFactory(slug="multilateral", name="Multilateral"),
        ],
        "elements": [
            CoherenceElementFactory(slug="policy", name="Policy plan"),
            CoherenceElementFactory(slug="budget", name="Budget"),
        ],
        "themes": [
            ThemeFactory(slug="remittances", name="Remittances"),
            ThemeFactory(slug="diaspora", name="Diaspora"),
        ],
        "institutions": [
            InstitutionFactory(slug="sre", name="Foreign Ministry", country=countries[0]),
            InstitutionFactory(slug="poea", name="Overseas Employment", country=countries[1]),
        ],
        "source": source,
    }
    kb["tools"] = [PolicyToolFactory(slug="migof"), PolicyToolFactory(slug="gcm")]
    for tool in kb["tools"]:
        tool.countries.set(countries[:2])
        tool.coherence_levels.set(kb["levels"])
        tool.publishers.set(kb["institutions"])
    kb["practices"] = add_practices(kb, 3)
    kb["recommendations"] = []
    for i in range(2):
        recommendation = RecommendationFactory(slug=f"recommendation-{i}")
        recommendation.coherence_levels.set(kb["levels"])
        recommendation.themes.set(kb["themes"])
        CitationFactory(content_object=recommendation, source=source)
        CitationFactory(content_object=recommendation, source=source)
        kb["recommendations"].append(recommendation)
    kb["findings"] = []
    for country in countries[:2]:
        for element in kb["elements"]:
            finding = CountryFindingFactory(
                slug=f"finding-{country.iso3}-{element.slug}",
                country=country,
                element=element,
                question=f"Question on {element.name}",
            )
            CitationFactory(content_object=finding, source=source)
            CitationFactory(content_object=finding, source=source)
            kb["findings"].append(finding)
    return kb
