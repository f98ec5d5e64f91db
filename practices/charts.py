"""The geometry of the pages' charts and world map, drawn on the server as inline SVG
(`templates/includes/bar_chart.html`, `templates/includes/world_map.html`) so that they
work without JavaScript and scale with the page.

Plain functions of the figures they are given: the figures themselves come from the
selectors (`practices.selectors`, `practices.comparison`), never from here.

- `bar_chart()`: horizontal bars, one per row, each labelled with its name and value; the
  names go beside the bars when they are short, above them otherwise, so the chart reads
  at 360 px as at 1366 px (its text is sized in the units of a narrow viewBox).
- `grouped_bar_chart()`: a group of bars per row (one per country on the compare page).
- `period_rows()`: practices per start year, or per five or ten years when they span
  many.
- `practice_map()`: the world map shaded by number of practices, with its legend.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coherence.collation import sort_key
from coherence.models import Country
from coherence.worldmap import NeutralArea, Shape, WorldMap, world_map

# Bar charts ------------------------------------------------------------------------------

# The viewBox is this wide: the chart is drawn at most ~26rem wide (static/css/charts.css),
# so its 13-unit text shows at 13 to 17 px from a 360 px phone to a desktop.
WIDTH = 320
FONT = 13
LINE = 17  # a line of text
BAR = 16  # a bar's thickness
GAP = 10  # between groups
CHAR = 0.56 * FONT  # an average character's width, to fit labels
# Labels beside the bars take at most this share of the width; longer ones go above.
GUTTER_SHARE = 0.36


@dataclass(frozen=True)
class Bar:
    label: str
    """The label beside the bar (a country on the compare page), or empty."""
    series: int
    """The bar's place in its group (from 1), for its colour."""
    value: int
    y: float
    width: float
    text_y: float
    """The baseline of the bar's label and value."""
    value_x: float


@dataclass(frozen=True)
class Line:
    text: str
    y: float


@dataclass(frozen=True)
class Group:
    heading: tuple[Line, ...]
    """The group's name above its bars, wrapped (none when it is beside its bar)."""
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    groups: tuple[Group, ...]
    height: float
    gutter: float
    """Where the bars start (the labels beside them end a little before)."""
    span: float
    """The length of a bar of the maximum value (drawn as a light track behind each)."""
    maximum: int
    width: int = WIDTH
    font: int = FONT
    bar: int = BAR

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height:g}"

    @property
    def label_x(self) -> float:
        return self.gutter - 6

    @property
    def empty(self) -> bool:
        return not any(bar.value for group in self.groups for bar in group.bars)


def _fits(label: str, width: float) -> str:
    """`label` cut with an ellipsis to fit `width`."""
    most = max(int(width / CHAR), 2)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _layout(
    groups: Sequence[tuple[str, Sequence[tuple[str, int]]]], maximum: int | None
) -> BarChart:
    """Bars for (heading, [(label, value)]) groups: a heading above each group's bars
    (none when empty), the labels beside them (none when all are empty)."""
    values = [value for _heading, bars in groups for _label, value in bars]
    maximum = max([maximum or 0, *values, 1])
    labels = [label for _heading, bars in groups for label, _value in bars if label]
    gutter = 0.0
    if labels:
        gutter = min(max(len(label) for label in labels) * CHAR + 10, WIDTH * GUTTER_SHARE)
    value_room = len(f"{maximum}") * CHAR + 8
    span = WIDTH - gutter - value_room
    y = 0.0
    laid = []
    for heading, bars in groups:
        lines = []
        for text in textwrap.wrap(heading, int(WIDTH / CHAR)) if heading else ():
            y += LINE
            lines.append(Line(text, y - 4))
        if lines:
            y += 2
        placed = []
        for series, (label, value) in enumerate(bars, start=1):
            width = span * value / maximum
            placed.append(
                Bar(
                    label=_fits(label, gutter - 10) if label else "",
                    series=series,
                    value=value,
                    y=y,
                    width=round(width, 1),
                    text_y=y + BAR / 2 + FONT * 0.36,
                    value_x=round(gutter + width + 5, 1),
                )
            )
            y += BAR + 4
        y += GAP
        laid.append(Group(heading=tuple(lines), bars=tuple(placed)))
    return BarChart(
        groups=tuple(laid),
        height=max(y - GAP, 1),
        gutter=round(gutter, 1),
        span=round(span, 1),
        maximum=maximum,
    )


def bar_chart(rows: Sequence[tuple[str, int]], *, maximum: int | None = None) -> BarChart:
    """A bar per (name, value) row, in their order, scaled to `maximum` (at least the
    largest value; give the same to charts meant to be compared). The names go beside
    the bars when they all fit in a third of the width, else above each bar."""
    beside = all(len(name) * CHAR + 10 <= WIDTH * GUTTER_SHARE for name, _value in rows)
    if beside:
        return _layout([("", [(name, value)]) for name, value in rows], maximum)
    return _layout([(name, [("", value)]) for name, value in rows], maximum)


def grouped_bar_chart(
    groups: Sequence[tuple[str, Sequence[tuple[str, int]]]], *, maximum: int | None = None
) -> BarChart:
    """A group of labelled bars under each heading: (heading, [(label, value)])."""
    return _layout(groups, maximum)


