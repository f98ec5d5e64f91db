"""Counts of published practices, annotated on the reference records in one query."""

from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery, without a GROUP BY on the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def practice_count(condition_on_practice: Q):
    from practices.models import Practice

    return Coalesce(
        SubqueryCount(
            Practice.objects.published().filter(condition_on_practice).order_by().values("pk")
        ),
        0,
    )


def via(through, field: str):
    """Practices linked through `through` to the outer record by `field`."""
    return Q(
        Exists(through.objects.filter(practice=OuterRef("pk"), **{field: OuterRef(OuterRef("pk"))}))
    )


def level_count():
    from practices.models import Practice

    return practice_count(via(Practice.coherence_levels.through, "coherencelevel"))


def theme_count():
    from practices.models import Practice

    return practice_count(via(Practice.themes.through, "theme"))


def element_count():
    from practices.models import Practice

    return practice_count(via(Practice.elements.through, "coherenceelement"))


def country_count():
    from practices.models import PracticeCountry

    return practice_count(via(PracticeCountry, "country"))


def region_count():
    from practices.models import PracticeCountry

    outer = OuterRef(OuterRef("pk"))
    return practice_count(
        Q(
            Exists(
                PracticeCountry.objects.filter(practice=OuterRef("pk")).filter(
                    Q(country__region=outer)
                    | Q(country__subregion=outer)
                    | Q(country__intermediate_region=outer)
                )
            )
        )
    )
