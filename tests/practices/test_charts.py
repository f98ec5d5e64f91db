"""The SVG geometry of the charts and the world map (practices.charts): scales, layout
within the viewBox, empty data, countries without an outline. Plain functions: no
database."""

import pytest

from coherence.models import Country
from coherence.worldmap import NeutralArea, Shape, WorldMap
from practices.charts import (
    CHAR,
    WIDTH,
    bar_chart,
    compare_charts,
    grouped_bar_chart,
    period_rows,
    practice_map,
    profile_charts,
    steps,
)


def bars(chart):
    return [bar for group in chart.groups for bar in group.bars]


def test_bars_are_proportional_and_the_largest_fills_the_span():
    chart = bar_chart([("A", 4), ("B", 2), ("C", 1)])
    a, b, c = bars(chart)
    assert a.width == chart.span
    assert b.width == pytest.approx(chart.span / 2, abs=0.1)
    assert c.width == pytest.approx(chart.span / 4, abs=0.1)


def test_a_given_maximum_scales_charts_alike():
    chart = bar_chart([("A", 2)], maximum=8)
    assert bars(chart)[0].width == pytest.approx(chart.span / 4, abs=0.1)


def test_profile_charts_share_one_scale():
    profile = {
        "levels": [{"name": "Intra-governmental", "count": 6}],
        "elements": [{"name": "Budget", "count": 3}],
    }
    charts = profile_charts(profile)
    assert charts["levels"].maximum == charts["elements"].maximum == 6
    assert bars(charts["elements"])[0].width == pytest.approx(charts["elements"].span / 2, abs=0.1)


def test_zero_draws_no_bar_but_shows_its_value_and_all_zero_is_an_empty_chart():
    chart = bar_chart([("A", 0), ("B", 0)])
    assert chart.empty and chart.maximum == 1  # no division by zero
    assert [bar.width for bar in bars(chart)] == [0, 0]
    assert all(bar.value_x > chart.gutter for bar in bars(chart))
    assert not bar_chart([("A", 0), ("B", 1)]).empty


def test_no_rows_make_a_chart_of_nothing():
    chart = bar_chart([])
    assert chart.groups == () and chart.empty and chart.height > 0


def test_short_names_go_beside_the_bars_long_ones_above():
    short = bar_chart([("2005", 1), ("2006", 2)])
    assert short.gutter > 0 and [bar.label for bar in bars(short)] == ["2005", "2006"]
    assert all(not group.heading for group in short.groups)
    long = bar_chart([("Institutional capacity and forms of collaboration", 1)])
    assert long.gutter == 0 and bars(long)[0].label == ""
    assert [line.text for line in long.groups[0].heading] == [
        "Institutional capacity and forms of",
        "collaboration",
    ]


def test_every_text_stays_inside_the_viewbox():
    chart = bar_chart([("A name long enough to wrap onto a second line of the chart", 12345)])
    for group in chart.groups:
        assert all(len(line.text) * CHAR <= WIDTH for line in group.heading)
        for bar in group.bars:
            assert bar.value_x + len(str(bar.value)) * CHAR <= WIDTH
            assert bar.text_y <= chart.height
    assert chart.view_box == f"0 0 {WIDTH} {chart.height:g}"


def test_grouped_bars_are_labelled_and_long_labels_cut_to_the_gutter():
    chart = grouped_bar_chart(
        [("Multilateral", [("Mexico", 1), ("Saint Vincent and the Grenadines", 3)])]
    )
    mexico, other = chart.groups[0].bars
    assert (mexico.label, mexico.series, other.series) == ("Mexico", 1, 2)
    assert other.label.endswith("…") and len(other.label) * CHAR <= chart.gutter
    assert other.width == chart.span


def test_compare_charts_put_a_bar_per_country_under_each_level_and_element():
    class Record:
        def __init__(self, name):
            self.name = name

    result = {
        "levels": [{"record": Record("Multilateral"), "counts": [2, 6]}],
        "elements": [{"record": Record("Budget"), "counts": [0, 3]}],
    }
    countries = [Country(iso3="MEX", name="Mexico"), Country(iso3="PHL", name="Philippines")]
    charts = compare_charts(result, countries)
    levels = charts["levels"].groups[0]
    assert [line.text for line in levels.heading] == ["Multilateral"]
    assert [(bar.label, bar.value) for bar in levels.bars] == [("Mexico", 2), ("Philippines", 6)]
    assert charts["elements"].maximum == 6  # one scale for both


