"""Old slugs answer 301 with the address of the record that now answers for them
(`SlugRedirect`): on the pages and in the API, across types when a merge made a practice
a recommendation. Each app registers the pages and API routes of its record types
(`register()` from its `ready()`); the middleware looks a redirect up only for a 404 of a
route so registered, so every other request costs nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse

from .models import SlugRedirect


@dataclass(frozen=True)
class Routes:
    model: type
    page: str  # the page's URL name, e.g. "practices:detail"
    api: str  # the API router's basename, e.g. "practice" (api:practice-detail)
    api_lookup: str = "slug"  # the field the API detail is addressed by

    def api_kwargs(self, record) -> dict:
        return {self.api_lookup: getattr(record, self.api_lookup)}


ROUTES: dict[type, Routes] = {}


def register(model: type, *, page: str, api: str, api_lookup: str = "slug") -> None:
    ROUTES[model] = Routes(model, page, api, api_lookup)


def routes_of(view_name: str) -> tuple[Routes, str] | None:
    """The registered type whose page or API route `view_name` is, and which ("page" or
    "api")."""
    for routes in ROUTES.values():
        if view_name == routes.page:
            return routes, "page"
        if view_name.startswith(f"api:{routes.api}-"):
            return routes, "api"
    return None


def redirect_target(model: type, slug: str):
    """The published record that answers for `slug`, an old slug of `model`, or None."""
    redirect = (
        SlugRedirect.objects.filter(
            content_type=ContentType.objects.get_for_model(model), old_slug=slug
        )
        .select_related("target_type")
        .first()
    )
    if redirect is None:
        return None
    target_model = redirect.target_type.model_class()
    if target_model not in ROUTES:
        return None
    target = target_model._default_manager.filter(pk=redirect.target_id).first()
    if target is None or not getattr(target, "is_published", True):
        return None
    return target


def redirect_url(match, target, routes: Routes, kind: str) -> str | None:
    kwargs = {**match.kwargs, "slug": target.slug}
    target_routes = ROUTES[type(target)]
    if type(target) is routes.model:
        # The same route of the target: a sub-resource (`related/`) keeps its path.
        try:
            return reverse(match.view_name, args=match.args, kwargs=kwargs)
        except NoReverseMatch:
            pass
    extra = {key: value for key, value in match.kwargs.items() if key == "format"}
    if kind == "page":
        name, target_kwargs = target_routes.page, {"slug": target.slug}
    else:
        name, target_kwargs = f"api:{target_routes.api}-detail", target_routes.api_kwargs(target)
    try:
        return reverse(name, kwargs={**target_kwargs, **extra})
    except NoReverseMatch:
        return None


class SlugRedirectMiddleware:
    """A 404 of a registered record's page or API route whose slug is an old slug
    answers 301 to the record that now answers for it, with the same query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        match = getattr(request, "resolver_match", None)
        if match is None or "slug" not in match.kwargs:
            return response
        found = routes_of(match.view_name)
        if found is None:
            return response
        routes, kind = found
        target = redirect_target(routes.model, match.kwargs["slug"])
        if target is None:
            return response
        url = redirect_url(match, target, routes, kind)
        if url is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
