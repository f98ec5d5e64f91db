"""Citations in the admin: a record picker limited to the citable types, the record's
title and link shown, the quote given room, the passage found linked to the reader."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from coherence.models import (
    Citation,
    Event,
    Institution,
    Membership,
    Participation,
    Person,
    PolicyTool,
    Session,
)
from coherence.passages import rebuild_passages
from coherence.workbench.citations import citable_models
from practices.models import (
    Challenge,
    CountryFinding,
    Definition,
    Practice,
    PracticeStatusReport,
    QuestionResult,
    Recommendation,
)
from tests import factories

pytestmark = pytest.mark.django_db

CITABLE = {
    Practice,
    Recommendation,
    CountryFinding,
    Institution,
    PolicyTool,
    # Issue 21's records, each cited: challenges, glossary entries, questionnaire results,
    # a practice's status as a paper reports it, events, their sessions, people, roles,
    # and memberships of regional bodies.
    Challenge,
    Definition,
    QuestionResult,
    PracticeStatusReport,
    Event,
    Session,
    Person,
    Participation,
    Membership,
}


def key(record):
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def test_the_citable_types_are_the_records_that_cite_and_nothing_else():
    assert set(citable_models()) == CITABLE


def test_the_record_type_filter_offers_only_citable_types(admin_client):
    factories.CitationFactory()
    response = admin_client.get(reverse("admin:coherence_citation_changelist"))
    record_type = next(
        spec for spec in response.context["cl"].filter_specs if spec.title == "record type"
    )
    offered = {
        ContentType.objects.get_for_id(int(pk)).model_class()
        for pk, _ in record_type.lookup_choices
    }
    assert offered == CITABLE
    content = response.content.decode()
    # (A GFMD "session" is citable now: Django's sessions are kept out by the exact set
    # above.)
    for noise in ("log entry", "permission", "historical practice"):
        assert noise not in content.lower()


def test_the_record_picker_searches_every_citable_type_by_name(admin_client):
    practice = factories.PracticeFactory(title="Three per One")
    institution = factories.InstitutionFactory(name="Institute of Mexicans Abroad")
    factories.PracticeFactory(title="Diaspora bonds")
    response = admin_client.get(reverse("admin:coherence_citation_records"), {"term": "e"})
    groups = {group["text"]: group["children"] for group in response.json()["results"]}
    assert set(groups) <= {str(model._meta.verbose_name_plural) for model in CITABLE}
    response = admin_client.get(reverse("admin:coherence_citation_records"), {"term": "three"})
    (group,) = response.json()["results"]
    assert group["children"] == [{"id": key(practice), "text": "practice: Three per One"}]
    response = admin_client.get(reverse("admin:coherence_citation_records"), {"term": "abroad"})
    assert response.json()["results"][0]["children"][0]["id"] == key(institution)


def test_the_record_picker_is_closed_to_visitors(client):
    response = client.get(reverse("admin:coherence_citation_records"), {"term": "a"})
    assert response.status_code == 302


def test_a_citation_is_added_with_the_picker_and_its_passage_found(admin_client):
    practice = factories.PracticeFactory(title="Three per One")
    source = factories.SourceDocumentFactory()
    rebuild_passages(source)
    response = admin_client.post(
        reverse("admin:coherence_citation_add"),
        {
            "record": key(practice),
            "source": source.pk,
            "locator": "para. 2",
            "quote": "one of which is called “Three per One” (3x1).",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    citation = Citation.objects.get()
    assert citation.content_object == practice
    assert citation.passage is not None
    page = admin_client.get(reverse("admin:coherence_citation_change", args=[citation.pk]))
    content = page.content.decode()
    assert "practice: Three per One" in content  # the record chosen, by its title
    assert citation.passage.get_absolute_url() in content  # the passage, in the reader
    assert 'name="content_type"' not in content and 'name="object_id"' not in content


@pytest.mark.parametrize("value", ["nonsense", "999999:1", ""])
def test_a_record_that_is_not_a_citable_record_is_refused_with_a_message(admin_client, value):
    source = factories.SourceDocumentFactory()
    if value == "999999:1":
        # A real type that does not cite: a log entry's.
        value = f"{ContentType.objects.get_for_model(LogEntry).pk}:1"
    response = admin_client.post(
        reverse("admin:coherence_citation_add"),
        {"record": value, "source": source.pk, "locator": "para. 2", "quote": "x"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["record"]
    assert errors and not Citation.objects.exists()


def test_the_citation_list_shows_each_record_with_a_link_without_a_query_per_row(
    admin_client, count_queries
):
    for _ in range(2):
        factories.CitationFactory(content_object=factories.PracticeFactory())
        factories.CitationFactory(content_object=factories.CountryFindingFactory())
    url = reverse("admin:coherence_citation_changelist")
    admin_client.get(url)
    few = count_queries(lambda: admin_client.get(url))
    for _ in range(3):
        factories.CitationFactory(content_object=factories.PracticeFactory())
        factories.CitationFactory(content_object=factories.CountryFindingFactory())
        factories.CitationFactory(content_object=factories.InstitutionFactory())
    response = admin_client.get(url)
    many = count_queries(lambda: admin_client.get(url))
    assert many <= few + 1  # a third record type: one query more
    finding = CountryFinding.objects.first()
    assert reverse("admin:practices_countryfinding_change", args=[finding.pk]) in (
        response.content.decode()
    )


def test_an_inline_quote_gets_a_full_width_box_of_six_rows_and_the_source_a_search(admin_client):
    practice = factories.PracticeFactory()
    factories.CitationFactory(content_object=practice)
    response = admin_client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
    content = response.content.decode()
    assert 'rows="6"' in content
    assert 'name="coherence-citation-content_type-object_id-0-source"' in content
    assert "admin-autocomplete" in content
    assert "admin/css/workbench.css" in content
