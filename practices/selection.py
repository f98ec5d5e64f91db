"""The facets of the practices, and selections of practices by them.

A `Selection` says which practices a list holds in facet terms: "the published practices
of Mexico at the multilateral level" is
`PUBLISHED.narrowed("country", ["MEX"]).narrowed("coherence_level", ["multilateral"])`.
It is built explicitly, from the FilterSet's cleaned data (`PracticeFilterSet.selection()`)
or by a page that knows what it lists (a country profile), and it has two readings of
one meaning: SQL (`PracticeQuerySet.selected()`, the queryset's domain methods) and the
facet index (`FacetIndex.select()`), which counts and pages it without running the SQL
(`practices.listing`) and lets search look for words among its practices only
(`docs/decisions/0005-index-selections.md`).

`FACETS` is the one list of the facets: their names (the query parameters of the pages
and the API), their headings in the sidebar, and how their values are listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Facet:
    """A facet of the practices: its name (the query parameter and the facet index's
    key), its heading, whether it lists only the values that occur among the matching
    practices (`open`: countries, institutions...; else the whole small vocabulary, zero
    counts included) and whether its values are sorted by count."""

    name: str
    heading: str
    open: bool = False
    by_count: bool = False


FACETS: tuple[Facet, ...] = (
    Facet("country", _("Country"), open=True, by_count=True),
    Facet("region", _("Region"), open=True, by_count=True),
    Facet("coherence_level", _("Coherence level")),
    Facet("element", _("Coherence element")),
    Facet("theme", _("Theme"), by_count=True),
    Facet("scope", _("Scope")),
    Facet("status", _("Status")),
    Facet("institution_kind", _("Institution kind")),
    Facet("institution", _("Institution"), open=True, by_count=True),
    Facet("tool", _("Tool or framework"), open=True, by_count=True),
    Facet("source", _("Source paper")),
    # Classified by the knowledge base (docs/decisions/0013-gcm-classification.md).
    Facet("gcm_objective", _("GCM objective")),
    Facet("gcm_principle", _("GCM guiding principle")),
    Facet("sdg_target", _("SDG target")),
)
FACET_NAMES = tuple(facet.name for facet in FACETS)
# The facets of the practices page's sidebar, in its order (institutions are filtered by
# a link from an institution's page, not from the sidebar).
SIDEBAR = tuple(facet for facet in FACETS if facet.name != "institution")
# What a criterion of a selection may name: the facets, the editorial state and the start
# years (a `YearRange`).
SELECTABLE = frozenset({*FACET_NAMES, "editorial_state", "start_year"})


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
        if facet not in SELECTABLE:
            raise ValueError(f"No facet {facet!r} in a selection.")
        if not isinstance(values, YearRange):
            values = frozenset(values)
        return Selection((*self.criteria, (facet, values)))

    @property
    def facets(self) -> frozenset[str]:
        return frozenset(facet for facet, _ in self.criteria)


EVERYTHING = Selection()
PUBLISHED = EVERYTHING.narrowed("editorial_state", ["published"])
