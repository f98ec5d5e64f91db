"""Who may do what, beyond Django's model permissions.

- A **contributor** is an active user whose primary e-mail is verified (or a superuser):
  they may submit contributions and hold API tokens. A verified e-mail also puts the user
  in the `contributor` group (accounts.signals), so that editors see them in the admin.
- A **reviewer** is a member of the `reviewer` group (given by an editor in the admin, on
  the user's page; the group holds the permission `contributions.review_submission`),
  anyone given that permission, or a superuser: they review contributions.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress

CONTRIBUTOR = "contributor"
REVIEWER = "reviewer"
GROUPS = (CONTRIBUTOR, REVIEWER)


def is_contributor(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return EmailAddress.objects.filter(user=user, primary=True, verified=True).exists()


def is_reviewer(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=REVIEWER).exists() or user.has_perm(
        "contributions.review_submission"
    )
