from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoherenceConfig(AppConfig):
    name = "coherence"
    verbose_name = _("Coherence framework")

    def ready(self):
        from . import data_version, signals, versions  # noqa: F401 - versions connects its receivers

        signals.connect()
        data_version.connect(self)
