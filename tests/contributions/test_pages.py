"""The contributor's pages: start, the six steps of the guided form (each saving the
draft, errors beside their fields), the upload, quotes refused with the nearest passage,
one's submissions, and nobody else's."""

import pytest
from django.urls import reverse

from contributions.models import Document, Submission
from tests.contributions.page_factories import QUOTE, complete, draft, person, uploaded, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb():
    return world()


@pytest.fixture
def owner():
    return person("focal@example.org", organisation="Ministry of Labour")


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def step_url(submission, step):
    return reverse("contributions:step", kwargs={"pk": submission.pk, "step": step})


def management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def test_anonymous_is_told_to_sign_in_or_up(client):
    page = client.get(reverse("contributions:start")).content.decode()
    assert reverse("account_login") in page
    assert reverse("account_signup") in page


def test_an_unverified_account_is_told_to_verify(client):
    client.force_login(person("new@example.org", verified=False))
    response = client.get(reverse("contributions:start"))
    assert "Verify your e-mail address" in response.content.decode()
    assert client.post(reverse("contributions:start")).status_code == 403
    assert not Submission.objects.exists()


def test_starting_creates_a_draft_and_goes_to_step_one(signed_in, owner):
    response = signed_in.post(reverse("contributions:start"))
    submission = Submission.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == step_url(submission, 1)
    page = signed_in.get(step_url(submission, 1))
    assert page.status_code == 200
    assert 'aria-current="step"' in page.content.decode()
    assert "private" in page["Cache-Control"]


def test_step_one_saves_the_draft_and_moves_on(signed_in, owner):
    submission = Submission.objects.create(owner=owner)
    response = signed_in.post(
        step_url(submission, 1),
        {
            "title": "Returns centre",
            "summary": "Advises returnees.",
            "description": "",
            "go": "next",
        },
    )
    assert response["Location"] == step_url(submission, 2)
    submission.refresh_from_db()
    assert submission.content["title"] == "Returns centre"
    assert submission.title == "Returns centre"


