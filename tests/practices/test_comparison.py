"""Comparing countries: which countries a request names, and their figures side by side,
the same as each country's profile gives."""

import pytest

from practices import comparison
from practices.selectors import coherence_profile
from tests.factories import (
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    CountryFindingFactory,
    PracticeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    mex, phl, jam = (CountryFactory(iso3=c) for c in ("MEX", "PHL", "JAM"))
    intra, multi = CoherenceLevelFactory(slug="intra"), CoherenceLevelFactory(slug="multi")
    remit, diaspora = ThemeFactory(slug="remit"), ThemeFactory(slug="diaspora")
    PracticeFactory(title="B", countries=[mex, phl], coherence_levels=[intra], themes=[remit])
    PracticeFactory(title="A", countries=[mex], coherence_levels=[intra, multi], themes=[remit])
    PracticeFactory(
        countries=[mex], coherence_levels=[multi], themes=[diaspora], editorial_state="draft"
    )
    return mex, phl, jam


def test_two_to_four_known_countries_can_be_compared(three):
    assert comparison.chosen(["mex", "PHL"]).countries == list(three[:2])
    assert comparison.chosen(["MEX", "PHL"]).error is None
    assert comparison.chosen(["MEX", "PHL"]).ready
    assert comparison.chosen([]).error is None  # nothing chosen yet
    # One country is where a comparison starts (a profile's link), not an error.
    one = comparison.chosen(["MEX"])
    assert one.error is None and not one.ready and one.countries == [three[0]]
    assert "ZZZ" in comparison.chosen(["MEX", "ZZZ"]).error
    assert "control characters" in comparison.chosen(["ME\x00X", "PHL"]).error


def test_the_comparison_counts_as_the_profiles_count(three):
    mex, phl, jam = three
    result = comparison.compare([mex, phl, jam])
    levels = {row["record"].slug: row["counts"] for row in result["levels"]}
    assert levels == {"intra": [2, 1, 0], "multi": [1, 0, 0]}
    for index, country in enumerate((mex, phl, jam)):
        profile = {row["slug"]: row["count"] for row in coherence_profile(country.iso3)["levels"]}
        assert profile == {slug: counts[index] for slug, counts in levels.items()}
    # Themes any of them has; the draft's theme is no one's.
    assert [row["record"].slug for row in result["themes"]] == ["remit"]
    assert [[p.title for p in practices] for _, practices in result["practices"]] == [
        ["A", "B"],
        ["B"],
        [],
    ]


def test_findings_line_up_question_by_question(three):
    mex, phl, _ = three
    element = CoherenceElementFactory()
    CountryFindingFactory(country=mex, element=element, question="Has a national plan?")
    CountryFindingFactory(country=phl, element=element, question="Has a national plan?")
    CountryFindingFactory(country=phl, element=element, question="Has a focal point?")
    rows = comparison.compare([mex, phl])["findings"]
    cells = {row["question"]: [bool(cell) for cell in row["cells"]] for row in rows}
    assert cells == {"Has a focal point?": [False, True], "Has a national plan?": [True, True]}


def test_the_comparison_reads_as_one_column_per_country(three):
    mex, phl, jam = three
    result = comparison.compare([mex, phl])
    mexico, philippines = comparison.columns([mex, phl], result)
    assert mexico["country"] == mex and philippines["country"] == phl
    assert [(level.slug, n) for level, n in mexico["levels"]] == [("intra", 2), ("multi", 1)]
    assert [(level.slug, n) for level, n in philippines["levels"]] == [("intra", 1), ("multi", 0)]
    assert [p.title for p in philippines["practices"]] == ["B"]
