"""Writes on accounts: a user's named API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from knox.models import AuthToken

from .models import TokenName


@transaction.atomic
def token_create(*, user, name: str, expiry_days: int) -> tuple[AuthToken, str]:
    """A new API token of `user`, named, expiring after `expiry_days`: the record and the
    token itself, which only its holder sees, once (knox stores its digest)."""
    instance, token = AuthToken.objects.create(user=user, expiry=timedelta(days=expiry_days))
    token_name = TokenName(token=instance, name=name)
    token_name.full_clean()
    token_name.save()
    return instance, token


@transaction.atomic
def token_revoke(*, user, token_key: str) -> int:
    """Deletes the token of `user` with that key (its first characters); how many went."""
    deleted, _by_model = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted


def tokens_of(user):
    """The user's tokens, newest first, with their names."""
    return AuthToken.objects.filter(user=user).select_related("name").order_by("-created")
