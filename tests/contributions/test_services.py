"""The services of contributions: a submission's way from draft to a published, cited
practice, and what they refuse."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError

from coherence.models import Citation, Institution, SourceDocument
from coherence.models.base import EditorialState
from contributions import services
from contributions.models import Document, Submission, Transition, Version
from contributions.services import QuoteData
from practices.models import Practice
from tests.factories import (
    CoherenceLevelFactory,
    CountryFactory,
    InstitutionFactory,
    SourceDocumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "A Practice Report\n\n"
    "The Ministry of Labour set up a one-stop centre for returning migrants in 2015.\n\n"
    "It advised 12,000 returnees on jobs, savings and housing in its first two years.\n\n"
    "An inter-ministerial committee oversees the centre and meets every quarter."
)


def person(django_user_model, email, *, reviewer=False, verified=True, organisation=""):
    user = django_user_model.objects.create_user(username=email, email=email, password="pw-12345!")
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    if reviewer:
        user.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    if organisation and hasattr(user, "profile"):
        user.profile.organisation = organisation
        user.profile.save()
    return user


@pytest.fixture
def world():
    return {
        "country": CountryFactory(iso3="MDA", name="Moldova"),
        "level": CoherenceLevelFactory(slug="intra-governmental"),
        "theme": ThemeFactory(slug="return"),
    }


@pytest.fixture
def owner(django_user_model):
    return person(django_user_model, "focal@example.org", organisation="Ministry of Labour")


@pytest.fixture
def reviewer(django_user_model):
    return person(django_user_model, "editor@example.org", reviewer=True)


def uploaded(owner, text=TEXT, title="Practice report"):
    return Document.objects.create(
        owner=owner,
        title=title,
        filename="report.txt",
        media_type="text/plain",
        size=len(text),
        sha256="0" * 64,
        state=Document.State.READY,
        text=text,
        passages_count=4,
    )


def complete(world, **extra):
    return {
        "title": "One-stop centre for returning migrants",
        "summary": "A centre advising returnees on jobs, savings and housing.",
        "countries": [{"iso3": world["country"].iso3, "role": "implementing"}],
        "coherence_levels": [world["level"].slug],
        "themes": [world["theme"].slug],
        "scope": "national",
        **extra,
    }


def draft(owner, world, **extra):
    document = uploaded(owner)
    quotes = [
        QuoteData(
            document.pk,
            "set up a one-stop centre for returning migrants in 2015",
            "summary",
        )
    ]
    return services.submission_create(owner=owner, content=complete(world, **extra), quotes=quotes)


def test_a_draft_keeps_its_quotes_located(owner, world):
    submission = draft(owner, world)
    assert submission.state == Submission.State.DRAFT
    quote = submission.quotes.get()
    assert quote.locator == "A Practice Report, paragraph 1"


def test_a_quote_not_in_the_document_is_refused_with_the_nearest_passage(owner, world):
    document = uploaded(owner)
    with pytest.raises(ValidationError) as refused:
        services.submission_create(
            owner=owner,
            content=complete(world),
            quotes=[QuoteData(document.pk, "advised 50,000 returnees on jobs", "outcomes")],
        )
    messages = " ".join(refused.value.message_dict["quotes"])
    assert "advised 50,000 returnees on jobs" in messages
    assert "12,000 returnees" in messages  # the nearest passage


def test_an_unverified_account_cannot_contribute(django_user_model, world):
    user = person(django_user_model, "new@example.org", verified=False)
    with pytest.raises(services.NotAllowed):
        services.submission_create(owner=user, content={})


def test_another_contributors_document_cannot_be_quoted(django_user_model, owner, world):
    other = person(django_user_model, "other@example.org")
    document = uploaded(other)
    with pytest.raises(ValidationError) as refused:
        services.submission_create(
            owner=owner, content={}, quotes=[QuoteData(document.pk, "one-stop centre")]
        )
    assert "No uploaded document of yours" in str(refused.value)


def test_an_incomplete_draft_is_not_sent(owner, world):
    submission = services.submission_create(owner=owner, content={"title": "Only a title"})
    with pytest.raises(ValidationError) as refused:
        services.submit(submission=submission, user=owner)
    assert {"summary", "countries", "themes", "quotes"} <= refused.value.message_dict.keys()
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


def test_the_whole_round_publishes_a_cited_practice(owner, reviewer, world):
    submission = draft(owner, world, outcomes="12,000 returnees advised.")
    services.submit(submission=submission, user=owner)
    services.request_changes(submission=submission, user=reviewer, comment="Add the results.")
    submission.refresh_from_db()
    assert submission.state == Submission.State.CHANGES_REQUESTED
    services.submission_update(
        submission=submission, user=owner, content={"outcomes": "Advised 12,000 returnees."}
    )
    services.submit(submission=submission, user=owner)
    services.approve(submission=submission, user=reviewer)
    submission.refresh_from_db()

    assert submission.state == Submission.State.PUBLISHED
    assert submission.version == 2
    assert list(submission.versions.values_list("number", flat=True)) == [1, 2]
    assert [t.target_state for t in submission.transitions.all()] == [
        "in_review",
        "changes_requested",
        "in_review",
        "published",
    ]
    assert submission.transitions.last().actor == reviewer
    practice = submission.practice
    assert practice.editorial_state == EditorialState.PUBLISHED
    assert practice.outcomes == "Advised 12,000 returnees."
    assert practice.contributed_by == getattr(getattr(owner, "profile", None), "organisation", "")
    assert list(practice.countries.values_list("iso3", flat=True)) == ["MDA"]
    citation = Citation.objects.get(practice=practice)
    assert citation.source.kind == SourceDocument.Kind.CONTRIBUTED
    assert citation.passage is not None  # the new source has its passages
    assert Document.objects.get().source == citation.source
    assert Practice.objects.published().filter(pk=practice.pk).exists()


def test_each_state_change_sends_mail_to_those_concerned(owner, reviewer, world):
    submission = draft(owner, world)
    mail.outbox.clear()
    with pytest.MonkeyPatch.context():
        services.submit(submission=submission, user=owner)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["editor@example.org", "focal@example.org"]


def test_a_reviewer_does_not_review_their_own_submission(reviewer, world):
    submission = draft(reviewer, world)
    services.submit(submission=submission, user=reviewer)
    with pytest.raises(services.NotAllowed):
        services.approve(submission=submission, user=reviewer)


def test_a_transition_from_the_wrong_state_names_the_state(owner, reviewer, world):
    submission = draft(owner, world)
    with pytest.raises(services.WrongState) as wrong:
        services.approve(submission=submission, user=reviewer)
    assert wrong.value.state == "draft"


def test_the_contributor_cannot_approve(owner, world):
    submission = draft(owner, world)
    services.submit(submission=submission, user=owner)
    with pytest.raises(services.NotAllowed):
        services.approve(submission=submission, user=owner)


def test_a_rejection_needs_a_reason_and_keeps_it(owner, reviewer, world):
    submission = draft(owner, world)
    services.submit(submission=submission, user=owner)
    with pytest.raises(ValidationError):
        services.reject(submission=submission, user=reviewer, reason=" ")
    services.reject(submission=submission, user=reviewer, reason="Not a migration practice.")
    submission.refresh_from_db()
    assert (submission.state, submission.reason) == ("rejected", "Not a migration practice.")


def test_a_proposed_institution_is_created_cited_or_merged(owner, reviewer, world):
    proposal = {"name": "Return Centre Authority", "kind": "agency", "country": "MDA"}
    submission = draft(owner, world, proposed_institutions=[proposal])
    submission.quotes.create(
        document=Document.objects.get(),
        claim="institutions",
        quote="An inter-ministerial committee oversees the centre",
        locator="A Practice Report, paragraph 3",
    )
    services.submit(submission=submission, user=owner)
    services.approve(submission=submission, user=reviewer)
    created = Institution.objects.get(name="Return Centre Authority")
    assert created.editorial_state == EditorialState.PUBLISHED
    assert Citation.objects.filter(institution=created).count() == 1
    assert created in Practice.objects.get().institutions.all()


def test_a_proposal_merged_into_an_existing_record_creates_none(owner, reviewer, world):
    existing = InstitutionFactory(slug="ministry-of-labour-mda", editorial_state="published")
    submission = draft(owner, world, proposed_institutions=[{"name": "MoL", "kind": "ministry"}])
    services.submit(submission=submission, user=owner)
    services.approve(
        submission=submission,
        user=reviewer,
        merges={"proposed_institutions": {"0": existing.slug}},
    )
    assert not Institution.objects.filter(name="MoL").exists()
    assert existing in Practice.objects.get().institutions.all()


def test_a_new_proposal_without_a_quote_fails_the_whole_publication(owner, reviewer, world):
    submission = draft(
        owner, world, proposed_tools=[{"name": "Return compact", "kind": "agreement"}]
    )
    services.submit(submission=submission, user=owner)
    with pytest.raises(ValidationError) as refused:
        services.approve(submission=submission, user=reviewer)
    assert "Return compact" in str(refused.value)
    submission.refresh_from_db()
    assert submission.state == Submission.State.IN_REVIEW
    assert not Practice.objects.exists()
    assert not SourceDocument.objects.filter(kind="contributed_document").exists()
    assert not Transition.objects.filter(target_state="published").exists()


def test_a_french_submission_is_published_in_french_too(owner, reviewer, world):
    submission = draft(owner, world)
    Submission.objects.filter(pk=submission.pk).update(language="fr")
    services.submission_update(
        submission=submission, user=owner, content={"title": "Guichet unique pour les migrants"}
    )
    services.submit(submission=submission, user=owner)
    services.approve(submission=submission, user=reviewer)
    practice = Practice.objects.get()
    assert practice.title_en == "Guichet unique pour les migrants"
    assert practice.title_fr == "Guichet unique pour les migrants"


def test_a_source_of_the_knowledge_base_can_be_quoted(owner, reviewer, world):
    source = SourceDocumentFactory(text=TEXT)
    submission = services.submission_create(
        owner=owner,
        content=complete(world),
        quotes=[QuoteData(source.slug, "meets every quarter", "institutions")],
    )
    services.submit(submission=submission, user=owner)
    services.approve(submission=submission, user=reviewer)
    assert Citation.objects.get(practice=Practice.objects.get()).source == source
    assert Version.objects.get().quotes[0]["document"] == source.slug
