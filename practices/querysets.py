"""Reusable reads of practices, recommendations and findings."""

from django.db.models import Prefetch, Q

from coherence.models.base import PublishableQuerySet


def _upper(values):
    return [value.upper() for value in values]


class PracticeQuerySet(PublishableQuerySet):
    def with_related(self):
        """Everything a list of practices shows, in a fixed number of queries."""
        from .models import PracticeCountry, PracticeInstitution

        return self.prefetch_related(
            Prefetch(
                "country_links",
                queryset=PracticeCountry.objects.select_related("country"),
            ),
            Prefetch(
                "institution_links",
                queryset=PracticeInstitution.objects.select_related("institution"),
            ),
            "tools",
            "coherence_levels",
            "elements",
            "themes",
        )

    def facets(self):
        """Each facet's values with their counts among these practices."""
        from .facets import practice_facets

        return practice_facets(self)

    def for_countries(self, iso3_codes):
        return self._having("countries", Q(country__iso3__in=_upper(iso3_codes)))

    def in_regions(self, slugs):
        return self._having(
            "countries",
            Q(country__region__slug__in=slugs)
            | Q(country__subregion__slug__in=slugs)
            | Q(country__intermediate_region__slug__in=slugs),
        )

    def at_levels(self, slugs):
        return self._having("coherence_levels", Q(coherencelevel__slug__in=slugs))

    def with_themes(self, slugs):
        return self._having("themes", Q(theme__slug__in=slugs))

    def with_elements(self, slugs):
        return self._having("elements", Q(coherenceelement__slug__in=slugs))

    def with_institutions(self, slugs):
        return self._having("institutions", Q(institution__slug__in=slugs))

    def with_institution_kinds(self, kinds):
        return self._having("institutions", Q(institution__kind__in=kinds))

    def with_tools(self, slugs):
        return self._having("tools", Q(policytool__slug__in=slugs))


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
