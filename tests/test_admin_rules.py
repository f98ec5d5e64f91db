"""The editorial rules as an editor meets them in the admin: quotes checked against the
paper as its reader shows it (a refusal names the nearest passage), no published record
without a citation, slugs that never collide."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from practices.models import CountryFinding, Practice
from tests import factories
from tests.coherence.test_quotes import PDF_PAPER, THREE_PER_ONE
from tests.forms import form_data

pytestmark = pytest.mark.django_db

CITATIONS = "coherence-citation-content_type-object_id"


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def citation(source, quote, locator="Section 2.1.1"):
    return {
        **management(CITATIONS, 1),
        f"{CITATIONS}-0-source": source.pk,
        f"{CITATIONS}-0-locator": locator,
        f"{CITATIONS}-0-quote": quote,
    }


def practice_data(**extra):
    return {
        "title_en": "Three per One",
        "slug": "three-per-one",
        "summary_en": "Matching funds.",
        "editorial_state": "published",
        "coherence_levels": [factories.CoherenceLevelFactory().pk],
        "themes": [factories.ThemeFactory().pk],
        "scope": "national",
        "status": "ongoing",
        **management("country_links"),
        **management("institution_links"),
        **management(CITATIONS),
        **extra,
    }


def finding_data(country, state="published", **extra):
    return {
        "country": country.pk,
        "question": factories.question_named(
            "National policy plan or strategy for migration and development"
        ).pk,
        "statement": "Reported a national policy plan.",
        "value": "yes",
        "year": "2008",
        "editorial_state": state,
        **management(CITATIONS),
        **extra,
    }


@pytest.fixture
def paper():
    return factories.SourceDocumentFactory(
        slug="2008-rt-3-2-background-paper", short_title="RT 3.2 paper", text=PDF_PAPER
    )


def test_a_quote_across_a_page_break_is_saved(admin_client, paper):
    response = admin_client.post(
        reverse("admin:practices_practice_add"), practice_data(**citation(paper, THREE_PER_ONE))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Practice.objects.get(slug="three-per-one").citations.get().quote == THREE_PER_ONE


def test_a_refused_quote_shows_the_nearest_passage(admin_client, paper):
    quote = "For each dollar provided by the migrants, the Federal Government adds two."
    response = admin_client.post(
        reverse("admin:practices_practice_add"), practice_data(**citation(paper, quote))
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "This quote does not occur in “RT 3.2 paper (2008)”" in content
    assert "Nearest passage (2.1.1 Inclusion of migration issues, paragraph 1)" in content
    assert "For each peso provided by the migrants, the Federal Government adds one" in content
    assert not Practice.objects.exists()


def test_a_finding_published_without_a_citation_is_refused(admin_client):
    country = factories.CountryFactory()
    response = admin_client.post(
        reverse("admin:practices_countryfinding_add"), finding_data(country)
    )
    assert response.status_code == 200
    assert (
        "A published country finding must cite at least one passage of a source: add a "
        "citation, or keep it as a draft."
    ) in response.content.decode()
    assert not CountryFinding.objects.exists()


def test_a_draft_finding_without_a_citation_is_saved(admin_client):
    country = factories.CountryFactory()
    response = admin_client.post(
        reverse("admin:practices_countryfinding_add"), finding_data(country, state="draft")
    )
    assert response.status_code == 302
    assert CountryFinding.objects.get().editorial_state == "draft"


def test_a_published_record_whose_last_citation_is_deleted_is_refused(admin_client):
    practice = factories.PracticeFactory()
    factories.CitationFactory(content_object=practice)
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    data = form_data(admin_client.get(url).content.decode(), "practice_form")
    data[f"{CITATIONS}-0-DELETE"] = ["on"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "must cite at least one passage" in response.content.decode()
    assert practice.citations.count() == 1


def test_two_findings_of_one_question_both_save_with_slugs_of_their_own(admin_client, paper):
    quote = "Approximately half (26 out of 53) of the States indicated they have a national plan."
    url = reverse("admin:practices_countryfinding_add")
    arg = factories.CountryFactory(iso3="ARG", name="Argentina")
    bra = factories.CountryFactory(iso3="BRA", name="Brazil")
    for country in (arg, bra, arg):
        response = admin_client.post(url, finding_data(country, **citation(paper, quote)))
        assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(CountryFinding.objects.values_list("slug", flat=True)) == [
        "arg-national-policy-plan-or-strategy-for-migration-and-development-2008",
        "arg-national-policy-plan-or-strategy-for-migration-and-development-2008-2",
        "bra-national-policy-plan-or-strategy-for-migration-and-development-2008",
    ]


def test_a_findings_slug_is_not_typed_and_stays_when_it_is_edited(admin_client):
    finding = factories.CountryFindingFactory(slug="arg-national-md-plan-2008")
    factories.CitationFactory(content_object=finding)
    url = reverse("admin:practices_countryfinding_change", args=[finding.pk])
    page = admin_client.get(url).content.decode()
    data = form_data(page, "countryfinding_form")
    assert "slug" not in data
    data["question"] = [str(factories.question_named("Another question").pk)]
    assert admin_client.post(url, data).status_code == 302
    finding.refresh_from_db()
    assert (finding.slug, finding.question.text) == (
        "arg-national-md-plan-2008",
        "Another question",
    )


def test_a_new_records_prepopulated_slug_gets_a_number_when_taken(admin_client, paper):
    factories.PracticeFactory(slug="three-per-one")
    response = admin_client.post(
        reverse("admin:practices_practice_add"), practice_data(**citation(paper, THREE_PER_ONE))
    )
    assert response.status_code == 302
    assert Practice.objects.filter(slug="three-per-one-2").exists()


def test_publishing_in_bulk_skips_the_uncited_and_says_why(admin_client):
    cited = factories.PracticeFactory(editorial_state="draft", title="Cited practice")
    factories.CitationFactory(content_object=cited)
    uncited = factories.PracticeFactory(editorial_state="draft", title="Uncited practice")
    response = admin_client.post(
        reverse("admin:practices_practice_changelist"),
        {"action": "publish", "_selected_action": [cited.pk, uncited.pk]},
    )
    assert response.status_code == 302
    cited.refresh_from_db()
    uncited.refresh_from_db()
    assert (cited.editorial_state, uncited.editorial_state) == ("published", "draft")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "1 record published." in messages
    assert any(
        m.startswith("“Uncited practice”") and "must cite at least one passage" in m
        for m in messages
    )
