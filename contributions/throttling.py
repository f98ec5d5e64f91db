"""The contributions' own rate limits, beside the API's general ones (`anon`, `user`):
uploads of documents and new submissions (and comments), per user, at the rates of
`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (`uploads`, `submissions`; settings
`API_THROTTLE_UPLOADS`, `API_THROTTLE_SUBMISSIONS`). Reads and the other writes are
counted by the general limits only."""

from __future__ import annotations

from rest_framework.throttling import UserRateThrottle


class ContributionThrottle(UserRateThrottle):
    """Counts the POSTs of the view's `counted_actions`, by user; no limit where its
    scope has no rate."""

    counted_actions: tuple[str, ...] = ("create",)

    def get_rate(self):
        return self.THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        if request.method != "POST" or getattr(view, "action", None) not in self.counted_actions:
            return None
        return super().get_cache_key(request, view)


class UploadThrottle(ContributionThrottle):
    scope = "uploads"


class SubmissionThrottle(ContributionThrottle):
    scope = "submissions"
    counted_actions = ("create", "comments")
