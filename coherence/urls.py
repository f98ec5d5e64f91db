"""The site's URLs: the admin, the health check, and (as they land) the pages and the API."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from coherence.health import healthz

admin.site.site_header = "Policy Coherence Knowledge Base"
admin.site.site_title = "Policy Coherence KB admin"
admin.site.index_title = "Curate the knowledge base"

# The API docs pages run under the site's Content-Security-Policy (settings.py) with only
# what their bundles need added, for their own responses (docs/security.md). Swagger UI:
# its start-up script fetched from the same view (the split view), its icons data: images.
# Redoc (templates/api/redoc.html): the styles it writes carry this response's nonce; it
# also needs data: images and a blob: worker for its search index.
swagger_ui = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html")
)
# Redoc's bundle writes two <style> elements as it loads, before it can be handed the nonce:
# an empty one, then perfect-scrollbar's rules. Their hashes change with the bundle
# (drf-spectacular-sidecar); the browser test then fails, naming the new hash.
REDOC_LOAD_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]
redoc = csp_update(
    {
        "style-src": [NONCE, *REDOC_LOAD_STYLE_HASHES],
        "img-src": ["data:"],
        "worker-src": ["blob:"],
    }
)(SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html"))

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("coherence.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", swagger_ui, name="api-docs"),
    path("api/redoc/", redoc, name="api-redoc"),
    path("", include("practices.urls")),
    path("", include("coherence.web_urls")),
]

# JSON errors under /api/, the site's pages elsewhere (templates/404.html; the 500 and 503
# pages rendered without the database or the request context).
handler400 = "coherence.errors.bad_request"
handler404 = "coherence.errors.page_not_found"
handler500 = "coherence.errors.server_error"
