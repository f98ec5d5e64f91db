"""Pages of practices and recommendations."""

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from coherence.models import Citation, EditorialState
from coherence.web import (
    FilteredListView,
    accepted_parameters,
    encode,
    paginate,
    query_params,
    unknown_parameters,
    valid_filterset,
    with_value,
    without_value,
)

from .facets import practice_facets
from .filters import PracticeFilterSet, RecommendationFilterSet
from .listing import paged
from .models import Practice, PracticeCountry, Recommendation

# The sidebar's facets, in order, with their headings.
FACETS = {
    "country": _("Country"),
    "region": _("Region"),
    "coherence_level": _("Coherence level"),
    "element": _("Coherence element"),
    "theme": _("Theme"),
    "scope": _("Scope"),
    "status": _("Status"),
    "institution_kind": _("Institution kind"),
    "tool": _("Tool or framework"),
    "source": _("Source paper"),
}
# Other parameters a chip can show (set by a link or a bookmark, not by the sidebar).
OTHER_PARAMETERS = {
    "search": _("Search"),
    "institution": _("Institution"),
    "year_from": _("Started in or after"),
    "year_to": _("Started in or before"),
    "updated_after": _("Updated after"),
    "ordering": _("Sort"),
}
# How many values of a facet show before "more".
FACET_VISIBLE = 8
# At most this many values of an open facet (countries, tools...) are listed.
FACET_LIMIT = 60
SORTS = [
    ("", _("Relevance (with a search), else title")),
    ("title", _("Title, A to Z")),
    ("-title", _("Title, Z to A")),
    ("-start_year", _("Newest start first")),
    ("start_year", _("Oldest start first")),
    ("-updated_at", _("Recently updated")),
]
API_PATH = "/api/v1/practices/"


def _normalise(name, value):
    return value.upper() if name == "country" else value.lower() if name in FACETS else value


class PracticeListView(TemplateView):
    """The practices with a faceted sidebar. Every state is a plain GET URL with the same
    parameters as `/api/v1/practices/`; the facet counts are those of the current results."""

    template_name = "practices/practice_list.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        params = query_params(request.GET)
        for name in FACETS:
            if name in params:
                params[name] = list(dict.fromkeys(_normalise(name, v) for v in params[name]))
        filterset, errors = valid_filterset(
            PracticeFilterSet, request.GET, Practice.objects.published(), request
        )
        errors += unknown_parameters(request.GET, accepted_parameters(PracticeFilterSet))
        invalid = {name for name in params if name not in filterset.data}
        matches = filterset.qs
        # Links keep the valid parameters only; the invalid ones show as removable chips.
        valid = {name: values for name, values in params.items() if name not in invalid}
        # Counted and paged by the facet index when the filters are facets only.
        listing = paged(matches.with_related())
        facets = practice_facets(listing)
        # Every practice has exactly one status, so the status counts add up to the number
        # of results: no COUNT query of its own.
        total = sum(value["count"] for value in facets["status"])
        page, page_error = paginate(request, listing, self.paginate_by, count=total)
        if page_error:
            errors.append(page_error)
        practices = list(page.object_list)
        search_text = filterset.form.cleaned_data.get("search") or ""
        snippets = {}
        if search_text.strip() and practices:
            from search import highlight

            snippets = highlight(practices, search_text)
        for practice in practices:
            practice.snippet = snippets.get(practice.pk)
        context = self.get_context_data(
            practices=practices,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            total=total,
            errors=errors,
            search_text=request.GET.get("search", "")[:600],
            search_active=bool(search_text.strip()),
            facet_groups=self.facet_groups(facets, valid, filterset),
            chips=self.chips(params, facets, filterset),
            sorts=SORTS,
            ordering=request.GET.get("ordering", ""),
            kept=self.kept_parameters(valid),
            page_query=without_value(valid, "page"),
            export_csv=f"{API_PATH}?{with_value(valid, 'format', 'csv', replace=True)}",
            export_json=f"{API_PATH}?{with_value(valid, 'format', 'json', replace=True)}",
        )
        return self.render_to_response(context, status=400 if errors else 200)

    def facet_groups(self, facets, params, filterset):
        groups = []
        for name, heading in FACETS.items():
            selected = params.get(name, [])
            values = [dict(v) for v in facets.get(name, [])]
            listed = {v["value"] for v in values}
            labels = self._selected_labels(name, filterset)
            for value in selected:  # a chosen value no result has any more still shows
                if value not in listed and value in labels:
                    values.append({"value": value, "label": labels[value], "count": 0})
            values = [v for i, v in enumerate(values) if i < FACET_LIMIT or v["value"] in selected]
            # The other parameters are encoded once per facet, not once per value.
            others = encode({key: v for key, v in params.items() if key != name})
            prefix = f"?{others}&" if others else "?"
            for value in values:
                value["id"] = slugify(value["value"]) or "blank"
                value["selected"] = value["value"] in selected
                chosen = (
                    [v for v in selected if v != value["value"]]
                    if value["selected"]
                    else [*selected, value["value"]]
                )
                own = urlencode([(name, v) for v in chosen])
                value["url"] = prefix + own if own else (f"?{others}" if others else "?")
            shown = [v for i, v in enumerate(values) if i < FACET_VISIBLE or v["selected"]]
            more = [v for i, v in enumerate(values) if i >= FACET_VISIBLE and not v["selected"]]
            groups.append(
                {
                    "name": name,
                    "heading": heading,
                    "values": shown + more,
                    "visible": len(shown),
                    "hidden": len(more),
                    "open": bool(selected),
                }
            )
        return groups

    @staticmethod
    def _selected_labels(name, filterset):
        """Labels of the chosen values of a facet, from the records the filter found."""
        if not filterset.form.is_bound or not hasattr(filterset.form, "cleaned_data"):
            return {}
        chosen = filterset.form.cleaned_data.get(name)
        if not chosen:
            return {}
        field = filterset.form.fields[name]
        if hasattr(field, "to_field_name") and field.to_field_name:
            return {
                str(getattr(obj, field.to_field_name)): getattr(obj, "name", None)
                or getattr(obj, "title", None)
                or str(obj)
                for obj in chosen
            }
        if not hasattr(field, "choices"):
            return {}
        choices = dict(field.choices)
        return {value: str(choices.get(value, value)) for value in chosen}

    def chips(self, params, facets, filterset):
        chips = []
        for name, values in params.items():
            if name not in FACETS and name not in OTHER_PARAMETERS:
                continue
            heading = FACETS.get(name) or OTHER_PARAMETERS[name]
            labels = {v["value"]: v["label"] for v in facets.get(name, [])}
            labels.update(self._selected_labels(name, filterset))
            if name == "ordering":
                labels.update({key: str(label) for key, label in SORTS})
            for value in values:
                chips.append(
                    {
                        "heading": heading,
                        "label": labels.get(value, value),
                        "remove": "?" + without_value(params, name, value),
                    }
                )
        return chips

    @staticmethod
    def kept_parameters(params):
        """Parameters the form has no control for, kept as hidden fields when it is sent."""
        shown = set(FACETS) | {"search", "ordering", "page"}
        return [
            (name, value)
            for name, values in params.items()
            if name not in shown
            for value in values
        ]


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_queryset(self):
        return (
            Practice.objects.published()
            .with_related()
            .prefetch_related(
                Prefetch(
                    "citations",
                    queryset=Citation.objects.select_related("source", "passage__source"),
                )
            )
        )

    def get_context_data(self, **kwargs):
        practice = self.object
        return super().get_context_data(
            related=practice_related(practice), tools=practice.tools.all(), **kwargs
        )


