"""The one router of the REST API v1, mounted at `/api/v1/` (URL names `api:...`).

Project wiring: with the root URLconf, the one module of `coherence` that names the apps
built on it (docs/decisions/0007-layers.md)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from practices.api.changes import ChangesView, ExportView
from practices.api.practices import PracticeViewSet, RecommendationViewSet
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
    path("export/", ExportView.as_view(), name="export"),
    *router.urls,
]
