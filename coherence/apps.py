from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoherenceConfig(AppConfig):
    name = "coherence"
    verbose_name = _("Coherence framework")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import collation, data_version, redirects, signals, versions  # noqa: F401 - versions connects its receivers
        from .models import Institution, PolicyTool

        connection_created.connect(collation.register, dispatch_uid="coherence.collation")
        signals.connect()
        data_version.connect(self)
        redirects.register(Institution, page="coherence:institution-detail", api="institution")
        redirects.register(PolicyTool, page="coherence:tool-detail", api="tool")
