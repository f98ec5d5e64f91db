"""The contribution pages (namespace `contributions`), mounted in every language by
coherence/urls.py: /contribute/ for contributors, /review/ for reviewers."""

from django.urls import path

from .views import reviewing, submitting

app_name = "contributions"

urlpatterns = [
    path("contribute/", submitting.StartView.as_view(), name="start"),
    path("contribute/mine/", submitting.MineView.as_view(), name="mine"),
    path("contribute/<int:pk>/", submitting.SubmissionView.as_view(), name="submission"),
    path("contribute/<int:pk>/step/<int:step>/", submitting.StepView.as_view(), name="step"),
    path("review/", reviewing.QueueView.as_view(), name="review-queue"),
    path("review/<int:pk>/", reviewing.ReviewView.as_view(), name="review"),
    path(
        "review/<int:pk>/documents/<int:document>/",
        reviewing.ReviewDocumentView.as_view(),
        name="review-document",
    ),
]
