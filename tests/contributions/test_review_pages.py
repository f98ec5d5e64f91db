"""The reviewers' pages: who may see the queue, a submission with its quote marked in its
document, comments, and the decisions through the forms."""

import pytest
from django.urls import reverse

from contributions import services
from contributions.models import Submission
from tests.contributions.page_factories import in_review, person, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb():
    return world()


@pytest.fixture
def owner():
    return person("focal@example.org", organisation="Ministry of Labour")


@pytest.fixture
def reviewer():
    return person("editor@example.org", reviewer=True)


def test_queue_access(client, owner, reviewer):
    url = reverse("contributions:review-queue")
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(owner)
    assert client.get(url).status_code == 403
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_queue_lists_submissions_in_review_oldest_first(client, owner, reviewer, kb):
    first = in_review(owner, kb, title="First sent")
    in_review(owner, kb, title="Second sent")
    client.force_login(reviewer)
    page = client.get(reverse("contributions:review-queue")).content.decode()
    assert page.index("First sent") < page.index("Second sent")
    assert reverse("contributions:review", args=[first.pk]) in page


def test_review_page_marks_the_quote_in_its_document(client, owner, reviewer, kb):
    submission = in_review(owner, kb)
    client.force_login(reviewer)
    page = client.get(reverse("contributions:review", args=[submission.pk])).content.decode()
    assert "<mark>set up a one-stop centre for returning migrants in 2015</mark>" in page
    assert 'id="q1-' in page  # the passage's anchor
    assert "Moldova" in page


def test_a_contributor_cannot_open_the_review_page(client, owner, kb):
    submission = in_review(owner, kb)
    client.force_login(person("other@example.org"))
    assert client.get(reverse("contributions:review", args=[submission.pk])).status_code == 403


def test_comment_on_a_field_is_shown_to_the_contributor(client, owner, reviewer, kb):
    submission = in_review(owner, kb)
    client.force_login(reviewer)
    url = reverse("contributions:review", args=[submission.pk])
    response = client.post(url, {"action": "comment", "field": "summary", "text": "Shorter?"})
    assert response.status_code == 302
    client.force_login(owner)
    page = client.get(reverse("contributions:submission", args=[submission.pk])).content.decode()
    assert "Shorter?" in page


def test_request_changes_needs_a_comment_then_sends_back(client, owner, reviewer, kb):
    submission = in_review(owner, kb)
    client.force_login(reviewer)
    url = reverse("contributions:review", args=[submission.pk])
    assert client.post(url, {"action": "request_changes", "comment": ""}).status_code == 400
    response = client.post(url, {"action": "request_changes", "comment": "Add the period."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.CHANGES_REQUESTED


def test_reject_needs_a_reason(client, owner, reviewer, kb):
    submission = in_review(owner, kb)
    client.force_login(reviewer)
    url = reverse("contributions:review", args=[submission.pk])
    response = client.post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 400
    assert "field-errors" in response.content.decode()
    client.post(url, {"action": "reject", "reason": "Not a practice."})
    submission.refresh_from_db()
    assert submission.state == Submission.State.REJECTED


def test_approve_publishes_and_links_the_practice(client, owner, reviewer, kb):
    submission = in_review(owner, kb)
    client.force_login(reviewer)
    url = reverse("contributions:review", args=[submission.pk])
    response = client.post(url, {"action": "approve", "comment": "Thank you."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.PUBLISHED
    assert submission.practice.get_absolute_url() in client.get(url).content.decode()


def test_approve_offers_create_or_merge_and_shows_why_it_cannot_publish(
    client, owner, reviewer, kb
):
    submission = in_review(
        owner,
        kb,
        proposed_institutions=[{"name": "Returns Agency", "kind": "agency", "role": "lead"}],
    )
    client.force_login(reviewer)
    url = reverse("contributions:review", args=[submission.pk])
    page = client.get(url).content.decode()
    assert 'name="merge-proposed_institutions-0"' in page
    assert "Create a new record" in page
    response = client.post(url, {"action": "approve", "merge-proposed_institutions-0": ""})
    assert response.status_code == 400
    assert "“Returns Agency” is new" in response.content.decode()
    submission.refresh_from_db()
    assert submission.state == Submission.State.IN_REVIEW


def test_a_second_decision_is_refused_with_409(client, owner, reviewer, kb):
    submission = in_review(owner, kb)
    services.reject(submission=submission, user=reviewer, reason="No.")
    client.force_login(reviewer)
    url = reverse("contributions:review", args=[submission.pk])
    assert client.post(url, {"action": "request_changes", "comment": "x"}).status_code == 409


def test_changes_between_versions_are_shown(client, owner, reviewer, kb):
    submission = in_review(owner, kb, summary="A centre for returnees.")
    services.request_changes(submission=submission, user=reviewer, comment="More detail")
    services.submission_update(
        submission=submission, user=owner, content={"summary": "A busy centre for returnees."}
    )
    services.submit(submission=submission, user=owner)
    client.force_login(reviewer)
    page = client.get(reverse("contributions:review", args=[submission.pk])).content.decode()
    assert '<p class="diff">A <ins>busy</ins> centre for returnees.</p>' in page


def test_a_run_of_changed_words_reads_as_one_deletion_and_one_insertion():
    from contributions.views.passages import word_diff

    assert str(word_diff("on jobs and housing.", "on loans, savings and housing.")) == (
        "on <del>jobs</del> <ins>loans, savings</ins> and housing."
    )
    assert str(word_diff("a <b>", "a <b> c")) == "a &lt;b&gt; <ins>c</ins>"
