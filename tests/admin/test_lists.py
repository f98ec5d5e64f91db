"""The change lists: the columns and filters editors ask for, without a query per row."""

import pytest
from django.urls import reverse

from coherence.models import Institution, PolicyTool
from practices.models import CountryFinding, Practice, Recommendation
from tests import factories

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_the_practice_list_shows_the_countries_of_each_practice(admin_client):
    mexico = factories.CountryFactory(name="Mexico")
    usa = factories.CountryFactory(name="United States")
    factories.PracticeFactory(title="Three per One", countries=[mexico, usa])
    response = admin_client.get(changelist(Practice))
    content = response.content.decode()
    assert "Mexico, United States" in content


def test_the_country_filter_is_a_search_not_a_link_per_country(admin_client):
    countries = [factories.CountryFactory() for _ in range(30)]
    chosen = countries[3]
    factories.PracticeFactory(title="Chosen", countries=[chosen])
    factories.PracticeFactory(title="Other", countries=[countries[4]])
    response = admin_client.get(changelist(Practice))
    content = response.content.decode()
    assert 'data-filter-lookup="countries__id__exact"' in content
    assert countries[10].name not in content  # no link per country
    response = admin_client.get(changelist(Practice), {"countries__id__exact": chosen.pk})
    assert [p.title for p in response.context["cl"].result_list] == ["Chosen"]
    # The chosen country is shown in the search box.
    assert f'<option value="{chosen.pk}" selected>{chosen.name}</option>' in (
        response.content.decode()
    )


def test_the_country_filter_searches_with_the_admin_autocomplete(admin_client):
    factories.CountryFactory(name="Philippines")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "practices",
            "model_name": "practice",
            "field_name": "countries",
            "term": "phil",
        },
    )
    assert [result["text"] for result in response.json()["results"]] == ["Philippines"]


def test_a_nonsense_filter_value_is_refused_without_an_error(admin_client):
    response = admin_client.get(changelist(Practice), {"countries__id__exact": "mexico"})
    assert response.status_code in {200, 302}


@pytest.mark.parametrize(
    "model", [Practice, Recommendation, CountryFinding, Institution, PolicyTool]
)
def test_records_filter_by_the_source_they_cite_by_state_and_by_update(admin_client, model):
    cited_source = factories.SourceDocumentFactory(slug="berlin-2017")
    other_source = factories.SourceDocumentFactory(slug="manila-2008")
    factory = {
        Practice: factories.PracticeFactory,
        Recommendation: factories.RecommendationFactory,
        CountryFinding: factories.CountryFindingFactory,
        Institution: factories.InstitutionFactory,
        PolicyTool: factories.PolicyToolFactory,
    }[model]
    cited, other = factory(), factory(editorial_state="draft")
    factories.CitationFactory(content_object=cited, source=cited_source)
    factories.CitationFactory(content_object=other, source=other_source)
    url = changelist(model)
    response = admin_client.get(url, {"source": "berlin-2017"})
    assert list(response.context["cl"].result_list) == [cited]
    response = admin_client.get(url, {"editorial_state__exact": "draft"})
    assert list(response.context["cl"].result_list) == [other]
    response = admin_client.get(url, {"updated_at__gte": "2000-01-01 00:00:00+00:00"})
    assert response.context["cl"].result_count == 2
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    assert "source (cited in)" in titles and "updated" in titles


def test_findings_filter_by_the_most_common_questions_and_search_the_rest(admin_client):
    for _ in range(3):
        factories.CountryFindingFactory(question="Has a national plan")
    for n in range(20):
        factories.CountryFindingFactory(question=f"A rare question {n}")
    response = admin_client.get(changelist(CountryFinding))
    question = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "question"
    )
    assert len(question.lookup_choices) <= 12
    assert question.lookup_choices[0] == ("has-a-national-plan", "Has a national plan (3)")
    response = admin_client.get(changelist(CountryFinding), {"question": "has-a-national-plan"})
    assert response.context["cl"].result_count == 3
    response = admin_client.get(changelist(CountryFinding), {"q": '"A rare question 17"'})
    assert response.context["cl"].result_count == 1


def practice_rows(n):
    countries = [factories.CountryFactory() for _ in range(2)]
    for _ in range(n):
        practice = factories.PracticeFactory(countries=countries)
        factories.CitationFactory(content_object=practice)


ROWS = {
    Practice: practice_rows,
    Recommendation: lambda n: [factories.RecommendationFactory() for _ in range(n)],
    CountryFinding: lambda n: [factories.CountryFindingFactory() for _ in range(n)],
    Institution: lambda n: [
        factories.InstitutionFactory(parent=factories.InstitutionFactory()) for _ in range(n)
    ],
    PolicyTool: lambda n: [
        factories.PolicyToolFactory().countries.add(
            factories.CountryFactory(), factories.CountryFactory()
        )
        for _ in range(n)
    ],
}

# The queries of each change list: the session and user, the count and the rows, the
# filters' choices, a prefetch per many-to-many column. Practices: one more for the
# classification's filters' choices.
MAX_QUERIES = {
    Practice: 13,
    Recommendation: 10,
    CountryFinding: 10,
    Institution: 10,
    PolicyTool: 12,
}


@pytest.mark.parametrize("model", list(ROWS))
def test_change_lists_make_no_query_per_row(admin_client, count_queries, model):
    ROWS[model](2)
    url = changelist(model)
    admin_client.get(url)
    few = count_queries(lambda: admin_client.get(url))
    ROWS[model](4)
    many = count_queries(lambda: admin_client.get(url))
    assert few == many
    assert many <= MAX_QUERIES[model], many