def practice_related(practice, limit=5):
    """Published practices sharing the most countries and themes with this one (a shared
    country counts double: it is the more specific tie). Three small queries: the ids
    sharing a theme, the ids sharing a country, then the best candidates themselves."""
    theme_ids = [theme.pk for theme in practice.themes.all()]
    country_ids = [link.country_id for link in practice.country_links.all()]
    # Published candidates only: unpublished ones must not crowd them out of the best.
    published = {"practice__editorial_state": EditorialState.PUBLISHED}
    scores = Counter()
    if theme_ids:
        scores.update(
            Practice.themes.through.objects.filter(theme_id__in=theme_ids, **published).values_list(
                "practice_id", flat=True
            )
        )
    if country_ids:
        for pk in PracticeCountry.objects.filter(
            country_id__in=country_ids, **published
        ).values_list("practice_id", flat=True):
            scores[pk] += 2
    scores.pop(practice.pk, None)
    candidates = sorted(scores, key=lambda pk: (-scores[pk], pk))[: limit * 10]
    if not candidates:
        return []
    found = Practice.objects.published().filter(pk__in=candidates).only("slug", "title", "summary")
    return sorted(found, key=lambda other: (-scores[other.pk], other.title))[:limit]


class RecommendationDetailView(DetailView):
    template_name = "practices/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return (
            Recommendation.objects.published()
            .prefetch_related("coherence_levels", "themes")
            .prefetch_related(
                Prefetch(
                    "citations",
                    queryset=Citation.objects.select_related("source", "passage__source"),
                )
            )
        )


class RecommendationListView(FilteredListView):
    template_name = "practices/recommendation_list.html"
    context_object_name = "recommendations"
    filterset_class = RecommendationFilterSet
    filter_fields = ("search", "kind", "coherence_level", "theme", "source", "ordering")

    def get_base_queryset(self):
        return Recommendation.objects.published().with_related()
