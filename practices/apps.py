from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        from coherence import redirects
        from coherence.workbench import preview

        from . import signals
        from .models import Practice, Recommendation
        from .views.preview import PAGES

        signals.connect()
        signals.watch_data_version(self)
        preview.register(*PAGES)
        redirects.register(Practice, page="practices:detail", api="practice")
        redirects.register(
            Recommendation,
            page="practices:recommendation-detail",
            api="recommendation",
            api_lookup="id",  # the API addresses recommendations by id
        )
