"""The e-mails of each change of state: to whom, in their language, with the link."""

import pytest
from django.core import mail

from contributions import services
from tests.contributions.page_factories import draft, in_review, person, world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kb():
    return world()


def test_sent_for_review_tells_owner_and_reviewers_with_links(settings, kb):
    settings.SITE_URL = "https://kb.example.org"
    owner = person("focal@example.org")
    person("editor@example.org", reviewer=True)
    submission = draft(owner, kb)
    mail.outbox.clear()
    services.submit(submission=submission, user=owner)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert (
        f"https://kb.example.org/contribute/{submission.pk}/"
        in by_recipient["focal@example.org"].body
    )
    assert (
        f"https://kb.example.org/review/{submission.pk}/" in by_recipient["editor@example.org"].body
    )


def test_changes_requested_in_french_for_a_french_profile(kb):
    owner = person("focal@example.org", language="fr")
    reviewer = person("editor@example.org", reviewer=True)
    submission = in_review(owner, kb)
    mail.outbox.clear()
    services.request_changes(submission=submission, user=reviewer, comment="Ajoutez la période.")
    (message,) = mail.outbox
    assert message.to == ["focal@example.org"]
    assert "Ajoutez la période." in message.body
    assert f"/fr/contribute/{submission.pk}/" in message.body
    # The French catalogue translates the subject and the text around the comment.
    subject = message.subject.replace("\u00a0", " ")  # the subject is one line of plain spaces
    assert subject.startswith("Modifications demandées pour « ")
    assert "Bonjour," in message.body
    assert "Un réviseur vous demande de modifier votre proposition" in message.body
    assert "Base de connaissances sur la cohérence des politiques" in message.body
    assert "Hello" not in message.body and "reviewer" not in message.body


def test_published_and_rejected_name_their_links(kb):
    owner = person("focal@example.org")
    reviewer = person("editor@example.org", reviewer=True)
    submission = in_review(owner, kb)
    mail.outbox.clear()
    services.approve(submission=submission, user=reviewer)
    submission.refresh_from_db()
    (message,) = mail.outbox
    assert submission.practice.get_absolute_url() in message.body
    other = in_review(owner, kb, title="Another")
    mail.outbox.clear()
    services.reject(submission=other, user=reviewer, reason="Not a practice.")
    (message,) = mail.outbox
    assert "Not a practice." in message.body
    assert f"/contribute/{other.pk}/" in message.body
