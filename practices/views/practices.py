"""Pages of practices and recommendations."""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from coherence import fulltext
from coherence import sidebar as shared_sidebar
from coherence.facets import ListFacet
from coherence.lists import FilteredListView
from coherence.translated import DEFAULT as DEFAULT_LANGUAGE
from coherence.translated import current as current_language
from coherence.web import (
    accepted_parameters,
    paginate,
    query_params,
    unknown_parameters,
    valid_filterset,
    with_value,
    without_value,
)

from .. import sidebar
from ..facets import practice_facets
from ..filters.practices import PracticeFilterSet
from ..filters.recommendations import RecommendationFilterSet
from ..items import ITEM, practice_items, snippet_source
from ..listing import by_relevance, paged
from ..models import Challenge, Practice, Recommendation
from ..selectors import related_practices
from .drafts import PreviewableMixin

# How many related practices a practice's page lists.
RELATED_SHOWN = 5


class PracticeListView(TemplateView):
    """The practices with a faceted sidebar. Every state is a plain GET URL with the same
    parameters as `/api/v1/practices/`; the facet counts are those of the current results."""

    template_name = "practices/practice_list.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        params = sidebar.normalised(query_params(request.GET))
        # Its facets' keys checked against the facet index the list is paged from, and
        # only the parameters given validated (the page renders none of its fields).
        filterset, errors = valid_filterset(
            PracticeFilterSet, request.GET, Practice.objects.published(), request, indexed=True
        )
        errors += unknown_parameters(request.GET, accepted_parameters(PracticeFilterSet))
        invalid = {name for name in params if name not in filterset.data}
        # Links keep the valid parameters only; the invalid ones show as removable chips.
        valid = {name: values for name, values in params.items() if name not in invalid}
        # Counted and paged by the facet index when the filters are facets only; the
        # page's practices read as flat rows (`practices.items`).
        selection = filterset.selection()
        practices = filterset.qs
        listing = paged(
            practices.values(*ITEM),
            selection,
            filterset.ordering_key(),
            index=filterset.index,
        )
        facets = practice_facets(listing, selection=selection)
        # Every practice has exactly one status, so the status counts add up to the number
        # of results: no COUNT query of its own.
        total = sum(value["count"] for value in facets["status"])
        # A search by relevance ranks a bounded number of matches (docs/decisions/0011);
        # its count here is exact, from the facet counts.
        search = filterset.relevance_search()
        records = filterset.queryset.values(*ITEM)
        shown = by_relevance(practices, search, records) if search else listing
        page, page_error = paginate(request, shown, self.paginate_by, count=total)
        if page_error:
            errors.append(page_error)
        items = practice_items(page.object_list, practices.db)
        search_text = filterset.form.cleaned_data.get("search") or ""
        if search_text.strip() and items:
            snippets = fulltext.engine().highlight(
                [snippet_source(item, practices.db) for item in items], search_text
            )
            for item in items:
                item.snippet = snippets.get(item.pk)
        export = reverse("api:practice-list")
        # The API refuses a parameter without a value (a form's empty field): leave them out.
        exported = {name: [v for v in values if v] for name, values in valid.items()}
        exported = {name: values for name, values in exported.items() if values}
        if current_language() != DEFAULT_LANGUAGE:
            # The downloads in the page's language (`coherence.rest.languages`).
            exported["lang"] = [current_language()]
        groups = sidebar.facet_groups(facets, valid, filterset)
        context = self.get_context_data(
            practices=items,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            total=total,
            errors=errors,
            search_active=bool(search_text.strip()),
            sidebar={
                "action": request.path,
                "search": {
                    "label": _("Search the practices"),
                    "value": request.GET.get("search", "")[:600],
                    "help": _('Words, "exact phrases", or -word to exclude.'),
                },
                "sorts": sidebar.SORTS,
                "ordering": request.GET.get("ordering", ""),
                "groups": groups,
                "kept": sidebar.kept_parameters(valid),
                "active": shared_sidebar.active_count(valid, {g["name"] for g in groups}),
            },
            chips=sidebar.chips(params, facets, filterset),
            page_query=without_value(valid, "page"),
            export_csv=f"{export}?{with_value(exported, 'format', 'csv', replace=True)}",
            export_xlsx=f"{export}?{with_value(exported, 'format', 'xlsx', replace=True)}",
            export_json=f"{export}?{with_value(exported, 'format', 'json', replace=True)}",
        )
        return self.render_to_response(context, status=400 if errors else 200)


class PracticeDetailView(PreviewableMixin, DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"

    def get_queryset(self):
        return self.shown(Practice.objects).with_related().with_citations()

    def get_context_data(self, **kwargs):
        practice = self.object
        return super().get_context_data(
            related=related_practices(practice, RELATED_SHOWN),
            tools=practice.tools.all(),
            **kwargs,
        )


class RecommendationDetailView(PreviewableMixin, DetailView):
    template_name = "practices/recommendation_detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return self.shown(Recommendation.objects).with_related()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A recommendation of kind "challenge" that became a challenge: 301 there.
            moved = Challenge.objects.published().filter(slug=kwargs["slug"]).first()
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.get_absolute_url())


class RecommendationListView(FilteredListView):
    template_name = "practices/recommendation_list.html"
    context_object_name = "recommendations"
    filterset_class = RecommendationFilterSet
    facets = (
        ListFacet("kind", _("Kind"), "kind"),
        ListFacet("addressed_to", _("Addressed to"), "addressed_to__slug"),
        ListFacet("coherence_level", _("Coherence level"), "coherence_levels__slug"),
        ListFacet("theme", _("Theme"), "themes__slug"),
        ListFacet("source", _("Source paper"), "citations__source__slug"),
    )
    sorts = (
        ("", _("Relevance (with a search), else title")),
        ("title", _("Title, A to Z")),
        ("-title", _("Title, Z to A")),
        ("-updated_at", _("Recently updated")),
    )

    def get_base_queryset(self):
        return Recommendation.objects.published().with_related()
