"""E-mail at each change of a submission's state, to the people concerned, each in their
own language (the profile's, where the site has it), sent through the task queue.

- sent for review: the reviewers (not the contributor, who is told it was received);
- changes requested, published, rejected: the contributor.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.roles import REVIEWER

from .models import SubmissionState, Transition
from .tasks import send_email

State = SubmissionState


def reviewers():
    """Active users who review (`accounts.roles.is_reviewer`): the reviewer group,
    superusers, or anyone given the permission to review."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__name=REVIEWER)
            | Q(groups__permissions__codename="review_submission")
            | Q(user_permissions__codename="review_submission")
        )
        .exclude(email="")
        .distinct()
    )


def language_of(user) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    profile = getattr(user, "profile", None)
    language = getattr(profile, "language", "") or settings.LANGUAGE_CODE
    return language if language in supported else settings.LANGUAGE_CODE


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def recipients(transition: Transition) -> list[tuple[object, str]]:
    """(user, template) for each person this change concerns."""
    submission = transition.submission
    owner = submission.owner
    if transition.target_state == State.IN_REVIEW:
        people = [(user, "submitted_reviewer") for user in reviewers() if user.pk != owner.pk]
        return [(owner, "submitted_owner"), *people]
    template = {
        State.CHANGES_REQUESTED: "changes_requested",
        State.PUBLISHED: "published",
        State.REJECTED: "rejected",
    }.get(transition.target_state)
    return [(owner, template)] if template else []


def announce(transition_id: int) -> int:
    """Queue the e-mails of one state change; returns how many."""
    transition = Transition.objects.select_related(
        "submission__owner", "submission__practice", "actor"
    ).get(pk=transition_id)
    submission = transition.submission
    sent = 0
    for user, template in recipients(transition):
        if not user.email:
            continue
        language = language_of(user)
        with translation.override(language):
            context = {
                "user": user,
                "submission": submission,
                "transition": transition,
                "submission_url": site_url(
                    reverse("contributions:submission", kwargs={"pk": submission.pk})
                ),
                "review_url": site_url(
                    reverse("contributions:review", kwargs={"pk": submission.pk})
                ),
                "practice_url": (
                    site_url(submission.practice.get_absolute_url()) if submission.practice else ""
                ),
            }
            subject = render_to_string(f"contributions/email/{template}_subject.txt", context)
            body = render_to_string(f"contributions/email/{template}.txt", context)
        send_email.delay([user.email], " ".join(subject.split()), body)
        sent += 1
    return sent
