"""The shared FilterSets (`coherence/filters.py`, `practices/filters/`) as API filters:
an invalid value is a 400 naming the parameter and the reason."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


def list_ordering(view, model) -> list[str]:
    """The order of a view's list before its `ordering` parameter, as data: the view's
    `ordering` or its model's, with a unique last key so that pages never repeat or skip
    a record."""
    ordering = list(view.ordering or model._meta.ordering)
    if not {"pk", "-pk"} & set(ordering):
        ordering.append("pk")
    return ordering


class FilterSetBackend(DjangoFilterBackend):
    """Orders a list as its view states (`list_ordering()`, applied per request so that
    translated names sort in the reader's language) and filters it with the view's
    FilterSet, which it leaves on the view (`view.filterset`) for what else reads it (the
    practices' selection), with the view's own FilterSet arguments
    (`view.get_filterset_kwargs()`, if it has any). A FilterSet that orders otherwise
    (its `ordering` filter, a search by relevance) ends with a unique key of its own."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "get_filterset_kwargs", None)
        return {**kwargs, **extra()} if extra is not None else kwargs

    def filter_queryset(self, request, queryset, view):
        queryset = queryset.order_by(*list_ordering(view, queryset.model))
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(
                {
                    name: [str(message) for message in messages]
                    for name, messages in filterset.errors.items()
                }
            )
        view.filterset = filterset
        return filterset.qs
