"""The contributions API for partner systems (issue 23; docs/api.md, "Contributions"):
`documents/` (upload a source document, read its passages) and `submissions/` (create a
draft with verbatim quotes, edit it, send it for review; reviewers request changes,
approve or reject it). Every write goes through `contributions.services`, which decide
who may do what; the views map their refusals onto the API's errors:

- no token: 401; a user who may not see the submission (a draft of someone else): 404;
  who sees it but may not do this (a contributor approving, a reviewer editing): 403,
  naming why; a state the action does not apply to: 409 with `state`, the current one;
- invalid content, a quote not verbatim, an incomplete submission sent: 400 by field;
- an upload refused: 400 or 413 with `code` and the problem named.

Nothing here is kept by the shared response cache: every answer is a user's own
(`Cache-Control: private, no-store`). Sessions are not accepted (tokens only, as the rest
of the API).

One module per concept:

- `documents`: the `documents/` views (`DocumentViewSet`);
- `submissions`: the `submissions/` views (`SubmissionViewSet`);
- `base`: what both share (`ContributionViewMixin`: the token, no caching, the errors);
- `errors`: the refusals of `contributions.services` as the API's errors, and the checks
  made before a request's body is read;
- `schema`: the OpenAPI schema of these operations (`ContributionsSchema`).

The API router (`coherence.api`) takes the two viewsets from here.
"""

from .documents import DocumentViewSet
from .submissions import SubmissionViewSet

__all__ = ["DocumentViewSet", "SubmissionViewSet"]
