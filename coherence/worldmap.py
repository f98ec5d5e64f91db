"""The world map's geometry: every country's outline, projected (Equal Earth) into SVG path
data, from `coherence/data/worldmap.json`.

That file is generated, never edited: `make worldmap` projects Natural Earth's 1:110m
countries as the npm package `world-atlas` (version pinned in
`scripts/worldmap/package-lock.json`) redistributes them, following the United Nations'
cartographic practice for disputed areas (`scripts/worldmap/build_worldmap.mjs` says
how). Each shape is keyed by its ISO 3166-1 numeric code, which is the UN M49 code of
`Country.m49`; Kosovo, which has none, by its alpha-3 code (`Country.iso3`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

DATA = Path(__file__).resolve().parent / "data" / "worldmap.json"
# What the path data may hold: moves, lines and closes in whole units.
PATH_DATA = re.compile(r"[Mlz0-9 \-]*")


def path_data(d: str) -> SafeString:
    """Path data checked to hold nothing but path commands and numbers, so that the
    templates need not escape the map's tens of kilobytes on every page."""
    if not PATH_DATA.fullmatch(d):
        raise ValueError(f"Not SVG path data as make worldmap writes it: {d[:40]!r}")
    return mark_safe(d)  # only the characters above


@dataclass(frozen=True)
class Shape:
    """A country's outline: its code, Natural Earth's short name and its path data."""

    m49: int | None
    iso3: str | None
    name: str
    d: str


@dataclass(frozen=True)
class NeutralArea:
    """An area whose status is not determined (Western Sahara): drawn in a neutral fill,
    never shaded by data or linked."""

    name: str
    d: str


@dataclass(frozen=True)
class WorldMap:
    width: int
    height: int
    source: str
    shapes: tuple[Shape, ...]
    neutral: tuple[NeutralArea, ...]
    boundaries: str
    """International boundaries, one path."""
    undetermined: str
    """Boundaries and lines whose status is not determined (drawn dashed), one path."""
    by_m49: dict[int, Shape] = field(repr=False)
    by_iso3: dict[str, Shape] = field(repr=False)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def shape_of(self, *, m49: int | None, iso3: str) -> Shape | None:
        """The outline of the country with this M49 code (or, having none, this alpha-3
        code); None for a country too small for the map's scale, or not on it."""
        if m49 is not None:
            return self.by_m49.get(m49)
        return self.by_iso3.get(iso3)


@cache
def world_map(path: Path = DATA) -> WorldMap:
    """The map, read once per process."""
    data = json.loads(path.read_text(encoding="utf-8"))
    shapes = tuple(
        Shape(m49=s["m49"], iso3=s["iso3"], name=s["name"], d=path_data(s["d"]))
        for s in data["shapes"]
    )
    return WorldMap(
        width=data["width"],
        height=data["height"],
        source=data["source"],
        shapes=shapes,
        neutral=tuple(NeutralArea(name=a["name"], d=path_data(a["d"])) for a in data["neutral"]),
        boundaries=path_data(data["lines"]["boundaries"]),
        undetermined=path_data(data["lines"]["undetermined"]),
        by_m49={shape.m49: shape for shape in shapes if shape.m49 is not None},
        by_iso3={shape.iso3: shape for shape in shapes if shape.iso3},
    )
