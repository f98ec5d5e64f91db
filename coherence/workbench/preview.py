"""Signed, expiring links to a draft's public page as it will look (`/preview/<token>/`).

A token names the record (its type and id) and is signed with the site's secret key and
the time it was made (`TimestampSigner`): anyone who holds the link may see the draft for
`PREVIEW_DAYS` days (a reviewer without an account included), nobody can forge one for
another record, and a link stops working when it expires or the record is published (it
then leads to the public page). The page itself is served by the app that owns the
public pages (`practices.views.preview`)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.urls import reverse

PREVIEW_DAYS = 7
PREVIEW_MAX_AGE = timedelta(days=PREVIEW_DAYS)
SALT = "coherence.workbench.preview"


class PreviewExpired(Exception):
    """The link was genuine but is older than `PREVIEW_MAX_AGE`."""


class PreviewInvalid(Exception):
    """The link was not made by this site (altered, truncated, or for another site)."""


def preview_token(record: models.Model) -> str:
    content_type = ContentType.objects.get_for_model(record)
    return signing.TimestampSigner(salt=SALT).sign(f"{content_type.pk}.{record.pk}")


def preview_url(record: models.Model) -> str:
    return reverse("practices:preview", kwargs={"token": preview_token(record)})


def previewed_key(token: str) -> tuple[type[models.Model] | None, str]:
    """The model and primary key a token names; raises `PreviewExpired` or
    `PreviewInvalid`."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired as error:
        raise PreviewExpired from error
    except signing.BadSignature as error:
        raise PreviewInvalid from error
    type_id, _, pk = value.partition(".")
    try:
        model = ContentType.objects.get_for_id(int(type_id)).model_class()
    except (ValueError, ContentType.DoesNotExist) as error:
        raise PreviewInvalid from error
    return model, pk


# The models whose public page can show a draft, registered by the app that serves them.
_previewable: set[type[models.Model]] = set()


def register(*models_: type[models.Model]) -> None:
    _previewable.update(models_)


def previewable(model: type[models.Model]) -> bool:
    return model in _previewable
