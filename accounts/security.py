"""django-axes on the site's sign-in: the account's name it counts failures against, and
the page a refused sign-in answers."""

import math

from django.conf import settings
from django.template.response import TemplateResponse

from coherence import security as admin_security


def login_name(request, credentials) -> str | None:
    """The account a sign-in attempt names (AXES_USERNAME_CALLABLE): the admin's username,
    or the e-mail the site's sign-in (django-allauth) authenticates by, lower-cased as
    allauth compares it."""
    credentials = credentials or {}
    for key in ("email", "username"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower() if key == "email" else credentials[key]
    data = getattr(request, "POST", None) or {}
    if data.get("login"):
        return str(data["login"]).strip().lower()
    return data.get("username") or None


def lockout_response(request, original_response=None, credentials=None):
    """429 saying how long sign-in stays refused (AXES_LOCKOUT_CALLABLE): the admin's page
    for the admin, the site's page for the site's sign-in."""
    match = getattr(request, "resolver_match", None)
    in_admin = match.app_name == "admin" if match is not None else "/admin/" in request.path
    if in_admin:
        return admin_security.lockout_response(request, original_response, credentials)
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = TemplateResponse(
        request,
        "accounts/locked_out.html",
        {"minutes": math.ceil(seconds / 60)},
        status=admin_security.LOCKOUT_STATUS,
    )
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "private, no-store"
    return response.render()
