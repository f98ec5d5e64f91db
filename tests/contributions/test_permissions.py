"""The permission matrix of submissions through the API (contributions.services' table):
who (anonymous, the contributor, another contributor, a reviewer, a reviewer on their own
submission) × what (edit, submit, request changes, approve, reject) × the state the
submission is in. Each answer's status is asserted, and a refused request changes nothing.

- anonymous: 401; another contributor: 404 (they cannot see it); a reviewer cannot see
  another's draft either (404);
- who may never do it: 403, naming why;
- who may, but not in this state: 409 with the current `state`.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from contributions.models import Submission
from tests.contributions.factories import contributor, reviewer, submission_in, token_for

pytestmark = pytest.mark.django_db

STATES = ("draft", "in_review", "changes_requested", "published", "rejected")
ACTIONS = ("edit", "submit", "request_changes", "approve", "reject")
ACTORS = ("anonymous", "owner", "other", "reviewer", "reviewer_owner")

EDITABLE = {"draft", "changes_requested"}
# The states each action applies to (to whoever may make it).
APPLIES = {
    "edit": EDITABLE,
    "submit": EDITABLE,
    "request_changes": {"in_review"},
    "approve": {"in_review"},
    "reject": {"in_review", "changes_requested"},
}
REVIEW = {"request_changes", "approve", "reject"}
TARGET = {
    "edit": None,
    "submit": "in_review",
    "request_changes": "changes_requested",
    "approve": "published",
    "reject": "rejected",
}


def expected(actor: str, action: str, state: str) -> int:
    if actor == "anonymous":
        return 401
    if actor == "other":
        return 404
    if actor == "reviewer" and state == "draft":
        return 404  # a reviewer does not see another's drafts
    may = (actor == "reviewer") if action in REVIEW else actor in ("owner", "reviewer_owner")
    if not may:
        return 403
    return 200 if state in APPLIES[action] else 409


def request(api, action: str, submission: Submission):
    url = f"/api/v1/submissions/{submission.pk}/"
    if action == "edit":
        return api.patch(url, {"summary": "Changed by the request."}, format="json")
    body = {
        "submit": {},
        "request_changes": {"comment": "Say more."},
        "approve": {"comment": "Good."},
        "reject": {"reason": "Out of scope."},
    }[action]
    return api.post(url + action.replace("_", "-") + "/", body, format="json")


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(actor, action, state):
    owner = reviewer() if actor == "reviewer_owner" else contributor()
    submission = submission_in(state, owner)
    before = (submission.state, submission.content, submission.version)
    user = {
        "anonymous": None,
        "owner": owner,
        "reviewer_owner": owner,
        "other": contributor(),
        "reviewer": reviewer(),
    }[actor]
    api = APIClient()
    if user is not None:
        api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")

    response = request(api, action, submission)

    status = expected(actor, action, state)
    assert response.status_code == status, response.json()
    submission.refresh_from_db()
    if status == 200:
        assert response.json()["state"] == (TARGET[action] or state)
        assert submission.state == (TARGET[action] or state)
        return
    assert (submission.state, submission.content, submission.version) == before
    problem = response.json()
    assert problem["detail"]
    if status == 409:
        assert problem["state"] == state
    if status == 403 and actor == "reviewer_owner":
        assert "own submission" in problem["detail"]


def test_the_actions_a_representation_offers_are_those_allowed():
    """`actions` lists exactly what the matrix lets the requester do (and commenting)."""
    for state in STATES:
        owner = contributor()
        submission = submission_in(state, owner)
        for user, may_see in ((owner, True), (reviewer(), state != "draft")):
            api = APIClient()
            api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
            response = api.get(f"/api/v1/submissions/{submission.pk}/")
            if not may_see:
                assert response.status_code == 404
                continue
            actor = "owner" if user == owner else "reviewer"
            allowed = [a for a in ACTIONS if expected(actor, a, state) == 200]
            assert response.json()["actions"] == [*allowed, "comment"], (state, actor)
