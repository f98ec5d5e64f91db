"""The "used by" panel of a reference record's change page."""

import pytest
from django.urls import reverse

from coherence.workbench.used_by import SHOWN
from practices.models import PracticeInstitution
from tests import factories

pytestmark = pytest.mark.django_db


def change_page(admin_client, record):
    opts = record._meta
    return admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    )


def test_an_institution_lists_its_practices_parts_and_tools_with_links_and_states(admin_client):
    institution = factories.InstitutionFactory(name="Foreign Ministry")
    published = factories.PracticeFactory(title="Three per One")
    draft = factories.PracticeFactory(title="Diaspora bonds", editorial_state="draft")
    for practice in (published, draft):
        PracticeInstitution.objects.create(practice=practice, institution=institution)
    part = factories.InstitutionFactory(name="Institute of Mexicans Abroad", parent=institution)
    tool = factories.PolicyToolFactory(name="Remittance toolkit")
    tool.publishers.add(institution)

    response = change_page(admin_client, institution)

    panel = response.context["used_by"]
    labels = {group.label: group for group in panel}
    practices = labels["Practices (institutions)"]
    assert practices.total == 2
    assert {row.label for row in practices.rows} == {"Three per One", "Diaspora bonds"}
    assert ("Draft", 1) in [(str(label), count) for label, count in practices.states]
    assert [row.label for row in labels["Institutions (part of)"].rows] == [str(part)]
    assert [row.label for row in labels["Tools and frameworks (publishers)"].rows] == [str(tool)]
    content = response.content.decode()
    assert "Used by" in content
    assert reverse("admin:practices_practice_change", args=[draft.pk]) in content
    assert reverse("admin:coherence_policytool_change", args=[tool.pk]) in content


def test_a_country_with_many_practices_lists_the_first_and_links_to_the_filtered_list(
    admin_client,
):
    country = factories.CountryFactory(name="Mexico")
    for _ in range(SHOWN + 3):
        factories.PracticeFactory(countries=[country])
    factories.CountryFindingFactory(country=country)
    factories.InstitutionFactory(country=country)

    response = change_page(admin_client, country)

    practices = next(g for g in response.context["used_by"] if g.label.startswith("Practices"))
    assert practices.total == SHOWN + 3
    assert len(practices.rows) == SHOWN
    assert practices.more == 3
    listed = f"{reverse('admin:practices_practice_changelist')}?countries__id__exact={country.pk}"
    assert practices.list_url == listed
    content = response.content.decode()
    assert "and 3 more → filtered list" in content
    # The filtered list it links to answers (the lookup is allowed) with the practices.
    filtered = admin_client.get(listed)
    assert filtered.status_code == 200
    assert filtered.context["cl"].result_count == SHOWN + 3


def test_the_panel_costs_the_same_queries_for_few_and_many_referring_records(
    admin_client, count_queries
):
    small, large = factories.CountryFactory(), factories.CountryFactory()
    for country, n in ((small, 2), (large, SHOWN + 5)):
        for _ in range(n):
            factories.PracticeFactory(countries=[country])
            factories.CountryFindingFactory(country=country)
            factories.InstitutionFactory(country=country)
            factories.PolicyToolFactory().countries.add(country)
    change_page(admin_client, small)  # warms the content types' cache
    few = count_queries(lambda: change_page(admin_client, small))
    many = count_queries(lambda: change_page(admin_client, large))
    assert few == many
    # The session and user, the record, the form's relations, then two per group (one
    # for an empty group: the recommendations a country suggested, the challenges naming
    # it, its memberships of bodies, its roles at events, the people from it).
    assert many <= 17


def test_a_source_lists_its_citations_grouped_by_record(admin_client):
    source = factories.SourceDocumentFactory()
    practice = factories.PracticeFactory(title="Three per One")
    finding = factories.CountryFindingFactory()
    first = factories.CitationFactory(content_object=practice, source=source, locator="para. 2")
    factories.CitationFactory(content_object=practice, source=source, locator="para. 3")
    factories.CitationFactory(content_object=finding, source=source, locator="para. 4")

    response = change_page(admin_client, source)

    (group,) = response.context["used_by"]
    assert group.total == 2  # records
    rows = {row.label: row for row in group.rows}
    assert sorted(c.label for c in rows["Practice: Three per One"].citations) == [
        "para. 2",
        "para. 3",
    ]
    assert [c.label for c in rows[f"Country finding: {finding}"].citations] == ["para. 4"]
    assert reverse("admin:coherence_citation_change", args=[first.pk]) in response.content.decode()


def test_a_record_nothing_points_to_says_so(admin_client):
    theme = factories.ThemeFactory()
    response = change_page(admin_client, theme)
    assert response.context["used_by"] == []
    assert "No record points to this one." in response.content.decode()
