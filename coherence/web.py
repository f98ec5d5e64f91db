"""What the pages share: query strings that keep every filter, pagination that explains a
bad page number instead of failing, and FilterSets whose invalid parameters are explained
(the list views built on them: `coherence.lists`).

Bad input never fails a page: an unknown filter value or a page past the end renders the
page with status 400 and a plain-language message; the valid filters still apply.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from .filters import split_values

PAGE = "page"


def query_params(data, *, drop=(PAGE,)) -> dict[str, list[str]]:
    """The query's parameters as {name: [values]}, comma-separated values split, in order."""
    params = {}
    for name in data:
        if name in drop:
            continue
        values = split_values(data, name)
        if values:
            params[name] = values
    return params


def encode(params: dict[str, list[str]]) -> str:
    """A query string with repeated parameters (`?country=MEX&country=PHL`)."""
    return urlencode([(name, value) for name, values in params.items() for value in values])


def with_value(params, name, value, *, replace=False) -> str:
    """The query string with `value` added to `name` (or replacing its values)."""
    changed = {key: list(values) for key, values in params.items()}
    changed[name] = [value] if replace else [*changed.get(name, []), value]
    return encode(changed)


def without_value(params, name, value=None) -> str:
    """The query string without `value` of `name` (without `name` at all if value is None)."""
    changed = {key: list(values) for key, values in params.items()}
    if value is None:
        changed.pop(name, None)
    else:
        changed[name] = [v for v in changed.get(name, []) if v != value]
    return encode(changed)


class CountedPaginator(Paginator):
    """A paginator told its count, for results whose count is already known (e.g. from
    the facet counts), so that it does not run a COUNT query of its own."""

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count


def paginate(request, object_list, per_page, *, count=None):
    """(page, message): the page the request asks for, or the nearest one with a message
    saying why when the number is not a page of these results."""
    paginator = CountedPaginator(object_list, per_page, count=count)
    raw = request.GET.get(PAGE, "1").strip() or "1"
    try:
        number = int(raw)
    except ValueError:
        return paginator.page(1), _("“%(page)s” is not a page number: showing the first page.") % {
            "page": raw[:20]
        }
    if number < 1:
        return paginator.page(1), _("Pages are numbered from 1: showing the first page.")
    if number > paginator.num_pages:
        last = paginator.num_pages
        return paginator.page(last), _(
            "There is no page %(number)s: these results have %(total)s page(s). Showing the last one."
        ) % {"number": number, "total": last}
    return paginator.page(number), None


def unknown_parameters(data, accepted) -> list[str]:
    """A message for each query parameter the page does not take (a mistyped filter must
    not look like an answer), naming those it does."""
    listed = ", ".join(sorted(accepted))
    return [
        _("Unknown parameter “%(name)s”: it was ignored. This page takes %(accepted)s.")
        % {"name": name[:40], "accepted": listed}
        for name in data
        if name not in accepted
    ]


def accepted_parameters(filterset_class, *extra) -> set[str]:
    """The query parameters of a page filtered by `filterset_class`: its filters, the page
    number and any `extra`."""
    return {*filterset_class.base_filters, PAGE, *extra}


def filter_errors(filterset) -> list[str]:
    """The FilterSet's errors as plain sentences naming the parameter."""
    messages = []
    for name, errors in filterset.form.errors.items():
        for error in errors:
            messages.append(f"{name}: {error}")
    return messages


def valid_filterset(filterset_class, data, queryset, request=None, **kwargs):
    """(filterset, errors): the FilterSet for `data` (and the FilterSet's own `kwargs`);
    when some parameters are invalid, their messages and a FilterSet of the remaining,
    valid parameters."""
    filterset = filterset_class(data, queryset=queryset, request=request, **kwargs)
    if filterset.is_valid():
        return filterset, []
    errors = filter_errors(filterset)
    valid_data = data.copy()
    for name in filterset.form.errors:
        valid_data.pop(name, None)
    filterset = filterset_class(valid_data, queryset=queryset, request=request, **kwargs)
    filterset.is_valid()
    return filterset, errors
