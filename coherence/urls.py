"""The site's URLs: the admin, the health check, and (as they land) the pages and the API."""

from django.contrib import admin
from django.urls import include, path

from coherence.health import healthz

admin.site.site_header = "Policy Coherence Knowledge Base"
admin.site.site_title = "Policy Coherence KB admin"
admin.site.index_title = "Curate the knowledge base"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("practices.urls")),
    path("", include("coherence.web_urls")),
]

# The 404 page is templates/404.html (Django's default handler); the 500 page is rendered
# without the database or the request context.
handler500 = "coherence.views.server_error"
