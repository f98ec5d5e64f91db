"""The account page and its token actions (namespace `accounts`), beside allauth's pages
under /accounts/ (coherence/urls.py)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("tokens/", views.TokenCreateView.as_view(), name="token-create"),
    path("tokens/<str:token_key>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
]
