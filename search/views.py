"""The site's search page: one box searching every type of record, the hits grouped by
type."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from coherence.text import has_control_characters
from coherence.web import unknown_parameters

from .engine.site import rescue_search, search
from .engine.window import rounded_estimate
from .query import MAX_QUERY_LENGTH, SearchQueryError
from .understanding import interpret

SEARCH_TYPES = [
    ("practice", gettext_lazy("Practices"), "practices:list"),
    ("institution", gettext_lazy("Institutions"), "coherence:institution-list"),
    ("tool", gettext_lazy("Tools and frameworks"), "coherence:tool-list"),
    ("recommendation", gettext_lazy("Recommendations"), "practices:recommendation-list"),
    ("challenge", gettext_lazy("Challenges"), None),
    ("definition", gettext_lazy("Glossary"), None),
    ("event", gettext_lazy("Events"), None),
    ("passage", gettext_lazy("Passages of the source papers"), None),
]
SEARCH_HITS_PER_TYPE = 10


class SearchView(TemplateView):
    template_name = "search/search.html"

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "")
        error, groups, total, estimated, understood = None, [], 0, False, None
        exact = request.GET.get("exact", "") == "1"
        if has_control_characters(text):
            error = _("The search cannot contain control characters.")
        elif text.strip():
            try:
                understood = interpret(text, exact=exact)
            except SearchQueryError as exc:
                error = str(exc)
            else:
                groups, total, estimated = self.grouped(understood)
                if not exact and (understood.unknown or not total):
                    # Nothing, or words no record contains: the words corrected, or
                    # (when nothing was found) without those that match nothing.
                    better = rescue_search(
                        understood,
                        types=[name for name, *_ in SEARCH_TYPES],
                        found_something=bool(total),
                    )
                    if better is not None:
                        understood = better
                        groups, total, estimated = self.grouped(understood)
        errors = unknown_parameters(request.GET, {"q", "exact"})
        context = self.get_context_data(
            q=text[: MAX_QUERY_LENGTH + 100],
            header_q=text[: MAX_QUERY_LENGTH + 100],
            error=error,
            errors=errors,
            groups=groups,
            total=total,
            # A sum with an estimate in it is an estimate, as precise as its largest part.
            total_shown=number_format(
                rounded_estimate(total) if estimated else total, force_grouping=True
            ),
            estimated=estimated,
            max_length=MAX_QUERY_LENGTH,
            understood=understood,
            exact_query=urlencode({"q": text[:MAX_QUERY_LENGTH], "exact": "1"}),
        )
        return self.render_to_response(context, status=400 if error or errors else 200)

    def grouped(self, understood):
        """The hits of each type for what was understood, their total, and whether it is
        an estimate."""
        groups, total, estimated = [], 0, False
        for name, heading, list_url in SEARCH_TYPES:
            results = search(understood, types=[name], limit=SEARCH_HITS_PER_TYPE)
            count = results.counts.get(name, 0)
            total += count
            estimated = estimated or name in results.estimated
            groups.append(
                {
                    "name": name,
                    "heading": heading,
                    "hits": results.hits,
                    "count": count,
                    # An estimate reads "about 41,800" (rounded by the engine).
                    "count_shown": number_format(count, force_grouping=True),
                    "estimated": name in results.estimated,
                    "list_url": list_url,
                }
            )
        return groups, total, estimated