@pytest.mark.parametrize(
    "counts,expected",
    [
        ({}, []),
        ({2005: 2, 2007: 1}, [("2005", 2), ("2006", 0), ("2007", 1)]),
        (
            {1978: 1, 1979: 1, 1992: 3},
            [("1975–1979", 2), ("1980–1984", 0), ("1985–1989", 0), ("1990–1994", 3)],
        ),
    ],
)
def test_practices_over_time_per_year_or_per_five_years(counts, expected):
    periods = period_rows(counts)
    assert [(period.label, period.count) for period in periods] == expected


def test_practices_over_a_long_time_per_decade():
    periods = period_rows({1903: 1, 2001: 2, 2009: 1})
    assert [p.label for p in periods][:2] == ["1900–1909", "1910–1919"]
    assert (periods[0].count, periods[-1].label, periods[-1].count) == (1, "2000–2009", 3)
    assert sum(p.count for p in periods) == 4


@pytest.mark.parametrize(
    "maximum,expected",
    [
        (0, []),
        (1, [(1, 1)]),
        (3, [(1, 1), (2, 2), (3, 3)]),
        (12, [(1, 3), (4, 6), (7, 9), (10, 12)]),
        (100, [(1, 20), (21, 40), (41, 60), (61, 80), (81, 100)]),
    ],
)
def test_map_steps_cover_one_to_the_maximum_from_light_to_dark(maximum, expected):
    scale = steps(maximum)
    assert [(step.low, step.high) for step in scale] == expected
    tones = [step.tone for step in scale]
    assert tones == sorted(set(tones))  # distinct, lighter to darker
    if len(scale) > 1:
        assert (tones[0], tones[-1]) == (1, 5)


WORLD = WorldMap(
    width=100,
    height=50,
    source="test",
    shapes=(
        Shape(m49=484, iso3=None, name="Mexico", d="M0 0l1 1z"),
        Shape(m49=608, iso3=None, name="Philippines", d="M5 5l1 1z"),
        Shape(m49=None, iso3="XKX", name="Kosovo", d="M9 9l1 1z"),
    ),
    neutral=(NeutralArea(name="Western Sahara", d="M3 3l1 1z"),),
    boundaries="M0 0l5 5",
    undetermined="M3 3l1 1",
    by_m49={},
    by_iso3={},
)
WORLD.by_m49.update({s.m49: s for s in WORLD.shapes if s.m49})
WORLD.by_iso3.update({s.iso3: s for s in WORLD.shapes if s.iso3})


def test_the_map_matches_countries_by_m49_and_kosovo_by_its_code():
    countries = [
        Country(iso3="MEX", m49=484, name="Mexico"),
        Country(iso3="PHL", m49=608, name="Philippines"),
        Country(iso3="XKX", m49=None, name="Kosovo"),
    ]
    mapped = practice_map(countries, {"MEX": 12, "XKX": 1}, WORLD)
    assert [(c.country.iso3, c.count, c.shape.name) for c in mapped.countries] == [
        ("MEX", 12, "Mexico"),
        ("XKX", 1, "Kosovo"),
    ]
    assert mapped.countries[0].label == "Mexico: 12 practices"
    assert mapped.countries[1].label == "Kosovo: 1 practice"
    assert [shape.name for shape in mapped.blank] == ["Philippines"]  # no practices
    assert mapped.countries[0].tone == 5 and mapped.countries[1].tone == 1
    assert mapped.total == 13 and [a.name for a in mapped.neutral] == ["Western Sahara"]


def test_a_country_without_an_outline_is_listed_not_drawn():
    countries = [
        Country(iso3="MEX", m49=484, name="Mexico"),
        Country(iso3="TUV", m49=798, name="Tuvalu"),
    ]
    mapped = practice_map(countries, {"MEX": 2, "TUV": 3}, WORLD)
    assert [c.country.name for c in mapped.drawn] == ["Mexico"]
    assert [c.label for c in mapped.not_drawn] == ["Tuvalu: 3 practices"]
    assert [c.country.name for c in mapped.countries] == ["Tuvalu", "Mexico"]  # the table


def test_a_map_without_practices_is_all_blank():
    mapped = practice_map([Country(iso3="MEX", m49=484, name="Mexico")], {}, WORLD)
    assert mapped.countries == [] and mapped.steps == [] and len(mapped.blank) == 3
