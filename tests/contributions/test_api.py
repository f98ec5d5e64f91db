"""The contributions API for partner systems (issue 23), with knox tokens: a document
uploaded, a draft quoting it verbatim, sent for review, sent back, changed and sent again,
approved, and the practice then in the practices API and the change feed; what is
refused (fabricated quotes, hostile uploads, other people's submissions) and how."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from coherence import response_cache
from contributions.models import Document, Submission
from practices import feed
from practices.models import Practice
from tests.contributions.documents import encrypted_pdf_bytes, pdf_bytes, zip_bomb_docx_bytes
from tests.contributions.factories import (
    FABRICATED,
    QUOTE,
    TEXT,
    DocumentFactory,
    content,
    contributor,
    draft,
    reviewer,
    submission_in,
    token_for,
    unverified,
    world,
)

pytestmark = pytest.mark.django_db

PDF_PARAGRAPHS = [
    "A Practice Report",
    "The Ministry of Labour set up a one-stop centre for returning migrants in 2015.",
    "It advised 12,000 returnees on jobs, savings and housing in its first two years.",
]
PDF_QUOTE = "advised 12,000 returnees on jobs, savings and housing"


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    """The general limits are not what these tests count (tests of their own below)."""
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    cache.clear()


def client_of(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    return api


def upload(api, data: bytes, name: str, **fields):
    return api.post(
        "/api/v1/documents/",
        {"file": SimpleUploadedFile(name, data), **fields},
        format="multipart",
    )


# The journey -------------------------------------------------------------------------------


def test_the_whole_journey_through_the_api():
    world()
    owner = contributor("focal@example.org", organisation="Ministry of Labour")
    editor = reviewer("editor@example.org")
    mine, theirs = client_of(owner), client_of(editor)

    # A PDF uploaded: its text extracted, its passages counted.
    response = upload(mine, pdf_bytes([PDF_PARAGRAPHS]), "report.pdf", title="Return report")
    assert response.status_code == 201, response.json()
    document = response.json()
    assert document["title"] == "Return report"
    assert document["filename"] == "report.pdf"
    assert document["media_type"] == "application/pdf"
    assert document["pages"] == 1
    assert document["state"] == "ready"
    assert document["passages_count"] >= 2
    assert response["Location"] == document["url"]
    detail = mine.get(f"/api/v1/documents/{document['id']}/").json()
    assert any("12,000 returnees" in passage["text"] for passage in detail["passages"])
    assert [d["id"] for d in mine.get("/api/v1/documents/").json()["results"]] == [document["id"]]

    # A draft quoting it verbatim.
    body = {**content(), "quotes": [{"document": document["id"], "quote": PDF_QUOTE}]}
    response = mine.post("/api/v1/submissions/", body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["state"] == "draft"
    assert created["version"] == 0
    assert created["title"] == body["title"]
    assert created["countries"] == [{"iso3": "MDA", "role": "implementing"}]
    assert created["quotes"][0]["document"] == document["id"]
    assert created["quotes"][0]["claim"] == "summary"
    assert created["quotes"][0]["locator"]
    assert created["actions"] == ["edit", "submit", "comment"]
    assert created["problems"] == {}
    url = f"/api/v1/submissions/{created['id']}/"

    # Sent for review; a reviewer sees it in the queue and sends it back.
    response = mine.post(url + "submit/")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "in_review"
    assert response.json()["version"] == 1
    queue = theirs.get("/api/v1/submissions/?state=in_review").json()
    assert [s["id"] for s in queue["results"]] == [created["id"]]
    assert theirs.get(url).json()["actions"] == [
        "request_changes",
        "approve",
        "reject",
        "comment",
    ]
    response = theirs.post(
        url + "request-changes/", {"comment": "Say where the centre is."}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "changes_requested"

    # The contributor reads the comment, changes the summary, sends it again.
    sent_back = mine.get(url).json()
    assert sent_back["comments"][0]["text"] == "Say where the centre is."
    assert sent_back["actions"] == ["edit", "submit", "comment"]
    response = mine.patch(
        url, {"summary": "A centre in Chișinău that advises returning migrants."}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["summary"].startswith("A centre in Chișinău")
    assert response.json()["title"] == body["title"]  # the fields not sent are kept
    assert mine.post(url + "submit/").json()["version"] == 2

    # Approved: the practice is published, in the practices API and the change feed.
    response = theirs.post(url + "approve/", {"comment": "Thank you."}, format="json")
    assert response.status_code == 200, response.json()
    published = response.json()
    assert published["state"] == "published"
    assert published["actions"] == ["comment"]
    assert [(t["from"], t["to"]) for t in published["transitions"]] == [
        ("draft", "in_review"),
        ("in_review", "changes_requested"),
        ("changes_requested", "in_review"),
        ("in_review", "published"),
    ]
    assert published["transitions"][-1]["comment"] == "Thank you."
    assert published["decided_at"]
    practice = Practice.objects.get()
    assert published["practice"].endswith(f"/api/v1/practices/{practice.slug}/")
    assert practice.contributed_by == "Ministry of Labour"
    anonymous = APIClient()
    record = anonymous.get(f"/api/v1/practices/{practice.slug}/")
    assert record.status_code == 200
    assert record.json()["title"] == body["title"]
    assert record.json()["contributed_by"] == "Ministry of Labour"
    feed.process()
    changes = anonymous.get("/api/v1/changes/?page_size=200").json()["results"]
    assert {"type": "practice", "key": practice.slug} in [
        {"type": c["type"], "key": c["key"]} for c in changes
    ]
    # The uploaded document became a source of the knowledge base.
    assert mine.get(f"/api/v1/documents/{document['id']}/").json()["source"]


def test_a_text_file_and_a_source_of_the_knowledge_base_can_be_quoted():
    world()
    owner = contributor()
    api = client_of(owner)
    response = upload(api, b"First paragraph.\n\nThe second says something else.", "notes.txt")
    assert response.status_code == 201, response.json()
    assert response.json()["pages"] is None
    quote = {"document": str(response.json()["id"]), "quote": "says something else"}
    response = api.post("/api/v1/submissions/", {"quotes": [quote]}, format="json")
    assert response.status_code == 201, response.json()
    # Incomplete, so not sent: what is missing, by field.
    assert set(response.json()["problems"]) >= {"title", "summary", "countries"}
    refused = api.post(f"/api/v1/submissions/{response.json()['id']}/submit/")
    assert refused.status_code == 400
    assert {"title", "summary", "countries", "themes"} <= set(refused.json()["errors"])
    assert Submission.objects.get().state == "draft"


# Refusals of a submission's writes -----------------------------------------------------------


def test_a_fabricated_quote_is_refused_naming_it_and_the_nearest_passage():
    owner = contributor()
    document = DocumentFactory(owner=owner)
    body = {**content(), "quotes": [{"document": document.pk, "quote": FABRICATED}]}
    response = client_of(owner).post("/api/v1/submissions/", body, format="json")
    assert response.status_code == 400
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    messages = " ".join(problem["errors"]["quotes"])
    assert FABRICATED in messages
    # The nearest passage, quoted whole.
    assert "nearest" in messages.lower()
    assert any(f"“{p}”" in messages for p in TEXT.split("\n\n"))
    assert not Submission.objects.exists()


def test_unknown_fields_bad_shapes_and_unknown_records_are_refused_by_field():
    owner = contributor()
    document = DocumentFactory(owner=owner)
    api = client_of(owner)
    cases = [
        ({"summmary": "typo"}, "summmary"),
        ({"countries": [{"iso3": "ZZZ"}]}, "countries.0.iso3"),
        ({"themes": "return"}, "themes"),
        ({"quotes": [{"document": document.pk, "quote": QUOTE, "claim": "x"}]}, "quotes.0.claim"),
        ({"quotes": [{"document": document.pk, "text": QUOTE}]}, "quotes.0.text"),
        ({"quotes": [{"document": True, "quote": QUOTE}]}, "quotes.0.document"),
        ({"quotes": [{"document": 999999, "quote": QUOTE}]}, "quotes"),
        ({"quotes": [{"document": "no-such-paper", "quote": QUOTE}]}, "quotes"),
        ({"language": "de"}, "language"),
        # JSON types as the schema gives them: no number for a string, nor the reverse.
        ({"title": 12}, "title"),
        ({"start_year": "2015"}, "start_year"),
        ({"countries": [{"iso3": "MDA", "role": 1}]}, "countries.0.role"),
        ({"quotes": [{"document": document.pk, "quote": 5}]}, "quotes.0.quote"),
    ]
    for body, field in cases:
        response = api.post("/api/v1/submissions/", body, format="json")
        assert response.status_code == 400, (body, response.json())
        assert field in response.json()["errors"], (body, response.json())
    assert api.post("/api/v1/submissions/", [1], format="json").status_code == 400
    assert not Submission.objects.exists()


def test_another_contributors_document_cannot_be_quoted():
    document = DocumentFactory()
    response = client_of(contributor()).post(
        "/api/v1/submissions/",
        {"quotes": [{"document": document.pk, "quote": QUOTE}]},
        format="json",
    )
    assert response.status_code == 400
    assert str(document.pk) in " ".join(response.json()["errors"]["quotes"])


def test_another_contributor_sees_nothing_of_a_submission():
    submission = draft()
    other = client_of(contributor())
    url = f"/api/v1/submissions/{submission.pk}/"
    assert other.get(url).status_code == 404
    assert other.patch(url, {"title": "Mine now"}, format="json").status_code == 404
    assert other.post(url + "submit/").status_code == 404
    assert other.post(url + "comments/", {"text": "Hello"}, format="json").status_code == 404
    assert other.get("/api/v1/submissions/").json()["count"] == 0
    document = submission.quotes.get().document
    assert other.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    assert other.delete(f"/api/v1/documents/{document.pk}/").status_code == 404
    submission.refresh_from_db()
    assert submission.title != "Mine now"


def test_a_reviewer_sees_their_own_and_every_submission_sent_but_no_others_draft():
    editor = reviewer()
    sent = submission_in("in_review")
    own = draft(editor)
    hidden = draft()
    api = client_of(editor)
    listed = {s["id"] for s in api.get("/api/v1/submissions/").json()["results"]}
    assert listed == {sent.pk, own.pk}
    assert api.get(f"/api/v1/submissions/{hidden.pk}/").status_code == 404
    drafts = api.get("/api/v1/submissions/?state=draft").json()["results"]
    assert [s["id"] for s in drafts] == [own.pk]
    bad = api.get("/api/v1/submissions/?state=lost")
    assert bad.status_code == 400
    assert "state" in bad.json()["errors"]


def test_a_transition_not_allowed_in_the_state_is_409_naming_the_state():
    submission = submission_in("in_review")
    url = f"/api/v1/submissions/{submission.pk}/"
    response = client_of(submission.owner).post(url + "submit/")
    assert response.status_code == 409
    assert response.json()["state"] == "in_review"
    assert response.json()["detail"]
    response = client_of(submission.owner).patch(url, {"title": "Late"}, format="json")
    assert response.status_code == 409
    assert response.json()["state"] == "in_review"


def test_comments_by_the_contributor_and_a_reviewer():
    submission = submission_in("in_review")
    url = f"/api/v1/submissions/{submission.pk}/comments/"
    response = client_of(reviewer()).post(
        url, {"field": "summary", "text": "Which years?"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["field"] == "summary"
    response = client_of(submission.owner).post(url, {"text": "2015 to 2017."}, format="json")
    assert response.status_code == 201
    assert client_of(submission.owner).post(url, {"text": " "}, format="json").status_code == 400
    assert (
        client_of(submission.owner)
        .post(url, {"field": "nope", "text": "x"}, format="json")
        .status_code
        == 400
    )
    comments = client_of(submission.owner).get(f"/api/v1/submissions/{submission.pk}/").json()
    assert [c["text"] for c in comments["comments"]] == ["Which years?", "2015 to 2017."]


def test_approve_and_reject_need_their_bodies():
    submission = submission_in("in_review")
    editor = client_of(reviewer())
    url = f"/api/v1/submissions/{submission.pk}/"
    assert editor.post(url + "reject/", {}, format="json").status_code == 400
    assert editor.post(url + "request-changes/", {}, format="json").status_code == 400
    response = editor.post(url + "approve/", {"merges": {"nope": {}}}, format="json")
    assert response.status_code == 400
    response = editor.post(url + "reject/", {"reason": "Out of scope."}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "rejected"
    assert response.json()["reason"] == "Out of scope."


# Who may create -----------------------------------------------------------------------------


def test_anonymous_requests_are_401_and_sessions_are_not_accepted():
    user = contributor()
    api = APIClient()
    for method, path in [
        ("get", "/api/v1/submissions/"),
        ("post", "/api/v1/submissions/"),
        ("get", "/api/v1/documents/"),
        ("post", "/api/v1/documents/"),
    ]:
        assert getattr(api, method)(path).status_code == 401, path
    # Signed in on the site: still no token, still 401.
    api.force_login(user)
    assert api.post("/api/v1/submissions/", {}, format="json").status_code == 401


def test_an_unverified_account_may_not_contribute():
    api = client_of(unverified())
    response = api.post("/api/v1/submissions/", content(), format="json")
    assert response.status_code == 403
    assert "Verify your e-mail" in response.json()["detail"]
    response = upload(api, b"Some text.", "notes.txt")
    assert response.status_code == 403
    assert not Document.objects.exists()


# Documents ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "status", "code"),
    [
        (lambda: encrypted_pdf_bytes([["Secret."]]), "secret.pdf", 400, "encrypted"),
        (lambda: zip_bomb_docx_bytes(), "bomb.docx", 400, None),
        (lambda: b"", "empty.txt", 400, None),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "picture.png", 400, None),
        (lambda: pdf_bytes([["Text."]]), "report.docx", 400, None),
        (lambda: b"%PDF-1.4 this is not really a PDF", "broken.pdf", 400, None),
    ],
    ids=["encrypted", "zip-bomb", "empty", "wrong-type", "misnamed", "malformed"],
)
def test_hostile_uploads_are_refused_naming_the_problem_and_leave_nothing(data, name, status, code):
    response = upload(client_of(contributor()), data(), name)
    assert response.status_code == status, response.json()
    problem = response.json()
    assert problem["detail"] and problem["code"]
    if code:
        assert problem["code"] == code
    assert not Document.objects.exists()


def test_a_file_larger_than_the_limit_is_413(settings):
    settings.CONTRIBUTION_UPLOAD_MAX_BYTES = 1000
    response = upload(client_of(contributor()), b"A paragraph of text. " * 100, "long.txt")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "MB" in response.json()["detail"]
    assert not Document.objects.exists()


def test_an_upload_without_a_file_or_not_multipart_is_refused():
    api = client_of(contributor())
    response = api.post("/api/v1/documents/", {"title": "No file"}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    response = api.post("/api/v1/documents/", {"file": "x"}, format="json")
    assert response.status_code == 415
    assert not Document.objects.exists()


def test_a_quoted_document_cannot_be_deleted_an_unquoted_one_can():
    submission = draft()
    quoted = submission.quotes.get().document
    spare = DocumentFactory(owner=submission.owner)
    api = client_of(submission.owner)
    response = api.delete(f"/api/v1/documents/{quoted.pk}/")
    assert response.status_code == 409
    assert response.json()["detail"]
    assert api.delete(f"/api/v1/documents/{spare.pk}/").status_code == 204
    assert list(Document.objects.all()) == [quoted]


def test_an_upload_still_extracting_is_202(monkeypatch):
    from contributions import tasks

    monkeypatch.setattr(tasks.extract_document, "delay", lambda *args, **kwargs: None)
    response = upload(client_of(contributor()), b"Some text.", "notes.txt")
    assert response.status_code == 202
    assert response.json()["state"] == "extracting"
    assert response.json()["passages_count"] is None


# Caching and rate limits -----------------------------------------------------------------------


def test_no_response_is_kept_by_a_shared_cache(monkeypatch, settings):
    stored = []
    monkeypatch.setattr(response_cache, "store", lambda key, response: stored.append(key))
    submission = draft()
    api = client_of(submission.owner)
    for path in (
        "/api/v1/submissions/",
        f"/api/v1/submissions/{submission.pk}/",
        "/api/v1/documents/",
    ):
        response = api.get(path)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert "Authorization" in response["Vary"]
    assert APIClient().get("/api/v1/submissions/").status_code == 401
    assert stored == []


def test_uploads_and_new_submissions_have_their_own_rate_limits(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {"anon": None, "user": None, "uploads": "2/hour", "submissions": "3/hour"},
    )
    cache.clear()
    owner = contributor()
    api = client_of(owner)
    statuses = [upload(api, b"Some text.", f"n{i}.txt").status_code for i in range(3)]
    assert statuses == [201, 201, 429]
    refused = upload(api, b"Some text.", "n.txt")
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]
    statuses = [
        api.post("/api/v1/submissions/", {"title": f"T{i}"}, format="json").status_code
        for i in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    # Reads and edits are not counted by these limits.
    submission = Submission.objects.first()
    assert api.get("/api/v1/submissions/").status_code == 200
    assert (
        api.patch(
            f"/api/v1/submissions/{submission.pk}/", {"title": "X"}, format="json"
        ).status_code
        == 200
    )
    # Another contributor has their own count.
    assert (
        client_of(contributor()).post("/api/v1/submissions/", {}, format="json").status_code == 201
    )
