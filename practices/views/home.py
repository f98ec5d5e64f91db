"""The home page: the four levels with their numbers of practices, entry points by
country (the world map, a list) and theme, the practices over time, the newest
practices."""

from __future__ import annotations

from django.views.generic import TemplateView

from coherence.models import CoherenceLevel, Country, Theme

from ..charts import period_chart, period_rows, practice_map
from ..selection import PUBLISHED
from ..selectors import all_practice_counts, newest_practices, start_year_counts

NEWEST_SHOWN = 6


class HomeView(TemplateView):
    template_name = "practices/home.html"

    def get_context_data(self, **kwargs):
        counts = all_practice_counts(PUBLISHED)
        levels = list(CoherenceLevel.objects.all())
        for level in levels:
            level.practice_count = counts["coherence_level"].get(level.slug, 0)
        themes = [theme for theme in Theme.objects.all() if counts["theme"].get(theme.slug)]
        for theme in themes:
            theme.practice_count = counts["theme"][theme.slug]
        with_practices = [iso3 for iso3, n in counts["country"].items() if n]
        years = start_year_counts(PUBLISHED)
        countries = list(Country.objects.filter(iso3__in=with_practices).order_by("name"))
        return super().get_context_data(
            levels=levels,
            themes=themes,
            countries=countries,
            map=practice_map(countries, counts["country"]),
            periods=period_rows(years),
            period_chart=period_chart(years),
            newest=newest_practices(NEWEST_SHOWN),
            **kwargs,
        )
