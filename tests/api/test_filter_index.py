"""The public practices list checks its facets' keys against the facet index (no query of
its own for them) and reads every link type of a page in one statement
(`practices.rows.link_rows`); what it answers is unchanged: the same rows, the same 400s
for unknown keys, the same empty list for a key known to the database but to no
practice."""

import pytest
from django.db import connection
from django.utils import translation

from coherence.models import EditorialState
from practices import rows
from practices.models import Practice
from tests.factories import (
    CountryFactory,
    GcmObjectiveFactory,
    GcmPrincipleFactory,
    InstitutionFactory,
    SdgTargetFactory,
    classify,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/practices/"


def test_a_facet_filter_costs_no_query_of_its_own(api, world, django_assert_num_queries):
    api.get(LIST)  # the process's facet index, as the first request builds it
    # The index's token, the page's rows, last-modified (1), the links (1): as unfiltered.
    for query in ("", "?country=MEX", "?country=mex,PHL&theme=remittances", "?tool=migof"):
        with django_assert_num_queries(4):
            assert api.get(LIST + query).status_code == 200


def test_the_filtered_list_is_that_of_the_database(api, world):
    for query in ("country=MEX", "country=PHL,MDA", "institution=cfo", "region=asia"):
        body = api.get(f"{LIST}?{query}").json()
        facet, keys = query.split("=")
        keys = keys.split(",")
        if facet == "country":
            expected = Practice.objects.published().filter(countries__iso3__in=keys)
        elif facet == "institution":
            expected = Practice.objects.published().filter(institutions__slug__in=keys)
        else:
            expected = Practice.objects.published().filter(countries__region__slug__in=keys)
        slugs = sorted(set(expected.values_list("slug", flat=True)))
        assert sorted(row["slug"] for row in body["results"]) == slugs
        assert body["count"] == len(slugs)


def test_a_key_no_practice_has_is_checked_by_the_database(api, world):
    CountryFactory(iso3="CIV", iso2="CI", name="Côte d'Ivoire", m49=384)
    response = api.get(f"{LIST}?country=CIV")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_unknown_keys_are_the_same_errors(api, world):
    response = api.get(f"{LIST}?country=MEX,ZZZ")
    assert response.status_code == 400
    assert response.json()["errors"] == {"country": ["Unknown country code: ZZZ."]}
    # A draft institution is unknown to the public, whether a practice names it or not.
    hidden = InstitutionFactory(slug="hidden", editorial_state=EditorialState.DRAFT)
    practice = Practice.objects.get(slug="three-per-one")
    practice.institutions.add(hidden)
    response = api.get(f"{LIST}?institution=hidden")
    assert response.status_code == 400
    assert response.json()["errors"] == {"institution": ["Unknown institution: hidden."]}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_one_statement_reads_what_each_link_query_reads(world, language):
    three, pdos = world["practices"]
    objectives = [GcmObjectiveFactory(number=n) for n in (19, 3)]
    classify(three, objectives=objectives, principles=[GcmPrincipleFactory(number=9)])
    classify(pdos, objectives=objectives[:1], targets=[SdgTargetFactory(code="10.c")])
    ids = list(Practice.objects.values_list("pk", flat=True))
    with translation.override(language):
        found = rows.link_rows(ids, "default")
        listed = ",".join(map(str, ids))
        for column, query in rows.link_queries(language).items():
            # Each query on its own, as the rows were read before (one query per type).
            sql, params = query.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(sql.replace(rows.IDS, listed), params)
                alone = cursor.fetchall()
            assert found[column] == alone, column
            assert alone, column
        # An objective's key is its number, as the representation writes it.
        assert {row[1] for row in found["gcm_objectives"]} == {3, 19}
        both = rows.link_rows(ids, "default", ("countries", "coherence_levels"))
    assert both == {column: found[column] for column in ("countries", "coherence_levels")}
    assert rows.link_rows([], "default") == {column: [] for column in rows.LINKS}
    # More practices than a page (an export's chunk): one query per type, the same rows.
    unknown = range(10**9, 10**9 + rows.ONE_STATEMENT_MAX)
    with translation.override(language):
        assert rows.link_rows([*ids, *unknown], "default") == found
