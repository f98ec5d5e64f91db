"""The change feed's receivers for status reports and memberships
(docs/decisions/0015-events-status-membership.md): a practice's detail embeds its status
reports; an institution's detail and a country's embed the memberships that tie them.
Events, with their sessions and roles, are feed resources: `embedded`."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from coherence.models import Membership

from ..models import PracticeStatusReport
from ..models.feed import FeedType as T
from .receivers import mark


def status_report_changed(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        mark([], expand=[(T.PRACTICE, instance.practice_id)], using=using)


def membership_changed(sender, instance, raw=False, using="default", **kwargs):
    if not raw:
        mark(
            [(T.COUNTRY, instance.country_id)],
            expand=[(T.INSTITUTION, instance.body_id)],
            using=using,
        )


def connect() -> None:
    uid = "feed-additions-"
    for signal in (post_save, post_delete):
        signal.connect(
            status_report_changed, sender=PracticeStatusReport, dispatch_uid=uid + "status"
        )
        signal.connect(membership_changed, sender=Membership, dispatch_uid=uid + "membership")
