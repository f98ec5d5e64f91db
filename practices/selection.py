"""What a queryset of practices holds, when the facet filters alone built it.

`Practice.objects.published().for_countries(["MEX"]).at_levels(["multilateral"])` is a
SQL query, and it is also a `Selection`: the published practices of Mexico at the
multilateral level. The facet index (`practices.facet_index`) holds every facet value's
practices in memory, so it can count and page such a selection without running its
query (`practices.listing`), and the search module can look for words among its
practices only (`docs/decisions/0005-index-selections.md`).

The queryset methods that take part (`PracticeQuerySet.published`, `for_countries`,
`at_levels`, ...) record their criterion next to the SQL they add. Anything else that
changes which practices a queryset holds (another `filter()`, `exclude()`, a slice, a
union...) makes it unknown, and the SQL is used as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The facets a criterion may name: the facet index's own names (a facet's value is its
# key in the index: an ISO3 code, a slug or a choice), plus "editorial_state" and
# "start_year" (whose values are years).
FACETS = frozenset(
    {
        "editorial_state",
        "country",
        "region",
        "coherence_level",
        "element",
        "theme",
        "institution",
        "institution_kind",
        "tool",
        "scope",
        "status",
        "source",
        "start_year",
    }
)


@dataclass(frozen=True)
class YearRange:
    """Start years from `low` to `high`, both included; None is open. A practice without
    a start year is in no range (as `start_year >= x` is false in SQL)."""

    low: int | None = None
    high: int | None = None

    def __contains__(self, year: int) -> bool:
        return (self.low is None or year >= self.low) and (self.high is None or year <= self.high)


@dataclass(frozen=True)
class Selection:
    """The practices that meet every criterion: each is a facet and the values of which a
    practice must have at least one (start years: a `YearRange`). No criteria: every
    practice, in any editorial state."""

    criteria: tuple[tuple[str, frozenset | YearRange], ...] = ()

    def narrowed(self, facet: str, values: Iterable | YearRange) -> Selection:
        if facet not in FACETS:
            raise ValueError(f"No facet {facet!r} in a selection.")
        if not isinstance(values, YearRange):
            values = frozenset(values)
        return Selection((*self.criteria, (facet, values)))

    @property
    def facets(self) -> frozenset[str]:
        return frozenset(facet for facet, _ in self.criteria)


EVERYTHING = Selection()
