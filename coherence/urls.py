"""The site's URLs: the admin, the health check, and (as they land) the pages and the API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from coherence.health import healthz

admin.site.site_header = "Policy Coherence Knowledge Base"
admin.site.site_title = "Policy Coherence KB admin"
admin.site.index_title = "Curate the knowledge base"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("coherence.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("practices.urls")),
    path("", include("coherence.web_urls")),
]

# JSON errors under /api/, the site's pages elsewhere (templates/404.html; the 500 and 503
# pages rendered without the database or the request context).
handler400 = "coherence.errors.bad_request"
handler404 = "coherence.errors.page_not_found"
handler500 = "coherence.errors.server_error"
