"""The shared FilterSets (`coherence/filters.py`, `practices/filters.py`) as API filters:
an invalid value is a 400 naming the parameter and the reason."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class FilterSetBackend(DjangoFilterBackend):
    """Filters a list with its view's FilterSet, which it leaves on the view
    (`view.filterset`) for what else reads it (the practices' selection), with the
    view's own FilterSet arguments (`view.get_filterset_kwargs()`, if it has any)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "get_filterset_kwargs", None)
        return {**kwargs, **extra()} if extra is not None else kwargs

    def filter_queryset(self, request, queryset, view):
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
        queryset = filterset.qs
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
        if "pk" not in ordering and "-pk" not in ordering:
            # A unique last key, so that pages never repeat or skip a record.
            queryset = queryset.order_by(*ordering, "pk")
        return queryset
