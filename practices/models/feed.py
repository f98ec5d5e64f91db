"""The change feed's tables (`practices.feed`, docs/decisions/0008-change-feed.md).

A write marks the public resources whose representation it may have changed
(`FeedPending`); processing the marks renders each of those resources as the API serves
it, compares the digest with the last one seen (`FeedSnapshot`) and appends an entry
(`FeedEntry`) only where the representation really changed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coherence.models.constraints import Check


class FeedType(models.TextChoices):
    """The resources a partner can keep a copy of, named as in the feed."""

    PRACTICE = "practice", _("practice")
    INSTITUTION = "institution", _("institution")
    TOOL = "tool", _("tool")
    RECOMMENDATION = "recommendation", _("recommendation")
    COUNTRY = "country", _("country")
    REGION = "region", _("region")
    COHERENCE_LEVEL = "coherence-level", _("coherence level")
    ELEMENT = "element", _("element")
    THEME = "theme", _("theme")
    SOURCE = "source", _("source")
    GCM_OBJECTIVE = "gcm-objective", _("GCM objective")
    GCM_PRINCIPLE = "gcm-principle", _("GCM guiding principle")
    SDG_TARGET = "sdg-target", _("SDG target")
    CHALLENGE = "challenge", _("challenge")
    DEFINITION = "definition", _("definition")
    QUESTION = "question", _("question")
    EVENT = "event", _("event")


class FeedAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")


class FeedEntry(models.Model):
    """One change to a public resource's representation, as partners see it. The id is
    the feed's cursor: entries are appended under a lock, so ids are committed in order
    and a partner that asks for those after the last id it saw misses none."""

    type = models.CharField(_("type"), max_length=20, choices=FeedType.choices)
    key = models.CharField(_("key"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=FeedAction.choices)
    time = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("change feed entry")
        verbose_name_plural = _("change feed entries")
        ordering = ["id"]
        indexes = [models.Index(fields=["type", "id"], name="feedentry_type_id")]
        constraints = [
            Check(condition=models.Q(type__in=FeedType.values), name="feedentry_type_valid"),
            Check(condition=models.Q(action__in=FeedAction.values), name="feedentry_action_valid"),
        ]

    def __str__(self):
        return f"{self.id} {self.action} {self.type} {self.key}"


class FeedSnapshot(models.Model):
    """The representation of a public resource when the feed last saw it: its key, the
    digest and the JSON text (which the complete export serves) and when it last
    changed. A resource that is not public has no snapshot."""

    type = models.CharField(_("type"), max_length=20, choices=FeedType.choices)
    object_id = models.BigIntegerField(_("object id"))
    key = models.CharField(_("key"), max_length=200)
    digest = models.CharField(_("digest"), max_length=64)
    content = models.TextField(_("content"))
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("change feed snapshot")
        ordering = ["type", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "object_id"], name="feedsnapshot_one_per_resource"
            ),
        ]
        indexes = [models.Index(fields=["type", "key"], name="feedsnapshot_type_key")]

    def __str__(self):
        return f"{self.type} {self.key}"


class FeedPending(models.Model):
    """A resource a write may have changed, written in the write's own transaction (so it
    is never lost, nor kept for a write that rolled back). `expand`: the resources whose
    representation embeds this one are to be looked at too."""

    type = models.CharField(_("type"), max_length=20, choices=FeedType.choices)
    object_id = models.BigIntegerField(_("object id"))
    expand = models.BooleanField(_("expand"), default=False)

    class Meta:
        verbose_name = _("pending change")
        ordering = ["id"]

    def __str__(self):
        return f"{self.type} {self.object_id}"


class FeedLock(models.Model):
    """One row, updated first by whoever processes the pending marks: on SQLite that
    write takes the database's write lock, on PostgreSQL the row lock; either way one
    processor at a time, and the entries' ids are committed in order."""

    runs = models.BigIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("change feed lock")
        constraints = [
            Check(condition=models.Q(id=1), name="feedlock_single_row"),
        ]

    def __str__(self):
        return str(self.runs)
