"""Receivers that give the facet index a new token with every write that can change a
facet count or label (see `practices.facet_index`). Connected by `PracticesConfig.ready()`."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save

from coherence import data_version
from coherence.models import (
    Citation,
    CoherenceElement,
    CoherenceLevel,
    Country,
    GcmObjective,
    GcmPrinciple,
    Institution,
    PolicyTool,
    Region,
    SdgTarget,
    SourceDocument,
    Theme,
)
from coherence.rest import clock
from coherence.signals import backing_up, bulk_written

from . import facet_index, feed
from .models import (
    FacetIndexState,
    FeedEntry,
    FeedLock,
    FeedPending,
    FeedSnapshot,
    Practice,
    PracticeCountry,
    PracticeGcmObjective,
    PracticeGcmPrinciple,
    PracticeInstitution,
    PracticeSdgTarget,
)

# Records whose saving or deletion can change a practice facet's counts or labels.
MODELS = (
    Practice,
    PracticeCountry,
    PracticeInstitution,
    Citation,
    Country,
    Region,
    CoherenceLevel,
    CoherenceElement,
    Theme,
    Institution,
    PolicyTool,
    SourceDocument,
    PracticeGcmObjective,
    PracticeGcmPrinciple,
    PracticeSdgTarget,
    GcmObjective,
    GcmPrinciple,
    SdgTarget,
)
# Practices' many-to-many tables, changed through their managers.
LINKS = (
    Practice.tools.through,
    Practice.coherence_levels.through,
    Practice.elements.through,
    Practice.themes.through,
)


def practice_type(using):
    return ContentType.objects.db_manager(using).get_for_model(Practice).pk


def record_changed(sender, instance, using, **kwargs):
    if sender is Citation and instance.content_type_id != practice_type(using):
        return
    facet_index.invalidate(using)


def links_changed(sender, action, using, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        facet_index.invalidate(using)


def bulk_written_records(sender, using, **kwargs):
    """Records written in bulk send no signals of their own: the facets changed."""
    facet_index.invalidate(using)


def feed_before_backup(sender, using, **kwargs):
    """A backup holds the change feed's entries of every write committed before it."""
    feed.process(using)


# What the site derives from the records (coherence.data_version says why these are not
# watched).
BOOKKEEPING = (FacetIndexState, FeedEntry, FeedLock, FeedPending, FeedSnapshot)


def watch_data_version(app_config):
    """Practices, recommendations, findings and their links change the site's data version."""
    data_version.watch(app_config, exclude=BOOKKEEPING)


def connect():
    backing_up.connect(feed_before_backup, dispatch_uid="feed-before-backup")
    feed.connect()
    clock.provide(feed)
    bulk_written.connect(bulk_written_records, dispatch_uid="facets-bulk-written")
    for model in MODELS:
        post_save.connect(record_changed, sender=model, dispatch_uid="facets-record")
        post_delete.connect(record_changed, sender=model, dispatch_uid="facets-record")
    for table in LINKS:
        m2m_changed.connect(links_changed, sender=table, dispatch_uid="facets-links")
