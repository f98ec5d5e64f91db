"""The one router of the REST API v1, mounted at `/api/v1/` (URL names `api:...`)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from practices.api import PracticeViewSet, RecommendationViewSet

from .rest.changes import ChangesView
from .rest.searching import SearchView
from .rest.views import (
    CoherenceElementViewSet,
    CoherenceLevelViewSet,
    CountryViewSet,
    InstitutionViewSet,
    RegionViewSet,
    SourceViewSet,
    ThemeViewSet,
    ToolViewSet,
)

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

urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
    path("changes/", ChangesView.as_view(), name="changes"),
    *router.urls,
]
