"""The world map's committed geometry (coherence/data/worldmap.json, from `make
worldmap`): every outline can be matched to a country of the reference fixture, and the
areas of undetermined status are drawn apart."""

import json
import re
from pathlib import Path

import pytest

from coherence.worldmap import DATA, path_data, world_map

ROOT = Path(__file__).resolve().parents[2]


def test_every_outline_belongs_to_a_country_of_the_reference_fixture():
    world = world_map()
    fixture = json.loads((ROOT / "fixtures/reference/countries.json").read_text())["records"]
    m49s = {record["m49"] for record in fixture if record["m49"] is not None}
    iso3s = {record["iso3"] for record in fixture}
    assert len(world.shapes) > 150
    for shape in world.shapes:
        assert shape.d.startswith("M"), shape.name
        assert shape.m49 in m49s if shape.m49 is not None else shape.iso3 in iso3s, shape.name
    assert len(world.by_m49) + len(world.by_iso3) == len(world.shapes)  # one outline each


def test_shapes_are_found_by_m49_and_kosovo_by_its_code():
    world = world_map()
    assert world.shape_of(m49=484, iso3="MEX").name == "Mexico"
    assert world.shape_of(m49=None, iso3="XKX").name == "Kosovo"
    assert world.shape_of(m49=798, iso3="TUV") is None  # too small at 1:110m
    assert world.shape_of(m49=None, iso3="ZZZ") is None


def test_western_sahara_is_neutral_and_undetermined_lines_are_drawn_apart():
    world = world_map()
    assert [area.name for area in world.neutral] == ["Western Sahara"]
    assert world.shape_of(m49=732, iso3="ESH") is None  # never shaded or linked
    assert world.undetermined.startswith("M") and world.boundaries.startswith("M")
    assert world.view_box == f"0 0 {world.width} {world.height}"


def test_the_data_says_which_pinned_atlas_it_comes_from():
    data = json.loads(DATA.read_text())
    package = json.loads((ROOT / "scripts/worldmap/package.json").read_text())
    version = package["dependencies"]["world-atlas"]
    assert re.match(rf"world-atlas {re.escape(version)}: countries-110m", data["source"])


def test_path_data_holding_anything_but_path_commands_is_refused():
    assert path_data("M1 2l3-4 5 6z") == "M1 2l3-4 5 6z"
    with pytest.raises(ValueError, match="Not SVG path data"):
        path_data('M1 2"/><script>alert(1)</script>')
