from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from coherence import fulltext


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # Imported once the models are: the receivers and the engine read them.
        from . import signals
        from .fulltext import FULL_TEXT

        signals.connect(self)
        fulltext.provide(FULL_TEXT)
