"""Receivers of the reference framework app (connected by `CoherenceConfig.ready()`),
and the signal of writes made in bulk."""

from django.db.models.signals import pre_save
from django.dispatch import Signal

# Sent after records were written in bulk, bypassing the models' signals (a restore, the
# synthetic benchmark data), inside the writer's transaction, with `using` (the
# database) and `progress` (None, or a callable(step, n) to report progress to):
# receivers rebuild what they derive from the records (the search index, the facet
# index's token), which the apps built on this one keep.
bulk_written = Signal()

# Sent before a backup is taken, with `using`: receivers bring what they derive from
# committed writes up to date first (the change feed's pending marks), so that the backup
# holds it.
backing_up = Signal()


def keep_loaded_history(sender, instance, raw=False, **kwargs):
    """A record saved raw (by `loaddata`, from a fixture or a backup) writes no history:
    its history, if it has any, is loaded with it. simple-history already skips raw
    saves, but not the many-to-many links `loaddata` sets right after, which would add
    an "updated" record stamped with the time of the load for every record that has
    links. Its own flag stops that; the deserialized instance is used once and dropped."""
    if raw and hasattr(sender._meta, "simple_history_manager_attribute"):
        instance.skip_history_when_saving = True


def connect():
    pre_save.connect(keep_loaded_history, dispatch_uid="coherence-loaded-history")
