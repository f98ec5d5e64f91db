"""URLs of the practice pages (namespace `practices`)."""

from django.urls import path

from .views import events, records
from .views import practices as views
from .views.preview import preview

app_name = "practices"

urlpatterns = [
    path("practices/", views.PracticeListView.as_view(), name="list"),
    path("practices/<slug:slug>/", views.PracticeDetailView.as_view(), name="detail"),
    path("recommendations/", views.RecommendationListView.as_view(), name="recommendation-list"),
    path(
        "recommendations/<slug:slug>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation-detail",
    ),
    path("events/", events.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", events.EventDetailView.as_view(), name="event-detail"),
    path("challenges/", records.ChallengeListView.as_view(), name="challenge-list"),
    path("challenges/<slug:slug>/", records.ChallengeDetailView.as_view(), name="challenge-detail"),
    path("glossary/", records.GlossaryView.as_view(), name="glossary"),
    path("questions/<slug:slug>/", records.QuestionDetailView.as_view(), name="question-detail"),
    path("preview/<str:token>/", preview, name="preview"),
]
