"""The receivers that mark, in the write's own transaction, the public resources a write
may have changed (`rules` says which), and have the marks processed when it commits.

What the database holds after the write is read when the marks are processed; what it
held before is read here, when it is about to go: on deletion (the links a cascade
removes) and when a save moves a record to another parent (an institution to another
country)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from coherence.models import (
    Citation,
    Country,
    Event,
    Institution,
    PolicyTool,
    Region,
    SourcePassage,
)
from coherence.passages import passages_rebuilt

from ..models import (
    CLASSIFICATIONS,
    CountryFinding,
    FeedPending,
    Practice,
    PracticeCountry,
    PracticeInstitution,
    Recommendation,
)
from ..models.feed import FeedType as T
from .processing import process_on_commit
from .rules import CLASSIFIED_TYPES, MODELS, TYPE_OF, Mark, embedders, holders, regions_of


def mark(marks: Iterable[Mark], *, expand: Iterable[Mark] = (), using: str = "default") -> None:
    """Note resources to look at when the marks are processed (`expand`: and those that
    embed them, as the database will be then)."""
    rows = [FeedPending(type=kind, object_id=pk) for kind, pk in set(marks)]
    rows += [FeedPending(type=kind, object_id=pk, expand=True) for kind, pk in set(expand)]
    if rows:
        FeedPending.objects.using(using).bulk_create(rows)
        process_on_commit(using)


# Receivers ---------------------------------------------------------------------------------

# Foreign keys whose old target shows the record: when a save moves the record, the
# target it leaves changes too.
PARENTS = {
    Institution: {"country_id": T.COUNTRY, "parent_id": T.INSTITUTION},
    Country: {"region_id": T.REGION, "subregion_id": T.REGION, "intermediate_region_id": T.REGION},
    Region: {"parent_id": T.REGION},
    Event: {"input_to_id": T.EVENT},
}


def resource_saved(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        # Loaded as it was (a fixture, a restore): the feed's own tables come with it.
        # `loaddata` sets the record's many-to-many links next, which must not count.
        instance._feed_loaded = True
        return
    mark([], expand=[(TYPE_OF[sender], instance.pk)], using=using)


def resource_moving(sender, instance, raw=False, using="default", **kwargs):
    """Before a save: the parents the record leaves."""
    if raw or instance.pk is None:
        return
    fields = PARENTS[sender]
    before = sender.objects.using(using).filter(pk=instance.pk).values(*fields).first()
    if before is None:
        return
    mark(
        [
            (kind, before[field])
            for field, kind in fields.items()
            if before[field] and before[field] != getattr(instance, field)
        ],
        using=using,
    )


def resource_deleting(sender, instance, using="default", **kwargs):
    """Before a deletion: everything that shows the record, while its links exist."""
    mark(embedders(TYPE_OF[sender], [instance.pk]), using=using)


def link_changed(sender, instance, raw=False, using="default", **kwargs):
    """A practice's country or institution link (rows of their own, with a role)."""
    if raw:
        return
    marks: list[Mark] = []
    if sender is PracticeCountry:
        marks = [(T.COUNTRY, instance.country_id), *regions_of([instance.country_id])]
    else:
        marks = [(T.INSTITUTION, instance.institution_id)]
    mark(marks, expand=[(T.PRACTICE, instance.practice_id)], using=using)


def classification_changed(sender, instance, raw=False, using="default", **kwargs):
    """A practice's classification under a GCM objective, principle or SDG target (rows
    of their own, with a reason): the record's count and the practice's detail."""
    if raw:
        return
    for name, through, field, _key, _facet in CLASSIFICATIONS:
        if sender is through:
            target = (CLASSIFIED_TYPES[name], getattr(instance, f"{field}_id"))
            mark([target], expand=[(T.PRACTICE, instance.practice_id)], using=using)


def many_changed(sender, instance, action, reverse, model, pk_set, using="default", **kwargs):
    """A many-to-many link (a practice's levels, a tool's publishers...): both ends, and
    for a practice what embeds it (its countries' profiles count its levels)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if getattr(instance, "_feed_loaded", False):
        return
    own = TYPE_OF.get(type(instance))
    other = TYPE_OF.get(model)  # None for a vocabulary that is no resource (addressees)
    if own is None:
        return
    if action == "pre_clear":
        mark([], expand=[(own, instance.pk)], using=using)
        return
    ends = [(own, instance.pk), *((other, pk) for pk in pk_set or () if other)]
    mark(
        [end for end in ends if end[0] != T.PRACTICE],
        expand=[end for end in ends if end[0] == T.PRACTICE],
        using=using,
    )


def citation_changed(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        return
    mark(holders([instance]), using=using)


def citation_moving(sender, instance, raw=False, using="default", **kwargs):
    if raw or instance.pk is None:
        return
    before = Citation.objects.using(using).filter(pk=instance.pk).first()
    if before is not None and (before.content_type_id, before.object_id) != (
        instance.content_type_id,
        instance.object_id,
    ):
        mark(holders([before]), using=using)


def finding_changed(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        return
    marks = [(T.COUNTRY, instance.country_id)]
    if kwargs.get("signal") is pre_save and instance.pk is not None:
        before = CountryFinding.objects.using(using).filter(pk=instance.pk).first()
        marks = [(T.COUNTRY, before.country_id)] if before is not None else []
    mark(marks, using=using)


def passage_changed(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        return
    mark([], expand=[(T.SOURCE, instance.source_id)], using=using)


def passages_replaced(sender, source, **kwargs):
    mark([], expand=[(T.SOURCE, source.pk)])


def connect() -> None:
    uid = "feed-"
    for model in MODELS.values():
        post_save.connect(resource_saved, sender=model, dispatch_uid=uid + "saved")
        pre_delete.connect(resource_deleting, sender=model, dispatch_uid=uid + "deleting")
    for model in PARENTS:
        pre_save.connect(resource_moving, sender=model, dispatch_uid=uid + "moving")
    for model in (PracticeCountry, PracticeInstitution):
        post_save.connect(link_changed, sender=model, dispatch_uid=uid + "link")
        post_delete.connect(link_changed, sender=model, dispatch_uid=uid + "link")
    for _name, through, *_rest in CLASSIFICATIONS:
        post_save.connect(classification_changed, sender=through, dispatch_uid=uid + "classified")
        post_delete.connect(classification_changed, sender=through, dispatch_uid=uid + "classified")
    for field in (
        Practice.coherence_levels,
        Practice.elements,
        Practice.themes,
        Practice.tools,
        PolicyTool.publishers,
        PolicyTool.countries,
        PolicyTool.coherence_levels,
        Recommendation.coherence_levels,
        Recommendation.themes,
        Recommendation.addressed_to,
    ):
        m2m_changed.connect(many_changed, sender=field.through, dispatch_uid=uid + "many")
    post_save.connect(citation_changed, sender=Citation, dispatch_uid=uid + "citation")
    post_delete.connect(citation_changed, sender=Citation, dispatch_uid=uid + "citation")
    pre_save.connect(citation_moving, sender=Citation, dispatch_uid=uid + "citation-moving")
    for signal in (pre_save, post_save, post_delete):
        signal.connect(finding_changed, sender=CountryFinding, dispatch_uid=uid + "finding")
    post_save.connect(passage_changed, sender=SourcePassage, dispatch_uid=uid + "passage")
    post_delete.connect(passage_changed, sender=SourcePassage, dispatch_uid=uid + "passage")
    passages_rebuilt.connect(passages_replaced, dispatch_uid=uid + "passages")
