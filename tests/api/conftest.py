import pytest
from rest_framework.test import APIClient

from practices import feed
from tests.conftest import copy_of, shared_records
from tests.factories import (
    CitationFactory,
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    RegionFactory,
    SourceDocumentFactory,
    ThemeFactory,
)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    yield from shared_records(django_db_blocker, build_world)


@pytest.fixture
def world(shared_world, db):
    """The module's world (`build_world`), the test's own copy."""
    return copy_of(shared_world)


def build_world():
    """Two regions, countries, levels, themes, elements, institutions and tools, and
    practices that link two or more of each (so that an N+1 query shows)."""
    americas = RegionFactory(name="Americas", slug="americas", m49=19)
    asia = RegionFactory(name="Asia", slug="asia", m49=142)
    mex = CountryFactory(iso3="MEX", iso2="MX", name="Mexico", region=americas, m49=484)
    phl = CountryFactory(iso3="PHL", iso2="PH", name="Philippines", region=asia, m49=608)
    mda = CountryFactory(iso3="MDA", iso2="MD", name="Moldova", region=None, m49=498)
    intra = CoherenceLevelFactory(slug="intra-governmental", name="Intra-governmental")
    multi = CoherenceLevelFactory(slug="multilateral", name="Multilateral")
    remit = ThemeFactory(slug="remittances", name="Remittances")
    diaspora = ThemeFactory(slug="diaspora", name="Diaspora engagement")
    commitment = CoherenceElementFactory(slug="political-commitment", name="Commitment")
    capacity = CoherenceElementFactory(slug="institutional-capacity", name="Capacity")
    sedesol = InstitutionFactory(
        slug="sedesol", name="Secretaría de Desarrollo Social", country=mex
    )
    cfo = InstitutionFactory(slug="cfo", name="Commission on Filipinos Overseas", country=phl)
    bureau = InstitutionFactory(slug="diaspora-bureau", name="Bureau for Diaspora", country=mda)
    framework = PolicyToolFactory(slug="migof", name="Migration Governance Framework")
    dashboard = PolicyToolFactory(slug="dashboard", name="Coherence dashboard")
    three = PracticeFactory(
        slug="three-per-one",
        title="Three per One",
        summary="Matches migrants' remittances with public funds.",
        scope="national",
        status="ongoing",
        start_year=2002,
        coherence_levels=[intra, multi],
        themes=[remit, diaspora],
        countries=[mex, phl],
    )
    pdos = PracticeFactory(
        slug="pdos",
        title="Pre-departure orientation seminars",
        summary="Prepares workers before they leave.",
        scope="bilateral",
        status="completed",
        start_year=1983,
        coherence_levels=[intra, multi],
        themes=[diaspora, remit],
        countries=[phl, mda],
    )
    draft = PracticeFactory(
        slug="draft-practice",
        title="A draft",
        editorial_state="draft",
        countries=[mex],
        coherence_levels=[intra],
        themes=[remit],
    )
    for practice in (three, pdos):
        practice.elements.set([commitment, capacity])
        practice.tools.set([framework, dashboard])
    PracticeInstitutionFactory(practice=three, institution=sedesol)
    PracticeInstitutionFactory(practice=three, institution=cfo, role="partner")
    PracticeInstitutionFactory(practice=pdos, institution=cfo)
    PracticeInstitutionFactory(practice=pdos, institution=bureau, role="partner")
    for practice in (three, pdos):
        CitationFactory(content_object=practice)
        CitationFactory(
            content_object=practice, locator="para. 3", quote="In Jamaica, an Overseas Department"
        )
    # A paper the writes cite (a published practice cites at least one passage).
    SourceDocumentFactory(slug="background-paper")
    # As once the writes commit: the change feed has seen them.
    feed.process()
    return {
        "regions": [americas, asia],
        "countries": [mex, phl, mda],
        "levels": [intra, multi],
        "themes": [remit, diaspora],
        "elements": [commitment, capacity],
        "institutions": [sedesol, cfo, bureau],
        "tools": [framework, dashboard],
        "practices": [three, pdos],
        "draft": draft,
    }
