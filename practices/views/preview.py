"""The preview of a draft: a signed, expiring link (`coherence.workbench.preview`) that
shows the record's public page, by the public page's own view and template, with a
"Preview — not published" banner. A link that was altered is refused (404), an expired
one too (403), each with a message; a record published since leads to its public page.
Anyone who has the link may see the draft while it lasts (a reviewer without an account
included): that is what it is for; it cannot be made for another record without the
site's secret key."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from coherence.models import Institution, PolicyTool
from coherence.workbench.preview import (
    PREVIEW_DAYS,
    PreviewExpired,
    PreviewInvalid,
    previewed_key,
)

from ..models import Practice, Recommendation
from .framework import InstitutionDetailView, PolicyToolDetailView
from .practices import PracticeDetailView, RecommendationDetailView

# The records with a public page of their own, and that page's view.
PAGES = {
    Practice: PracticeDetailView,
    Recommendation: RecommendationDetailView,
    Institution: InstitutionDetailView,
    PolicyTool: PolicyToolDetailView,
}


def refused(request, message, status):
    response = render(
        request,
        "practices/preview_refused.html",
        {"message": message, "preview_days": PREVIEW_DAYS},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def preview(request, token):
    try:
        model, pk = previewed_key(token)
    except PreviewExpired:
        return refused(
            request, _("This preview link has expired. Ask an editor for a new one."), 403
        )
    except PreviewInvalid:
        return refused(
            request,
            _(
                "This preview link is not valid. Check that it was copied whole, or ask an "
                "editor for a new one."
            ),
            404,
        )
    view = PAGES.get(model)
    record = model._default_manager.filter(pk=pk).first() if view is not None else None
    if record is None:
        return refused(request, _("The record of this preview no longer exists."), 404)
    if record.is_published:
        return redirect(record.get_absolute_url())
    return view.as_view(preview=True)(request, slug=record.slug)
