"""Who a request comes from, and what a refused admin sign-in answers (django-axes).

The API throttles and the login lockouts identify a client by the same address: the one
Django REST framework's throttles take, `PROXY_COUNT` entries from the right of
X-Forwarded-For behind proxies, the connection's own address otherwise.
"""

import math

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from rest_framework.throttling import BaseThrottle

LOCKOUT_STATUS = 429


def client_address(request) -> str:
    """The client's address as the API throttles see it (settings.PROXY_COUNT)."""
    return BaseThrottle().get_ident(request)


def lockout_response(request, original_response=None, credentials=None):
    """429 with a plain page saying how long sign-in stays refused (AXES_LOCKOUT_CALLABLE)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = TemplateResponse(
        request,
        "admin/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": gettext("Sign-in refused"),
            "minutes": math.ceil(seconds / 60),
        },
        status=LOCKOUT_STATUS,
    )
    response["Retry-After"] = str(seconds)
    return response.render()
