"""URLs of the reference framework's pages (namespace `coherence`)."""

from django.urls import path

from . import views

app_name = "coherence"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    # Before `countries/<iso3>/`, which would otherwise take "compare" for a code.
    path("countries/compare/", views.CountryCompareView.as_view(), name="country-compare"),
    path("countries/<str:iso3>/", views.CountryDetailView.as_view(), name="country-detail"),
    path("institutions/", views.InstitutionListView.as_view(), name="institution-list"),
    path(
        "institutions/<slug:slug>/",
        views.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path("tools/", views.PolicyToolListView.as_view(), name="tool-list"),
    path("tools/<slug:slug>/", views.PolicyToolDetailView.as_view(), name="tool-detail"),
    path("levels/", views.CoherenceLevelListView.as_view(), name="level-list"),
    path("levels/<slug:slug>/", views.CoherenceLevelDetailView.as_view(), name="level-detail"),
    path("themes/", views.ThemeListView.as_view(), name="theme-list"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme-detail"),
    path("sources/", views.SourceDocumentListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDocumentDetailView.as_view(), name="source-detail"),
]
