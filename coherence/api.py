"""The one router of the REST API v1, mounted at `/api/v1/` (URL names `api:...`).

Project wiring: with the root URLconf, the one module of `coherence` that names the apps
built on it (docs/decisions/0007-layers.md)."""

from django.urls import path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from contributions.api import DocumentViewSet, SubmissionViewSet
from practices.api.changes import ChangesView, ExportView
from practices.api.events import EventViewSet
from practices.api.gcm import GcmObjectiveViewSet, GcmPrincipleViewSet, SdgTargetViewSet
from practices.api.practices import PracticeViewSet, RecommendationViewSet
from practices.api.records import (
    ChallengeViewSet,
    DefinitionViewSet,
    MovedRecommendationView,
    QuestionViewSet,
)
from practices.api.reference import (
    CoherenceElementViewSet,
    CoherenceLevelViewSet,
    CountryViewSet,
    InstitutionViewSet,
    RegionViewSet,
    ThemeViewSet,
    ToolViewSet,
)
from search.api import SearchView

from .rest.views import SourceViewSet
from .rest.viewsets import ApiViewMixin

app_name = "api"


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


router = Router()
router.register("practices", PracticeViewSet, basename="practice")
router.register("countries", CountryViewSet, basename="country")
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("tools", ToolViewSet, basename="tool")
router.register("coherence-levels", CoherenceLevelViewSet, basename="coherencelevel")
router.register("themes", ThemeViewSet, basename="theme")
router.register("elements", CoherenceElementViewSet, basename="element")
router.register("regions", RegionViewSet, basename="region")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("sources", SourceViewSet, basename="source")
router.register("events", EventViewSet, basename="event")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("definitions", DefinitionViewSet, basename="definition")
router.register("questions", QuestionViewSet, basename="question")
router.register("gcm-objectives", GcmObjectiveViewSet, basename="gcmobjective")
router.register("gcm-principles", GcmPrincipleViewSet, basename="gcmprinciple")
router.register("sdg-targets", SdgTargetViewSet, basename="sdgtarget")
# Contributions (issue 23): a token holder's own documents and submissions.
router.register("documents", DocumentViewSet, basename="document")
router.register("submissions", SubmissionViewSet, basename="submission")


class ApiRootView(ApiViewMixin, APIView):
    """The API's root: each resource's list, by name (JSON, like everything under `/api/`)."""

    pagination_class = None
    cache_responses = True

    @extend_schema(
        operation_id="root",
        summary="The resources of the API",
        responses={
            200: OpenApiResponse(
                response={
                    "type": "object",
                    "additionalProperties": {"type": "string", "format": "uri"},
                },
                description="The URL of each resource's list, by the resource's name.",
            )
        },
    )
    def get(self, request):
        names = [prefix for prefix, _viewset, _basename in router.registry]
        urls = {
            prefix: reverse(f"api:{basename}-list")
            for prefix, _viewset, basename in router.registry
        }
        urls["search"] = reverse("api:search")
        urls["changes"] = reverse("api:changes")
        return Response(
            {name: request.build_absolute_uri(urls[name]) for name in [*names, "search", "changes"]}
        )


urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("search/", SearchView.as_view(), name="search"),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("export/", ExportView.as_view(), name="export"),
    *router.urls,
    # After the router: a recommendation's numeric id is its detail, a slug is a moved one.
    path(
        "recommendations/<slug:slug>/",
        MovedRecommendationView.as_view(),
        name="recommendation-moved",
    ),
]
