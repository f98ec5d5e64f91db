"""`{% search_notice "search" %}`: what a list's search was understood to mean (issue 24),
for the pages of the layers below the search app, which search through
`coherence.fulltext` and do not hand it to their templates."""

from urllib.parse import urlencode

from django import template

from ..engine.filtering import understood_list
from ..query import MAX_QUERY_LENGTH

register = template.Library()


@register.inclusion_tag("search/understood.html", takes_context=True)
def search_notice(context, parameter="search"):
    """The notice of the corrections, words left out and synonyms of the search in the
    request's `parameter`, as the list understood it in this request."""
    request = context.get("request")
    text = request.GET.get(parameter, "") if request is not None else ""
    understood = None
    if text.strip() and len(text) <= MAX_QUERY_LENGTH:
        understood = understood_list(text)
    query = [
        (name, value)
        for name, values in (request.GET.lists() if request is not None else [])
        for value in values
        if name not in ("exact", "page")
    ]
    return {"understood": understood, "exact_query": urlencode([*query, ("exact", "1")])}
