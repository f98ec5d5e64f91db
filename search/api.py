"""`search/?q=`: ranked hits across record types, through the one search module."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from coherence.filters import split_values
from coherence.rest.pagination import ApiPagination, positive_int
from coherence.rest.viewsets import ApiViewMixin
from coherence.translated import supported

from .engine.site import search
from .kinds import TYPES
from .query import SearchQueryError

# The API's route of each record type found by its slug.
SLUG_ROUTES = {
    "practice": "api:practice-detail",
    "institution": "api:institution-detail",
    "tool": "api:tool-detail",
    "challenge": "api:challenge-detail",
    "definition": "api:definition-detail",
    "event": "api:event-detail",
}


def api_url(hit) -> str:
    if hit.type in SLUG_ROUTES:
        return reverse(SLUG_ROUTES[hit.type], kwargs={"slug": hit.key})
    if hit.type == "recommendation":
        return reverse("api:recommendation-detail", kwargs={"id": hit.obj.pk})
    return reverse("api:source-detail", kwargs={"slug": hit.obj.source.slug}) + f"#{hit.obj.anchor}"


HIT = inline_serializer(
    "SearchHit",
    fields={
        "type": serializers.ChoiceField(choices=TYPES),
        "key": serializers.CharField(help_text="slug, id, or <source slug>#<anchor>"),
        "title": serializers.CharField(),
        "snippet": serializers.CharField(help_text="HTML, the matched words in <mark>."),
        # A string, not a choice: a second name for the choice set of the languages
        # (`LanguageEnum`) would be a warning of the schema's.
        "snippet_language": serializers.CharField(
            help_text=f"The language the snippet's text is in ({', '.join(supported())}): "
            "the one searched (`lang`, else `Accept-Language`), or `en` where it comes from "
            "English text (a record without a translation, or text that exists in English "
            'only), which a page in another language marks `lang="en"`.',
        ),
        "score": serializers.FloatField(),
        "url": serializers.URLField(),
        "web_url": serializers.URLField(),
    },
)

RESULTS = inline_serializer(
    "SearchResults",
    fields={
        "count": serializers.IntegerField(
            help_text="Matches of every type: exact, unless `count_is_exact` is false, when "
            "it adds estimates (rounded to three significant digits)."
        ),
        "count_is_exact": serializers.BooleanField(
            help_text="Whether `count` is exact; false when a type has more matches than "
            "the search ranks (1,000 by default), whose count is then an estimate."
        ),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "counts": serializers.DictField(child=serializers.IntegerField()),
        "estimated": serializers.ListField(
            child=serializers.CharField(),
            help_text="The record types (as in `type`) whose counts are estimates (show "
            'them as "about"); '
            "their hits are the best of their newest matches, and the pages end there.",
        ),
        "corrected_query": serializers.CharField(
            allow_null=True,
            help_text="When the query as typed found nothing and some of its words were "
            "unknown: the query with them corrected, which is what was searched (null "
            "otherwise). `exact=1` turns corrections off.",
        ),
        "corrections": serializers.ListField(
            child=inline_serializer(
                "SearchCorrection",
                fields={"typed": serializers.CharField(), "corrected": serializers.CharField()},
            ),
            help_text="Each word corrected, as typed and as searched.",
        ),
        "expanded": serializers.ListField(
            child=inline_serializer(
                "SearchExpansion",
                fields={
                    "typed": serializers.CharField(),
                    "alternatives": serializers.ListField(child=serializers.CharField()),
                    "languages": serializers.ListField(
                        child=serializers.ChoiceField(choices=["en", "fr", "es", "any"]),
                        help_text="The language of each alternative, in the same order "
                        '(`"any"` for an acronym or a name that is not one language\'s): '
                        "mark them (`lang`) where they are shown.",
                    ),
                },
            ),
            help_text="The words or phrases typed that the thesaurus knows, with the "
            "equivalent expressions searched too (synonyms, spelling variants, acronyms, "
            "translations).",
        ),
        "dropped": serializers.ListField(
            child=serializers.CharField(),
            help_text="When all the words together found nothing: the words or phrases "
            "left out of the search, which found the results without them (empty "
            "otherwise; never with `exact=1`).",
        ),
        "results": serializers.ListField(child=HIT),
    },
)


class SearchView(ApiViewMixin, APIView):
    """Ranked hits across practices, institutions, tools, recommendations, challenges,
    glossary entries, events and passages."""

    pagination_class = ApiPagination
    extra_parameters = frozenset({"q", "type", "exact"})
    cache_responses = True

    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description="The query."),
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                enum=list(TYPES),
                many=True,
                explode=True,
                description="Record types to search (all by default).",
            ),
            OpenApiParameter(
                "exact",
                OpenApiTypes.STR,
                enum=["1"],
                description="1: search the words as typed, without corrections and without "
                "leaving words out when nothing matches (the thesaurus still applies).",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number."),
            OpenApiParameter(
                "page_size",
                OpenApiTypes.INT,
                description="Hits per page (default 25, at most 200).",
            ),
        ],
        responses={200: RESULTS},
    )
    def get(self, request):
        text = request.query_params.get("q", "")
        if not text.strip():
            raise ValidationError({"q": ["Enter something to search for."]})
        types = split_values(request.query_params, "type") or None
        exact = request.query_params.get("exact", "")
        if exact not in ("", "1"):
            raise ValidationError({"exact": ["Use exact=1 to search the words as typed."]})
        if types and (unknown := [t for t in types if t not in TYPES]):
            raise ValidationError(
                {"type": [f"Unknown type: {', '.join(unknown)}. Choose from {', '.join(TYPES)}."]}
            )
        paginator = ApiPagination()
        page = positive_int(request, "page") or 1
        size = paginator.get_page_size(request)
        try:
            # One hit more than the page: whether a next page has hits (a broad search's
            # estimated count says nothing of where its ranked hits end).
            results = search(
                text, types=types, limit=size + 1, offset=(page - 1) * size, forgiving=exact != "1"
            )
        except SearchQueryError as error:
            raise ValidationError({"q": [str(error)]}) from error
        if page > 1 and not results.hits:
            raise NotFound(f"Page {page} does not exist.")
        build = request.build_absolute_uri

        def link(number):
            query = request.query_params.copy()
            query["page"] = str(number)
            return build(f"{request.path}?{query.urlencode()}")

        return Response(
            {
                "count": results.total,
                "count_is_exact": not results.estimated,
                "next": link(page + 1) if len(results.hits) > size else None,
                "previous": link(page - 1) if page > 1 else None,
                "counts": results.counts,
                "estimated": [name for name in TYPES if name in results.estimated],
                **results.understood.as_dict(),
                "results": [
                    {
                        "type": hit.type,
                        "key": hit.key,
                        "title": hit.title,
                        "snippet": str(hit.snippet),
                        "snippet_language": hit.snippet_language,
                        "score": hit.score,
                        "url": build(api_url(hit)),
                        "web_url": build(hit.obj.get_absolute_url()),
                    }
                    for hit in results.hits[:size]
                ],
            }
        )
