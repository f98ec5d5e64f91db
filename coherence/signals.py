"""Receivers of the reference framework app. Connected by `CoherenceConfig.ready()`."""

from django.db.models.signals import pre_save


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