def test_step_one_shows_a_too_long_title_beside_its_field(signed_in, owner):
    submission = Submission.objects.create(owner=owner)
    response = signed_in.post(step_url(submission, 1), {"title": "x" * 300, "go": "next"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_title"' in page  # the error summary links to the field
    assert 'aria-invalid="true"' in page
    submission.refresh_from_db()
    assert "title" not in submission.content


def test_step_two_saves_countries_institutions_and_proposals(signed_in, owner, kb):
    submission = Submission.objects.create(owner=owner)
    data = {
        **management("countries", 2),
        "countries-0-iso3": "MDA",
        "countries-0-role": "implementing",
        "countries-1-iso3": "",
        "countries-1-role": "implementing",
        **management("institutions", 1),
        "institutions-0-slug": "",
        "institutions-0-role": "lead",
        **management("proposed_institutions", 1),
        "proposed_institutions-0-name": "Returns Agency",
        "proposed_institutions-0-acronym": "RA",
        "proposed_institutions-0-kind": "agency",
        "proposed_institutions-0-country": "MDA",
        "proposed_institutions-0-role": "lead",
        "proposed_institutions-0-website": "",
        **management("proposed_tools", 1),
        "proposed_tools-0-name": "",
        "proposed_tools-0-kind": "framework",
        "go": "save",
    }
    response = signed_in.post(step_url(submission, 2), data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.content["countries"] == [{"iso3": "MDA", "role": "implementing"}]
    assert submission.content["proposed_institutions"][0]["name"] == "Returns Agency"
    assert submission.content["proposed_tools"] == []
    page = signed_in.get(step_url(submission, 2)).content.decode()
    assert 'name="countries-2-iso3"' in page  # the stored row and two empty ones


def test_step_two_add_another_row_shows_more_rows(signed_in, owner, kb):
    submission = Submission.objects.create(owner=owner)
    data = {
        **management("countries", 2),
        "countries-0-iso3": "",
        "countries-0-role": "implementing",
        "countries-1-iso3": "",
        "countries-1-role": "implementing",
        **management("institutions", 0),
        **management("proposed_institutions", 0),
        **management("proposed_tools", 0),
        "go": "add-countries",
    }
    page = signed_in.post(step_url(submission, 2), data).content.decode()
    assert 'name="countries-2-iso3"' in page
    assert 'name="countries-3-iso3"' not in page


def test_step_two_a_country_twice_is_shown(signed_in, owner, kb):
    submission = Submission.objects.create(owner=owner)
    data = {
        **management("countries", 2),
        "countries-0-iso3": "MDA",
        "countries-0-role": "implementing",
        "countries-1-iso3": "MDA",
        "countries-1-role": "partner",
        **management("institutions", 0),
        **management("proposed_institutions", 0),
        **management("proposed_tools", 0),
        "go": "next",
    }
    response = signed_in.post(step_url(submission, 2), data)
    assert response.status_code == 400
    assert "listed more than once: MDA" in response.content.decode()


def test_step_three_saves_the_classification(signed_in, owner, kb):
    submission = Submission.objects.create(owner=owner)
    response = signed_in.post(
        step_url(submission, 3),
        {"coherence_levels": ["intra-governmental"], "themes": ["return"], "scope": "national"},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.content["themes"] == ["return"]
    assert submission.content["scope"] == "national"


def test_step_four_end_before_start_is_shown_beside_the_end_year(signed_in, owner):
    submission = Submission.objects.create(owner=owner)
    response = signed_in.post(
        step_url(submission, 4),
        {"start_year": "2015", "end_year": "2010", "contact_email": "a@example.org"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The end year comes before the start year." in page
    assert 'href="#id_end_year"' in page


def test_step_four_saves_status_and_results(signed_in, owner):
    submission = Submission.objects.create(owner=owner)
    response = signed_in.post(
        step_url(submission, 4),
        {"status": "ongoing", "status_year": "2020", "partners": "IOM", "go": "back"},
    )
    assert response["Location"] == step_url(submission, 3)
    submission.refresh_from_db()
    assert submission.content["status"] == "ongoing"
    assert submission.content["partners"] == "IOM"


def test_a_text_file_is_uploaded(signed_in, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = Submission.objects.create(owner=owner)
    upload = SimpleUploadedFile("report.txt", b"Returns\n\nA centre for returnees.", "text/plain")
    response = signed_in.post(
        step_url(submission, 5), {"go": "upload", "file": upload, "title": "Report"}
    )
    assert response.status_code == 302
    document = Document.objects.get(owner=owner)
    assert document.is_ready and document.title == "Report"
    assert "Report" in signed_in.get(step_url(submission, 5)).content.decode()


def test_a_pdf_is_uploaded(signed_in, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.contributions.documents import pdf_bytes

    submission = Submission.objects.create(owner=owner)
    upload = SimpleUploadedFile(
        "report.pdf", pdf_bytes(["A centre for returning migrants."]), "application/pdf"
    )
    response = signed_in.post(step_url(submission, 5), {"go": "upload", "file": upload})
    assert response.status_code == 302
    assert Document.objects.get(owner=owner).is_ready


def test_a_refused_upload_is_shown(signed_in, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submission = Submission.objects.create(owner=owner)
    upload = SimpleUploadedFile("report.pdf", b"not a pdf at all", "application/pdf")
    response = signed_in.post(step_url(submission, 5), {"go": "upload", "file": upload})
    assert response.status_code in (400, 413)
    assert "field-errors" in response.content.decode()
    assert not Document.objects.exists()


def quote_data(document, quote, claim="summary"):
    return {
        **management("quotes", 2),
        "quotes-0-document": f"d{document.pk}",
        "quotes-0-claim": claim,
        "quotes-0-quote": quote,
        "quotes-1-document": "",
        "quotes-1-claim": "summary",
        "quotes-1-quote": "",
        "go": "next",
    }


def test_a_verbatim_quote_is_saved(signed_in, owner):
    submission = Submission.objects.create(owner=owner)
    document = uploaded(owner)
    response = signed_in.post(step_url(submission, 5), quote_data(document, QUOTE))
    assert response["Location"] == step_url(submission, 6)
    assert submission.quotes.get().locator


def test_a_refused_quote_shows_the_quote_and_the_nearest_passage(signed_in, owner):
    submission = Submission.objects.create(owner=owner)
    document = uploaded(owner)
    response = signed_in.post(
        step_url(submission, 5), quote_data(document, "advised 50,000 returnees on jobs")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "advised 50,000 returnees on jobs" in page
    assert "Nearest passage" in page and "12,000 returnees" in page
    assert not submission.quotes.exists()


def test_the_last_step_lists_problems_with_links_to_their_steps(signed_in, owner):
    submission = Submission.objects.create(owner=owner, content={"title": "Only a title"})
    page = signed_in.get(step_url(submission, 6)).content.decode()
    assert step_url(submission, 3) in page  # themes, levels, scope
    response = signed_in.post(step_url(submission, 6), {"go": "submit"})
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.state == Submission.State.DRAFT


def test_a_complete_draft_is_sent_for_review(signed_in, owner, kb):
    submission = draft(owner, kb)
    response = signed_in.post(step_url(submission, 6), {"go": "submit"})
    assert response["Location"] == reverse("contributions:submission", args=[submission.pk])
    submission.refresh_from_db()
    assert submission.state == Submission.State.IN_REVIEW
    page = signed_in.get(response["Location"]).content.decode()
    assert "focal@example.org" in page  # the history names who sent it
    # No longer editable: the steps send back to the submission.
    assert signed_in.get(step_url(submission, 1)).status_code == 302


def test_mine_lists_only_ones_own(signed_in, owner, kb):
    draft(owner, kb, title="Mine to see")
    other = person("other@example.org")
    draft(other, kb, title="Someone else's")
    page = signed_in.get(reverse("contributions:mine")).content.decode()
    assert "Mine to see" in page
    assert "Someone else" not in page


def test_another_contributor_gets_404(client, owner, kb):
    submission = draft(owner, kb)
    client.force_login(person("other@example.org"))
    assert client.get(reverse("contributions:submission", args=[submission.pk])).status_code == 404
    assert client.get(step_url(submission, 1)).status_code == 404
    assert client.post(step_url(submission, 1), {"title": "Mine now"}).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, owner, kb):
    submission = draft(owner, kb)
    response = client.get(step_url(submission, 1))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_practice_page_names_partners_and_contributor(client):
    from tests.factories import PracticeFactory

    practice = PracticeFactory(partners="IOM and ILO", contributed_by="Ministry of Labour")
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "IOM and ILO" in page
    assert "Contributed by" in page and "Ministry of Labour" in page


def test_complete_content_helper_is_valid(kb):
    assert complete(kb)["scope"] == "national"
