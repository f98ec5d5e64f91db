"""States' membership of regional bodies (ECOWAS, the Colombo Process...), as the papers
name the members."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .actors import Institution
from .base import NaturalKeyQuerySet, TimestampedModel
from .geography import Country
from .sources import CitedQuerySet

# The kinds of institution States can be members of.
MEMBER_BODY_KINDS = (
    Institution.Kind.REGIONAL_CONSULTATIVE_PROCESS,
    Institution.Kind.REGIONAL_ECONOMIC_COMMUNITY,
    Institution.Kind.INTERNATIONAL_ORGANISATION,
)


class MembershipQuerySet(NaturalKeyQuerySet, CitedQuerySet):
    def with_related(self):
        return self.select_related("body", "country")


class Membership(TimestampedModel):
    """A State's membership of a body, where a paper names the State among its members
    (the eleven Colombo Process States the 2008 paper lists). The membership, not the
    practice, carries the citation: a practice linked to the body reaches the member's
    country page through it."""

    slug = models.SlugField(_("slug"), max_length=150)
    body = models.ForeignKey(
        Institution,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="memberships",
        limit_choices_to={"kind__in": MEMBER_BODY_KINDS},
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="memberships"
    )

    citations = GenericRelation("coherence.Citation", related_query_name="membership")
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body__name", "country__name", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="membership_slug_unique"),
            models.UniqueConstraint(
                fields=["body", "country"], name="membership_body_country_unique"
            ),
        ]

    def __str__(self):
        return f"{self.country} in {self.body}"

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return self.body.get_absolute_url()

    def clean(self):
        super().clean()
        if self.body_id and self.body.kind not in MEMBER_BODY_KINDS:
            raise ValidationError(
                {"body": _("States are members of regional or international bodies only.")}
            )
