"""Shared builders of contributions for the tests (the API's, the pages', the browser's):
people with their roles, an uploaded document that is ready to be quoted, and a complete
submission in any state, moved there by the services as a real one would be.

    owner = contributor(organisation="Ministry of Labour")
    document = DocumentFactory(owner=owner)                # ready, TEXT, its passages counted
    submission = submission_in("in_review", owner=owner)   # complete, quoting QUOTE
    token = token_for(owner)                               # "Authorization: Token <token>"
"""

from __future__ import annotations

import hashlib
import itertools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from knox.models import AuthToken

from coherence.splitting import reading_passages
from contributions import services
from contributions.models import Document, Submission, SubmissionState
from tests.factories import CoherenceLevelFactory, CountryFactory, ThemeFactory

# The text of every uploaded document the factory makes, and a quote verbatim in it.
TEXT = (
    "A Practice Report\n\n"
    "The Ministry of Labour set up a one-stop centre for returning migrants in 2015.\n\n"
    "It advised 12,000 returnees on jobs, savings and housing in its first two years.\n\n"
    "An inter-ministerial committee oversees the centre and meets every quarter."
)
QUOTE = "set up a one-stop centre for returning migrants"
# Not in TEXT: refused as fabricated.
FABRICATED = "The centre found jobs for every returnee within a week."

_people = itertools.count(1)


def person(
    email: str | None = None,
    *,
    verified: bool = True,
    reviewer: bool = False,
    organisation: str = "",
    password: str = "pw-contrib-123!",
):
    """A user signed up with `email` (made up when not given): a contributor when the
    e-mail is verified (allauth's primary EmailAddress), a reviewer when in the group
    `reviewer`; their profile names `organisation`."""
    email = email or f"person{next(_people)}@example.org"
    user = get_user_model().objects.create_user(username=email, email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    if reviewer:
        user.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    if organisation:
        profile = user.profile
        profile.organisation = organisation
        profile.save()
    return user


def contributor(email: str | None = None, **kwargs):
    """A verified contributor (not a reviewer)."""
    return person(email, **kwargs)


def reviewer(email: str | None = None, **kwargs):
    """A reviewer (verified, in the group `reviewer`)."""
    return person(email, reviewer=True, **kwargs)


def unverified(email: str | None = None, **kwargs):
    """Signed up, the e-mail not verified yet: not a contributor."""
    return person(email, verified=False, **kwargs)


def token_for(user) -> str:
    """A knox API token of `user` (its key, for `Authorization: Token <key>`)."""
    return AuthToken.objects.create(user=user)[1]


class DocumentFactory(factory.django.DjangoModelFactory):
    """An uploaded document, its text extracted (`TEXT` unless given) and ready."""

    class Meta:
        model = Document

    owner = factory.LazyFunction(contributor)
    title = factory.Sequence(lambda n: f"Practice report {n}")
    filename = factory.LazyAttribute(lambda o: f"{o.title.lower().replace(' ', '-')}.txt")
    media_type = "text/plain"
    text = TEXT
    size = factory.LazyAttribute(lambda o: len(o.text.encode()))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.text.encode()).hexdigest())
    state = Document.State.READY
    passages_count = factory.LazyAttribute(lambda o: len(reading_passages(o.text)))


def world() -> dict:
    """The reference records a complete submission names (created where missing)."""
    return {
        "country": CountryFactory(iso3="MDA", name="Moldova"),
        "level": CoherenceLevelFactory(slug="intra-governmental"),
        "theme": ThemeFactory(slug="return"),
    }


def content(**fields) -> dict:
    """A complete submission's content, in the API's shapes (fields given replace it)."""
    world()
    return {
        "title": "One-stop centre for returning migrants",
        "summary": "A centre that advises returning migrants on jobs, savings and housing.",
        "countries": [{"iso3": "MDA", "role": "implementing"}],
        "coherence_levels": ["intra-governmental"],
        "themes": ["return"],
        "scope": "national",
        **fields,
    }


def draft(owner=None, *, document=None, quote: str = QUOTE, **fields) -> Submission:
    """A complete draft of `owner` (a new contributor when not given), quoting `quote`
    from `document` (a new ready document of theirs when not given)."""
    owner = owner or contributor()
    document = document or DocumentFactory(owner=owner)
    return services.submission_create(
        owner=owner,
        content=content(**fields),
        quotes=[services.QuoteData(document.pk, quote, "summary")],
    )


def submission_in(state: str, owner=None, *, by=None, **fields) -> Submission:
    """A complete submission of `owner` moved by the services to `state`
    (`draft`, `in_review`, `changes_requested`, `published`, `rejected`); `by` is the
    reviewer who moved it (a new one when not given)."""
    submission = draft(owner, **fields)
    if state == SubmissionState.DRAFT:
        return submission
    owner = submission.owner
    submission = services.submit(submission=submission, user=owner)
    if state == SubmissionState.IN_REVIEW:
        return submission
    by = by or reviewer()
    if state == SubmissionState.CHANGES_REQUESTED:
        return services.request_changes(
            submission=submission, user=by, comment="Say how many returnees it advised."
        )
    if state == SubmissionState.PUBLISHED:
        return services.approve(submission=submission, user=by)
    if state == SubmissionState.REJECTED:
        return services.reject(submission=submission, user=by, reason="Not a practice.")
    raise ValueError(f"No such state: {state}")
