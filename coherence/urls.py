"""The site's URLs: the admin, the health check, the API and its docs, and the pages.

Project wiring: with the API router (`coherence.api`), the one module of `coherence` that
names the apps built on it (docs/decisions/0007-layers.md). The pages of the reference
records keep their names (`coherence:country-detail`...) wherever their views live: those
that list practices are `practices.views`'s, the search page is `search.views`'s.
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from coherence import languages
from coherence import views as reference
from coherence.health import healthz
from coherence.rest.errors import not_found as api_not_found
from practices.views import countries, framework, gcm, home
from search.views import SearchView

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

# The pages of the reference framework (namespace `coherence`).
reference_pages = [
    path("", home.HomeView.as_view(), name="home"),
    path("about/", reference.AboutView.as_view(), name="about"),
    path("search/", SearchView.as_view(), name="search"),
    path("countries/", countries.CountryListView.as_view(), name="country-list"),
    # Before `countries/<iso3>/`, which would otherwise take "compare" for a code.
    path("countries/compare/", countries.CountryCompareView.as_view(), name="country-compare"),
    path("countries/<str:iso3>/", countries.CountryDetailView.as_view(), name="country-detail"),
    path("institutions/", reference.InstitutionListView.as_view(), name="institution-list"),
    path(
        "institutions/<slug:slug>/",
        framework.InstitutionDetailView.as_view(),
        name="institution-detail",
    ),
    path("tools/", reference.PolicyToolListView.as_view(), name="tool-list"),
    path("tools/<slug:slug>/", framework.PolicyToolDetailView.as_view(), name="tool-detail"),
    path("levels/", framework.CoherenceLevelListView.as_view(), name="level-list"),
    path("levels/<slug:slug>/", framework.CoherenceLevelDetailView.as_view(), name="level-detail"),
    path("themes/", framework.ThemeListView.as_view(), name="theme-list"),
    path("themes/<slug:slug>/", framework.ThemeDetailView.as_view(), name="theme-detail"),
    path("gcm/", gcm.GcmIndexView.as_view(), name="gcm-index"),
    path(
        "gcm/objectives/<int:number>/",
        gcm.GcmObjectiveDetailView.as_view(),
        name="gcm-objective-detail",
    ),
    path(
        "gcm/principles/<slug:slug>/",
        gcm.GcmPrincipleDetailView.as_view(),
        name="gcm-principle-detail",
    ),
    path(
        "gcm/sdg-targets/<str:code>/",
        gcm.SdgTargetDetailView.as_view(),
        name="sdg-target-detail",
    ),
    path("sources/", reference.SourceDocumentListView.as_view(), name="source-list"),
    path(
        "sources/<slug:slug>/", reference.SourceDocumentDetailView.as_view(), name="source-detail"
    ),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/<str:language>/", languages.switch, name="language-switch"),
    path("api/v1/", include("coherence.api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", swagger_ui, name="api-docs"),
    path("api/redoc/", redoc, name="api-redoc"),
    # Nothing else under /api/ but JSON, in every mode (DEBUG's 404 page is HTML).
    re_path(r"^api/", api_not_found),
]
# The pages in English at their own addresses, in French and Spanish under /fr/ and /es/
# (coherence/languages.py).
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    # Accounts (issue 23): the account page and its tokens, then django-allauth's sign-up,
    # sign-in, e-mail verification and password reset, in every language.
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("practices.urls")),
    path("", include((reference_pages, "coherence"))),
    prefix_default_language=False,
)

# JSON errors under /api/, the site's pages elsewhere (templates/404.html; the 500 and 503
# pages rendered without the database or the request context).
handler400 = "coherence.errors.bad_request"
handler404 = "coherence.errors.page_not_found"
handler500 = "coherence.errors.server_error"
