"""The API's authentication: a django-rest-knox token (docs/decisions/0003-api-tokens.md),
sent as `Authorization: Bearer <key>` (the standard scheme, what generated clients send)
or `Authorization: Token <key>` (the form the API first documented)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

PREFIXES = (b"bearer", b"token")


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate(self, request):
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() not in PREFIXES:
            # No token, or credentials for another scheme: an anonymous request.
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid Authorization header: send 'Bearer <token>'.")
            )
        try:
            auth[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from error
        return self.authenticate_credentials(auth[1])

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
