"""Reusable reads of practices, recommendations and findings.

Filters on related records use EXISTS subqueries rather than joins, so a practice is
never repeated, no DISTINCT is needed, and filters on several facets stay cheap.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q

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

    def _through(self, field):
        return self.model._meta.get_field(field).remote_field.through.objects

    def _having(self, field, condition):
        return self.filter(Exists(self._through(field).filter(condition, practice=OuterRef("pk"))))

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

    def cited_in(self, source_slugs):
        from coherence.models import Citation

        return self.filter(
            Exists(
                Citation.objects.filter(
                    content_type=ContentType.objects.get_for_model(self.model),
                    object_id=OuterRef("pk"),
                    source__slug__in=source_slugs,
                )
            )
        )


class RecommendationQuerySet(PublishableQuerySet):
    def with_related(self):
        return self.prefetch_related("coherence_levels", "themes", "citations__source")


class CountryFindingQuerySet(PublishableQuerySet):
    def with_related(self):
        return self.select_related("country", "element").prefetch_related("citations__source")
