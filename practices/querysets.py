"""Reusable reads of practices, recommendations and findings."""

from django.db.models import Prefetch, Q
from django.db.models.sql.where import AND

from coherence.models import EditorialState, PolicyTool
from coherence.models.base import PublishableQuerySet

from .selection import EVERYTHING, Selection, YearRange

PUBLISHED = EditorialState.PUBLISHED


def _upper(values):
    return [value.upper() for value in values]


def institution_links(*, drafts=False):
    """Practices' links to institutions, with the institution: to the published ones
    only, unless `drafts` (what the editors' writes answer with)."""
    from .models import PracticeInstitution

    links = PracticeInstitution.objects.select_related("institution")
    return links if drafts else links.filter(institution__editorial_state=PUBLISHED)


def linked_tools(*, drafts=False):
    """The tools a practice shows: the published ones, unless `drafts`."""
    return PolicyTool.objects.all() if drafts else PolicyTool.objects.published()


class PracticeQuerySet(PublishableQuerySet):
    """Practices, with the facet filters under their domain names. A queryset built from
    `Practice.objects` by these filters alone also knows its `selection()`, which the
    facet index can count and page without running the SQL (`practices.selection`)."""

    def __init__(self, model=None, query=None, using=None, hints=None):
        super().__init__(model=model, query=query, using=using, hints=hints)
        # (selection, number of WHERE conditions it accounts for); a fresh queryset is
        # every practice.
        self._selection = (EVERYTHING, 0) if query is None else None

    def _clone(self):
        clone = super()._clone()
        clone._selection = self._selection
        return clone

    def selection(self) -> Selection | None:
        """The practices this queryset holds, as facet criteria; None when something else
        than the facet methods below decides it (any other filter, a slice, a union, or a
        join that repeats a practice per linked row)."""
        if self._selection is None:
            return None
        selection, conditions = self._selection
        query = self.query
        where = query.where
        if (
            len(where.children) != conditions
            or where.connector != AND
            or where.negated
            or query.is_sliced
            or query.combinator
            or query.is_empty()
            or query.extra_tables
            # The facet methods filter with EXISTS subqueries: the query's own FROM is the
            # practices table alone (a practice has no foreign key to join, so any other
            # table there is a link table, one row per link).
            or len(query.alias_map) > 1
        ):
            return None
        return selection

    def _narrowed(self, queryset, facet, values):
        """`queryset` (this one with one more filter) with its selection narrowed to match."""
        selection = self.selection()
        queryset._selection = (
            None
            if selection is None
            else (selection.narrowed(facet, values), len(queryset.query.where.children))
        )
        return queryset

    def __and__(self, other):
        combined = super().__and__(other)
        combined._selection = None
        return combined

    def __or__(self, other):
        combined = super().__or__(other)
        combined._selection = None
        return combined

    def __xor__(self, other):
        combined = super().__xor__(other)
        combined._selection = None
        return combined

    def published(self):
        return self._narrowed(super().published(), "editorial_state", ["published"])

    def with_related(self, *, drafts=False):
        """Everything a list of practices shows, in a fixed number of queries. Of the
        linked institutions and tools, the published ones; all of them with `drafts`
        (what the editors' writes answer with)."""
        from .models import PracticeCountry

        return self.prefetch_related(
            Prefetch(
                "country_links",
                queryset=PracticeCountry.objects.select_related("country"),
            ),
            Prefetch("institution_links", queryset=institution_links(drafts=drafts)),
            Prefetch("tools", queryset=linked_tools(drafts=drafts)),
            "coherence_levels",
            "elements",
            "themes",
        )

    def facets(self):
        """Each facet's values with their counts among these practices."""
        from .facets import practice_facets

        return practice_facets(self)

    def _having_facet(self, facet, values, relation, condition):
        """`_having(relation, condition)`, the selection narrowed to `facet`'s values."""
        return self._narrowed(self._having(relation, condition), facet, values)

    def for_countries(self, iso3_codes):
        codes = _upper(iso3_codes)
        return self._having_facet("country", codes, "countries", Q(country__iso3__in=codes))

    def in_regions(self, slugs):
        return self._having_facet(
            "region",
            slugs,
            "countries",
            Q(country__region__slug__in=slugs)
            | Q(country__subregion__slug__in=slugs)
            | Q(country__intermediate_region__slug__in=slugs),
        )

    def at_levels(self, slugs):
        return self._having_facet(
            "coherence_level", slugs, "coherence_levels", Q(coherencelevel__slug__in=slugs)
        )

    def with_themes(self, slugs):
        return self._having_facet("theme", slugs, "themes", Q(theme__slug__in=slugs))

    def with_elements(self, slugs):
        return self._having_facet("element", slugs, "elements", Q(coherenceelement__slug__in=slugs))

    # Institutions and tools: a practice has those of its links that are published (an
    # unpublished one is no part of it for the public, as in `with_related()`).

    def with_institutions(self, slugs):
        return self._having_facet(
            "institution",
            slugs,
            "institutions",
            Q(institution__slug__in=slugs, institution__editorial_state=PUBLISHED),
        )

    def with_institution_kinds(self, kinds):
        return self._having_facet(
            "institution_kind",
            kinds,
            "institutions",
            Q(institution__kind__in=kinds, institution__editorial_state=PUBLISHED),
        )

    def with_tools(self, slugs):
        return self._having_facet(
            "tool",
            slugs,
            "tools",
            Q(policytool__slug__in=slugs, policytool__editorial_state=PUBLISHED),
        )

    def with_scopes(self, scopes):
        return self._narrowed(self.filter(scope__in=list(scopes)), "scope", scopes)

    def with_statuses(self, statuses):
        return self._narrowed(self.filter(status__in=list(statuses)), "status", statuses)

    def started_between(self, low=None, high=None):
        """Practices whose start year is from `low` to `high` (either may be None)."""
        condition = Q()
        if low is not None:
            condition &= Q(start_year__gte=low)
        if high is not None:
            condition &= Q(start_year__lte=high)
        if not condition:
            return self.all()
        return self._narrowed(self.filter(condition), "start_year", YearRange(low, high))

    def cited_in(self, source_slugs):
        return self._narrowed(super().cited_in(source_slugs), "source", source_slugs)


class RecommendationQuerySet(PublishableQuerySet):
    def with_related(self):
        return self.prefetch_related(
            "coherence_levels", "themes", "citations__source", "citations__passage__source"
        )

    def at_levels(self, slugs):
        return self._having("coherence_levels", Q(coherencelevel__slug__in=slugs))

    def with_themes(self, slugs):
        return self._having("themes", Q(theme__slug__in=slugs))


class CountryFindingQuerySet(PublishableQuerySet):
    def with_related(self):
        return self.select_related("country", "element").prefetch_related("citations__source")

    def for_countries(self, iso3_codes):
        return self.filter(country__iso3__in=_upper(iso3_codes))

    def with_elements(self, slugs):
        return self.filter(element__slug__in=slugs)
