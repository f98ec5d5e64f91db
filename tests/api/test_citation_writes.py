"""Citations written through the API are checked like the admin's (the quote as the
source reader shows it; a refusal names the nearest passage), and a record that must cite
is published only with a citation."""

import pytest

from coherence.models import Institution
from practices.models import Practice
from tests.api.test_writes import PRACTICE, authed, token_for
from tests.coherence.test_quotes import PDF_PAPER, THREE_PER_ONE
from tests.factories import SourceDocumentFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


@pytest.fixture
def writer(api, django_user_model):
    user = django_user_model.objects.create_user("partner", password="pw-partner-123")
    codenames = ["add_practice", "change_practice", "add_institution", "change_institution"]
    return authed(api, token_for(user, *codenames))


@pytest.fixture
def paper(db):
    return SourceDocumentFactory(slug="rt-3-2", short_title="RT 3.2 paper", text=PDF_PAPER)


def cite(quote, source="rt-3-2"):
    return [{"source": source, "locator": "Section 2.1.1", "quote": quote}]


def test_a_quote_across_a_page_break_is_written(writer, world, paper):
    response = writer.post(LIST, {**PRACTICE, "citations": cite(THREE_PER_ONE)}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["citations"][0]["quote"] == THREE_PER_ONE


def test_a_refused_quote_is_a_400_on_its_field_naming_the_nearest_passage(writer, world, paper):
    quote = "For each dollar provided by the migrants, the Federal Government adds two."
    response = writer.post(LIST, {**PRACTICE, "citations": cite(quote)}, format="json")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    message, nearest = response.json()["errors"]["citations.0.quote"]
    assert message.startswith("This quote does not occur in “RT 3.2 paper (2008)”")
    assert nearest.startswith("Nearest passage (2.1.1 Inclusion of migration issues, paragraph 1)")
    assert not Practice.objects.filter(slug="new-practice").exists()


def test_publishing_without_a_citation_is_a_400_and_a_draft_may_have_none(writer, world):
    published = writer.post(LIST, {**PRACTICE, "citations": []}, format="json")
    assert published.status_code == 400
    assert published.json()["errors"]["citations"] == [
        "A published practice must cite at least one passage of a source: add a citation, "
        "or keep it as a draft."
    ]
    draft = {k: v for k, v in PRACTICE.items() if k != "citations"}
    created = writer.post(LIST, {**draft, "editorial_state": "draft"}, format="json")
    assert created.status_code == 201
    refused = writer.patch(f"{LIST}new-practice/", {"editorial_state": "published"}, format="json")
    assert refused.status_code == 400 and "citations" in refused.json()["errors"]
    accepted = writer.patch(
        f"{LIST}new-practice/",
        {"editorial_state": "published", "citations": PRACTICE["citations"]},
        format="json",
    )
    assert accepted.status_code == 200, accepted.json()
    assert Practice.objects.get(slug="new-practice").citations.count() == 1


def test_a_published_records_citations_cannot_all_be_removed(writer, world):
    response = writer.patch(f"{LIST}three-per-one/", {"citations": []}, format="json")
    assert response.status_code == 400
    assert Practice.objects.get(slug="three-per-one").citations.count() == 2


def test_an_institution_is_published_with_its_citations(writer, world):
    body = {"slug": "new-body", "name": "A new body", "kind": "agency", "country": "MEX"}
    refused = writer.post(
        "/api/v1/institutions/", {**body, "editorial_state": "published"}, format="json"
    )
    assert refused.status_code == 400 and "citations" in refused.json()["errors"]
    created = writer.post(
        "/api/v1/institutions/",
        {**body, "editorial_state": "published", "citations": PRACTICE["citations"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert "citations" not in created.json()  # the list's shape, as before
    assert Institution.objects.get(slug="new-body").citations.count() == 1
