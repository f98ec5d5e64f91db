"""List pages filtered by a shared FilterSet (the same parameters as the API), with the
facet sidebar every list shares: labelled facets with their counts among the results, the
active filters as chips, a sort order, and an empty state that says which filter to
remove. The practices list builds the same sidebar from its facet index
(`practices.views.practices`)."""

from __future__ import annotations

from django.views.generic import ListView

from . import sidebar
from .facets import ListFacet, list_facets
from .web import (
    accepted_parameters,
    encode,
    paginate,
    query_params,
    unknown_parameters,
    valid_filterset,
    without_value,
)


def headings_of(filterset_class, *, extra=None) -> dict[str, str]:
    """Each filter's label, by its parameter name (what a chip calls it)."""
    headings = {
        name: str(flt.label) if flt.label else name
        for name, flt in filterset_class.base_filters.items()
    }
    if "ordering" in headings:
        headings["ordering"] = sidebar.SORT_HEADING
    return {**headings, **(extra or {})}


def sidebar_form(
    *,
    action: str,
    filterset,
    params,
    groups,
    sorts=(),
    search_help=None,
    extra_fields=(),
    shown=(),
) -> dict:
    """What templates/includes/facet_sidebar.html draws: the search box (when the
    FilterSet has one), the sort order, the facet groups, other fields, and the
    parameters kept as hidden fields."""
    search = None
    if "search" in filterset.filters:
        search = {
            "label": filterset.filters["search"].label,
            "value": filterset.data.get("search", "")[:600],
            "help": search_help,
        }
    return {
        "action": action,
        "search": search,
        "sorts": sorts,
        "ordering": filterset.data.get("ordering", ""),
        "groups": groups,
        "fields": [filterset.form[name] for name in extra_fields],
        "kept": sidebar.kept_parameters(
            params,
            {"search", "ordering", *(g["name"] for g in groups), *extra_fields, *shown},
        ),
        "active": sidebar.active_count(params, {g["name"] for g in groups} | set(extra_fields)),
    }


class FilteredListView(ListView):
    """A list page filtered by a shared FilterSet, the same parameters as the API.

    `facets` are the FilterSet's filters the sidebar lists with their counts; `sorts` the
    sort orders it offers ((value, label), the first the default); `extra_fields` other
    filters it shows as plain fields (a year)."""

    filterset_class = None
    facets: tuple[ListFacet, ...] = ()
    sorts: tuple[tuple[str, str], ...] = ()
    extra_fields: tuple[str, ...] = ()
    search_help = None
    paginate_by = 50

    def get_base_queryset(self):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.params = query_params(request.GET)
        self.filterset, self.errors = valid_filterset(
            self.filterset_class, request.GET, self.get_base_queryset(), request
        )
        accepted = accepted_parameters(self.filterset_class)
        self.errors += unknown_parameters(request.GET, accepted)
        # Links keep the valid parameters only; the others show as chips to remove.
        self.valid = {
            name: values
            for name, values in self.params.items()
            if name in self.filterset.data and name in accepted
        }
        self.object_list = self.filterset.qs
        self.facet_counts = self.count_facets()
        self.page, page_error = paginate(request, self.object_list, self.paginate_by)
        if page_error:
            self.errors.append(page_error)
        context = self.get_context_data()
        return self.render_to_response(context, status=400 if self.errors else 200)

    def count_facets(self) -> dict[str, list[dict]]:
        return list_facets(self.object_list, self.facets, self.filterset)

    def facet_headings(self) -> dict[str, str]:
        return {facet.name: str(facet.heading) for facet in self.facets}

    def paginate_queryset(self, queryset, page_size):
        page = self.page
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        headings = headings_of(self.filterset_class)
        unknown = {name: name for name in self.params if name not in headings}
        groups = sidebar.facet_groups(
            self.facet_counts, self.valid, self.filterset, self.facet_headings()
        )
        return super().get_context_data(
            errors=self.errors,
            total=self.page.paginator.count,
            query=encode(self.valid),
            page_query=without_value(self.valid, "page"),
            sidebar=sidebar_form(
                action=self.request.path,
                filterset=self.filterset,
                params=self.valid,
                groups=groups,
                sorts=self.sorts,
                search_help=self.search_help,
                extra_fields=self.extra_fields,
            ),
            chips=sidebar.chips(
                self.params, self.facet_counts, self.filterset, {**headings, **unknown}, self.sorts
            ),
            **kwargs,
        )
