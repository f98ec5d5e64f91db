"""Page-number pagination: `?page=` and `?page_size=` (default 25, at most 200).

Every page says whether its `count` is exact (`count_is_exact`): it is, but for a list
that estimates it (`count_is_exact` False on what is paged: a broad full-text search by
relevance, `search.engine.lists.RankedMatches`), whose pages then end where its rows do,
whatever the estimate says (`EstimatedPaginator`)."""

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


def positive_int(request, name: str) -> int | None:
    """The value of a positive integer parameter, None when absent; 400 naming the
    parameter when it is not one."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValidationError({name: ["Enter a whole number of 1 or more."]})
    return value


COUNT_DESCRIPTION = (
    "How many records the list holds: exact, unless `count_is_exact` is false (a broad "
    "full-text search), when it is an estimate rounded to three significant digits; "
    "follow `next` to page, not the count."
)
COUNT_IS_EXACT_SCHEMA = {
    "type": "boolean",
    "description": "Whether `count` is exact (true) or an estimate (false: show it as "
    '"about"). A full-text `search` ordered by relevance counts its matches exactly up '
    "to a limit (1,000 by default) and estimates beyond it.",
}


class LookaheadPage(Page):
    """A page that knows whether a row follows it, having read one row more."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0


class EstimatedPaginator(Paginator):
    """Pages of a list whose count is an estimate: a page exists when it has rows (the
    first always) and has a next page when a row follows it, read with the page; the
    estimate (`count`, `num_pages`) is for display only."""

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return LookaheadPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class ApiPagination(PageNumberPagination):
    page_size = 25
    max_page_size = 200
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        size = positive_int(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        page_number = positive_int(request, self.page_query_param) or 1
        page_size = self.get_page_size(request)
        self.count_is_exact = getattr(queryset, "count_is_exact", True)
        paginator_class = self.django_paginator_class if self.count_is_exact else EstimatedPaginator
        paginator = paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            if not self.count_is_exact:
                raise NotFound(
                    f"Page {page_number} does not exist: the results end before it."
                ) from error
            raise NotFound(
                f"Page {page_number} does not exist: there are {paginator.num_pages} pages."
            ) from error
        self.request = request
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_exact": self.count_is_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        properties = answer["properties"]
        properties["count"]["description"] = COUNT_DESCRIPTION
        answer["properties"] = {
            "count": properties.pop("count"),
            "count_is_exact": COUNT_IS_EXACT_SCHEMA,
            **properties,
        }
        answer["required"] = ["count", "count_is_exact", "results"]
        return answer

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = (
                    f"Results per page (default {self.page_size}, at most {self.max_page_size})."
                )
        return parameters
