"""The world map (home, countries) and the charts (country profile, compare) as the
pages serve them: inline SVG with an accessible name, the same figures in a table, and
numbers an SVG can read whatever the language."""

import re

import pytest

from practices.models import Practice
from tests.factories import CountryFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content.decode()[:1500]
    return response.content.decode()


def map_of(html):
    return html[html.index('<figure class="world-map"') : html.index("</figure>")]


@pytest.mark.parametrize("url", ["/", "/countries/"])
def test_the_map_links_each_country_with_practices_to_its_profile(client, kb, url):
    world = map_of(get(client, url))
    assert 'role="group" aria-labelledby="world-map-title"' in world
    assert re.search(
        r'<a href="/countries/MEX/"><title>Mexico: 2 practices</title><path class="map-tone-\d"',
        world,
    )
    assert '<a href="/countries/PHL/"><title>Philippines: 3 practices</title>' in world
    assert '<a href="/countries/JAM/"><title>Jamaica: 1 practice</title>' in world
    # Countries without practices are drawn, neither linked nor named.
    assert world.count("<a href=") == 3 + 3  # the map's links and the table's
    assert 'class="map-blank"' in world and 'class="map-neutral"' in world
    # The legend, the disclaimer and the table.
    assert "1 practice</li>" in world and "3 practices</li>" in world
    assert "do not imply" in world and "United Nations" in world
    assert re.search(
        r'<th scope="row"><a href="/countries/PHL/">Philippines</a></th><td>3</td>', world
    )


def test_the_countries_map_shows_every_country_whatever_the_list_filters(client, kb):
    world = map_of(get(client, "/countries/?region=asia"))
    assert "Mexico: 2 practices" in world and "Philippines: 3 practices" in world


def test_a_country_too_small_to_draw_is_named_under_the_map(client, kb):
    tuvalu = CountryFactory(iso3="TUV", iso2="TV", m49=798, name="Tuvalu")
    PracticeFactory(slug="tuvalu-practice", countries=[tuvalu])
    world = map_of(get(client, "/"))
    assert re.search(r"Too small to draw at this scale:.*Tuvalu: 1 practice", world, re.S)
    assert '<a href="/countries/TUV/"><title>' not in world


def test_the_map_of_no_practices_says_so(client, kb):
    Practice.objects.all().delete()
    world = map_of(get(client, "/"))
    assert "No published practices yet." in world and "<a href=" not in world


def test_country_profile_charts_levels_and_elements_with_labels_and_values(client, kb):
    html = get(client, "/countries/MEX/")
    levels = html[html.index('<figure class="bar-chart" aria-labelledby="levels-chart-caption">') :]
    levels = levels[: levels.index("</figure>")]
    assert 'role="img" aria-labelledby="levels-chart-title" viewBox="0 0 320 ' in levels
    assert '<title id="levels-chart-title">Mexico: practices per coherence level' in levels
    assert re.search(
        r'<text class="bar-chart__heading" x="0" y="[\d.]+">Intra-governmental</text>', levels
    )
    assert re.search(r'<text class="bar-chart__value" x="[\d.]+" y="[\d.]+">2</text>', levels)
    assert re.search(r'<th scope="row">Intra-governmental</th><td>2</td>', levels)
    assert 'aria-labelledby="elements-chart-title"' in html


def test_country_profile_charts_its_practices_by_start_year(client, kb):
    # Mexico's practices started in 2000 and 2002 (tests/web/conftest.py).
    html = get(client, "/countries/MEX/")
    time = html[html.index('id="time-chart-caption"') :]
    time = time[: time.index("</figure>")]
    labels = re.findall(r'<text class="bar-chart__label"[^>]*>(\d{4})</text>', time)
    assert labels == ["2000", "2001", "2002"]
    assert re.findall(r'<th scope="row">(\d{4})</th><td>(\d)</td>', time) == [
        ("2000", "1"),
        ("2001", "0"),
        ("2002", "1"),
    ]


def test_a_country_without_start_years_has_no_time_chart(client, kb):
    kb["practices"][1].start_year = None  # Jamaica's one practice
    kb["practices"][1].save()
    html = get(client, "/countries/JAM/")
    assert "Practices over time" not in html


def test_compare_charts_the_profiles_side_by_side(client, kb):
    html = get(client, "/countries/compare/?c=MEX&c=PHL")
    chart = html[html.index('id="levels-compare-chart-caption"') :]
    chart = chart[: chart.index("</figure>")]
    assert 'role="img" aria-labelledby="levels-compare-chart-title"' in chart
    assert (
        re.findall(r'<text class="bar-chart__label"[^>]*>([A-Za-z]+)</text>', chart)
        == [
            "Mexico",
            "Philippines",
        ]
        * 2
    )
    assert 'class="bar-chart__bar bar-chart__bar--2"' in chart
    assert re.search(r'<th scope="row">Policy plan</th><td>2</td><td>3</td>', html)


def test_svg_numbers_are_not_localised(client, kb, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    for url in ("/", "/countries/MEX/", "/countries/compare/?c=MEX&c=PHL"):
        html = get(client, f"/fr{url}")
        assert '<html lang="fr"' in html
        numbers = re.findall(r'\b(?:x|y|width|height|viewBox)="([^"]*)"', html)
        assert numbers and not [n for n in numbers if "," in n], url
