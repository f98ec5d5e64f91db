"""The contributions API's errors: the refusals of `contributions.services` mapped onto
the API's exceptions (403, 409 with the current `state`, 400 or 413 with an upload's
`code`, 400 by field), and the checks made before a request's body is read."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status

from accounts.roles import is_contributor, is_reviewer
from coherence.problems import NON_FIELD

from .. import services
from ..models import Submission


class StateConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The submission's state does not allow this."


class Refused(exceptions.APIException):
    """An upload refused (`services.UploadRefused`), with its status."""

    def __init__(self, refused: services.UploadRefused):
        super().__init__(refused.message)
        self.status_code = refused.status


def api_exception(exc):
    """The API exception of a refusal of `contributions.services`, and the members its
    problem details add (`state`, `code`); (exc, {}) for any other exception."""
    if isinstance(exc, services.WrongState):
        return StateConflict(str(exc)), {"state": exc.state}
    if isinstance(exc, services.NotAllowed):
        return exceptions.PermissionDenied(str(exc)), {}
    if isinstance(exc, services.UploadRefused):
        return Refused(exc), {"code": exc.code}
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail), {}
    return exc, {}


def ensure_may(submission: Submission, user, action_name: str) -> None:
    """Before a transition's body is read: NotAllowed (403) when the user may not make it
    whatever the state, WrongState (409) when they may but not in this state."""
    if action_name in services.allowed_actions(submission, user):
        return
    _sources, _target, review = services.TRANSITIONS[action_name]
    owner = submission.owner_id == user.pk
    if review:
        if owner and is_reviewer(user):
            raise services.NotAllowed(_("A reviewer does not review their own submission."))
        if not is_reviewer(user):
            raise services.NotAllowed(_("Only a reviewer can do this."))
    elif not owner:
        raise services.NotAllowed(_("Only the contributor can do this."))
    raise services.WrongState(submission, action_name)


def ensure_may_edit(submission: Submission, user) -> None:
    if submission.owner_id != user.pk:
        raise services.NotAllowed(_("Only the contributor edits a submission."))
    if not submission.is_editable:
        raise services.WrongState(submission, "edit")


def ensure_contributor(user, message: str) -> None:
    if not is_contributor(user):
        raise services.NotAllowed(message)
