"""Scores compare across record types when the thesaurus adds alternatives (issue 24):
an alternative no record holds ("migración circular" among English texts) must not lower
the scores of the type where the words typed are common. Runs on SQLite and PostgreSQL."""

import pytest

from search import search
from search import thesaurus as thesaurus_module
from search.models import ThesaurusEntry, ThesaurusTerm
from tests.factories import InstitutionFactory, PracticeFactory

pytestmark = pytest.mark.django_db

FILLER = (
    "The programme offers training, advice and small grants to local associations. "
    "A steering group meets every quarter to review progress and agree priorities. "
)


@pytest.fixture(autouse=True)
def _fresh_thesaurus():
    thesaurus_module._cache.__dict__.clear()
    yield
    thesaurus_module._cache.__dict__.clear()


def test_a_practice_named_by_the_words_ranks_above_an_institution_mentioning_them():
    group = ThesaurusEntry.objects.create(label="circular migration")
    for text in (
        "circular migration",
        "circular mobility",
        "migration circulaire",
        "migración circular",
        "seasonal migration",
        "temporary migration",
    ):
        ThesaurusTerm.objects.create(entry=group, text=text, language="any", kind="synonym")
    # "migration" is in every practice (a common word there), rare among institutions.
    for number in range(6):
        PracticeFactory(
            title=f"Labour migration office {number}",
            summary="Placement of migration workers abroad.",
            description=FILLER * 3,
        )
    named = PracticeFactory(
        title="Circular migration project",
        summary="Migrants work abroad for a set number of years, then invest at home.",
        description=FILLER * 4,
    )
    ministry = InstitutionFactory(
        name="Ministry of Refugee, Immigration and Integration Affairs",
        description="It is considering a circular migration scheme. " + FILLER,
    )
    for number in range(5):
        InstitutionFactory(name=f"Ministry of Finance {number}", description=FILLER)

    results = search("circular migration")

    assert results.understood is None or results.understood.expansions
    order = [hit.obj for hit in results.hits]
    assert order.index(named) < order.index(ministry)