def profile_charts(profile: Mapping[str, list[dict]]) -> dict[str, BarChart]:
    """A country's coherence profile (`selectors.coherence_profile()`) as two charts on
    one scale: practices per level and per element."""
    maximum = max((row["count"] for rows in profile.values() for row in rows), default=0)
    return {
        name: bar_chart([(row["name"], row["count"]) for row in profile[name]], maximum=maximum)
        for name in ("levels", "elements")
    }


def compare_charts(result: Mapping[str, list[dict]], countries: Sequence[Country]):
    """The compared countries' profiles (`comparison.compare()`) side by side, on one
    scale: for each level and each element, a bar per country."""
    maximum = max(
        (n for name in ("levels", "elements") for row in result[name] for n in row["counts"]),
        default=0,
    )
    names = [country.name for country in countries]
    return {
        name: grouped_bar_chart(
            [
                (row["record"].name, list(zip(names, row["counts"], strict=True)))
                for row in result[name]
            ],
            maximum=maximum,
        )
        for name in ("levels", "elements")
    }


# Practices over time --------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    first: int
    last: int
    count: int

    @property
    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"

    name = label  # a row of the chart's table


def period_rows(counts: Mapping[int, int]) -> list[Period]:
    """Practices per start year from the first to the last (zeros included); per five
    years when they span more than 12 years, per ten beyond 60."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    size = 1 if last - first < 12 else 5 if last - first < 60 else 10
    start = first - first % size
    periods = []
    for low in range(start, last + 1, size):
        high = low + size - 1
        total = sum(n for year, n in counts.items() if low <= year <= high)
        periods.append(Period(low, high, total))
    return periods


def period_chart(counts: Mapping[int, int]) -> BarChart:
    """The chart of `period_rows()`: a bar per year or period, oldest first."""
    return bar_chart([(period.label, period.count) for period in period_rows(counts)])


# The world map ---------------------------------------------------------------------------

TONES = 5  # the colour steps of static/css/charts.css (.map-tone-1 ... .map-tone-5)


@dataclass(frozen=True)
class Step:
    """A step of the map's scale: from `low` to `high` practices, and its colour."""

    low: int
    high: int
    tone: int

    @property
    def label(self) -> str:
        if self.low == self.high:
            return ngettext("%(n)s practice", "%(n)s practices", self.low) % {"n": self.low}
        return _("%(low)s to %(high)s practices") % {"low": self.low, "high": self.high}


def steps(maximum: int) -> list[Step]:
    """At most five steps of equal width from 1 to `maximum` practices (a step per
    number up to five), their tones spread from the lightest to the darkest."""
    if maximum < 1:
        return []
    width = math.ceil(maximum / TONES)
    lows = list(range(1, maximum + 1, width))
    last = len(lows) - 1
    return [
        Step(
            low,
            min(low + width - 1, maximum),
            1 + round(i * (TONES - 1) / last) if last else TONES - 1,
        )
        for i, low in enumerate(lows)
    ]


@dataclass(frozen=True)
class MapCountry:
    country: Country
    count: int
    shape: Shape | None
    tone: int
    url: str
    """The country's profile."""

    @property
    def label(self) -> str:
        return ngettext("%(name)s: %(n)s practice", "%(name)s: %(n)s practices", self.count) % {
            "name": self.country.name,
            "n": self.count,
        }


@dataclass(frozen=True)
class PracticeMap:
    world: WorldMap
    steps: list[Step]
    countries: list[MapCountry]
    """The countries with practices, most practices first (the table's rows)."""
    blank: list[Shape] = field(default_factory=list)
    """The outlines of the countries without practices."""

    @property
    def blank_d(self) -> SafeString:
        """The outlines of the countries without practices as one path (they are drawn
        alike, neither linked nor named)."""
        return mark_safe("".join(shape.d for shape in self.blank))  # path data only

    @property
    def drawn(self) -> list[MapCountry]:
        """The countries with practices and an outline, by name (their order of focus)."""
        return sorted(
            (c for c in self.countries if c.shape), key=lambda c: sort_key(str(c.country.name))
        )

    @property
    def not_drawn(self) -> list[MapCountry]:
        """Countries with practices too small for the map's scale (or not on it)."""
        return [c for c in self.countries if not c.shape]

    @property
    def neutral(self) -> tuple[NeutralArea, ...]:
        return self.world.neutral

    @property
    def total(self) -> int:
        return sum(c.count for c in self.countries)


def practice_map(
    countries: Iterable[Country], counts: Mapping[str, int], world: WorldMap | None = None
) -> PracticeMap:
    """The map of the countries given, shaded by their number of practices in `counts`
    (by ISO alpha-3 code, from `selectors.practice_counts()`): those with none are
    left out of the scale and the table and drawn blank."""
    world = world or world_map()
    with_counts = [(country, counts.get(country.iso3, 0)) for country in countries]
    with_counts = [(country, n) for country, n in with_counts if n > 0]
    scale = steps(max((n for _country, n in with_counts), default=0))
    shown = []
    for country, n in with_counts:
        tone = next(step.tone for step in scale if step.low <= n <= step.high)
        shape = world.shape_of(m49=country.m49, iso3=country.iso3)
        shown.append(MapCountry(country, n, shape, tone, country.get_absolute_url()))
    shown.sort(key=lambda c: (-c.count, sort_key(str(c.country.name))))
    used = {id(c.shape) for c in shown if c.shape}
    return PracticeMap(
        world=world,
        steps=scale,
        countries=shown,
        blank=[shape for shape in world.shapes if id(shape) not in used],
    )
