"""The change feed's receivers for the records that issue 21's resources embed
(docs/decisions/0008-change-feed.md): a question's detail embeds its published results
and the countries whose findings answer it; an event's detail embeds its sessions (with
their papers), its roles (with the person, State or institution that took each) and
their citations. The resources themselves (challenges, definitions, questions, events)
are marked by `receivers`, as every type of `rules.MODELS`; what shows them, and their
links to levels, elements, countries and papers, is said in `rules.embedders`."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from coherence.models import Event, Participation, Person, Session

from ..models import Challenge, CountryFinding, QuestionResult
from ..models.feed import FeedType as T
from .receivers import many_changed, mark

# Records shown inside one resource: the field that names it, and its type. A save that
# moves a record to another one (a result to another question) changes both.
PARENT = {
    QuestionResult: ("question_id", T.QUESTION),
    CountryFinding: ("question_id", T.QUESTION),
    Session: ("event_id", T.EVENT),
    Participation: ("event_id", T.EVENT),
}


def part_moving(sender, instance, raw=False, using="default", **kwargs):
    """Before a save: the resource the record leaves."""
    if raw or instance.pk is None:
        return
    field, kind = PARENT[sender]
    before = sender._default_manager.using(using).filter(pk=instance.pk).values(field).first()
    if before and before[field] and before[field] != getattr(instance, field):
        mark([(kind, before[field])], using=using)


def part_changed(sender, instance, raw=False, using="default", **kwargs):
    """After a save or a deletion: the resource that shows the record."""
    if raw:
        # Loaded as it was (a fixture, a restore): `loaddata` sets a session's papers
        # next, which must not count (`papers_changed`), as for the resources.
        instance._feed_loaded = True
        return
    field, kind = PARENT[sender]
    if getattr(instance, field):
        mark([(kind, getattr(instance, field))], using=using)


def person_changed(sender, instance, raw=False, using="default", **kwargs):
    """A person's name, title or affiliation: the events where they took a role."""
    if raw:
        return
    events = Participation.objects.using(using).filter(person=instance.pk)
    mark([(T.EVENT, pk) for pk in events.values_list("event_id", flat=True)], using=using)


def papers_changed(sender, instance, action, reverse, model, pk_set, using="default", **kwargs):
    """The papers of an event or of a session (from either end): the events, read now,
    before a clear empties the links."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if getattr(instance, "_feed_loaded", False):
        return
    if not reverse:
        event = instance.pk if isinstance(instance, Event) else instance.event_id
        mark([(T.EVENT, event)], using=using)
        return
    # From the paper's end: `instance` is the source, `model` the events or sessions.
    if action == "pre_clear":
        linked = model._default_manager.using(using).filter(papers=instance.pk)
    else:
        linked = model._default_manager.using(using).filter(pk__in=pk_set or ())
    field = "pk" if model is Event else "event_id"
    mark([(T.EVENT, pk) for pk in linked.values_list(field, flat=True)], using=using)


CHALLENGE_LINKS = ("coherence_levels", "elements", "countries", "themes")


def challenge_links_changed(sender, instance, action, reverse, using="default", **kwargs):
    """A challenge's levels, elements, countries or themes: both ends, as a practice's
    links; cleared from the other end (a country's challenges), the challenges it had."""
    if reverse and action == "pre_clear" and not getattr(instance, "_feed_loaded", False):
        field = next(f for f in CHALLENGE_LINKS if getattr(Challenge, f).through is sender)
        linked = Challenge.objects.using(using).filter(**{field: instance.pk})
        mark([(T.CHALLENGE, pk) for pk in linked.values_list("pk", flat=True)], using=using)
    many_changed(sender, instance, action, reverse, using=using, **kwargs)


def connect() -> None:
    uid = "feed-embedded-"
    for model in PARENT:
        pre_save.connect(part_moving, sender=model, dispatch_uid=uid + "moving")
        post_save.connect(part_changed, sender=model, dispatch_uid=uid + "part")
        post_delete.connect(part_changed, sender=model, dispatch_uid=uid + "part")
    post_save.connect(person_changed, sender=Person, dispatch_uid=uid + "person")
    pre_delete.connect(person_changed, sender=Person, dispatch_uid=uid + "person")
    for field in (Event.papers, Session.papers):
        m2m_changed.connect(papers_changed, sender=field.through, dispatch_uid=uid + "papers")
    for field in CHALLENGE_LINKS:
        m2m_changed.connect(
            challenge_links_changed,
            sender=getattr(Challenge, field).through,
            dispatch_uid=uid + "challenge",
        )
