"""The knowledge base's classification of practices under the Global Compact for
Migration's objectives and guiding principles and the SDG targets: reference endpoints,
the practices' filters and facets (API and pages alike), the representation of a
practice, writes, the change feed, and the pages."""

import pytest
from django.contrib.auth.models import Permission
from knox.models import AuthToken

from practices import feed
from practices.models import FeedEntry, PracticeGcmObjective
from tests.factories import (
    GcmObjectiveFactory,
    GcmPrincipleFactory,
    PracticeFactory,
    SdgTargetFactory,
    classify,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]

LIST = "/api/v1/practices/"


@pytest.fixture
def frameworks(world):
    """Two objectives, two principles and two targets; Three per One classified under
    objective 19, principle 9 and target 10.c, the other practice under objective 23 and
    the draft under objective 19 (which must never show)."""
    objectives = {n: GcmObjectiveFactory(number=n, short_title=f"Short {n}") for n in (19, 23)}
    principles = {
        9: GcmPrincipleFactory(
            number=9, slug="whole-of-government-approach", title="Whole-of-government approach"
        ),
        1: GcmPrincipleFactory(number=1, slug="people-centred", title="People-centred"),
    }
    targets = {
        code: SdgTargetFactory(code=code, short_title=f"Target {code}") for code in ("10.c", "10.7")
    }
    three, pdos = world["practices"]
    classify(
        three,
        objectives=[objectives[19]],
        principles=[principles[9]],
        targets=[targets["10.c"]],
        reason="It lowers what migrants pay to send money home.",
    )
    classify(pdos, objectives=[objectives[23]], reason="Two States cooperate on it.")
    classify(world["draft"], objectives=[objectives[19]], reason="A draft's reason.")
    feed.process()
    return {"objectives": objectives, "principles": principles, "targets": targets}


def slugs(response):
    assert response.status_code == 200, response.content[:500]
    return [row["slug"] for row in response.json()["results"]]


# Filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gcm_objective=19", ["three-per-one"]),
        ("gcm_objective=019", ["three-per-one"]),
        ("gcm_objective=19,23", ["pdos", "three-per-one"]),
        ("gcm_principle=whole-of-government-approach", ["three-per-one"]),
        ("gcm_principle=9", ["three-per-one"]),
        ("gcm_principle=1", []),
        ("sdg_target=10.C", ["three-per-one"]),
        ("sdg_target=10.7", []),
        ("gcm_objective=23&sdg_target=10.c", []),
    ],
)
def test_the_list_is_filtered_by_the_classification(api, frameworks, query, expected):
    assert sorted(slugs(api.get(f"{LIST}?{query}"))) == expected


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("gcm_objective=24", "24"),
        ("gcm_objective=abc", "abc"),
        ("gcm_principle=11", "11"),
        ("gcm_principle=nobody", "nobody"),
        ("sdg_target=99.9", "99.9"),
    ],
)
def test_an_unknown_framework_value_is_a_400_naming_it(api, frameworks, query, named):
    response = api.get(f"{LIST}?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    [message] = response.json()["errors"][name]
    assert message.startswith("Unknown") and named in message


def test_the_pages_refuse_an_unknown_objective_with_a_visible_message(client, frameworks):
    response = client.get("/practices/?gcm_objective=abc")
    assert response.status_code == 400
    assert "Unknown GCM objective: abc." in response.content.decode()


def test_the_practices_page_filters_by_objective_and_shows_the_facets(client, frameworks):
    page = client.get("/practices/?gcm_objective=19").content.decode()
    assert "Three per One" in page and "Pre-departure" not in page
    for heading in ("GCM objective", "GCM guiding principle", "SDG target"):
        assert heading in page
    assert "19. Short 19" in page


# Facets ----------------------------------------------------------------------------------


def test_the_facets_count_the_published_practices_of_each_value(api, frameworks):
    facets = api.get(f"{LIST}facets/").json()
    counts = {name: {v["value"]: v["count"] for v in facets[name]} for name in facets}
    # The draft's objective 19 is not counted; every value is listed, zero or not.
    assert counts["gcm_objective"] == {"19": 1, "23": 1}
    assert counts["gcm_principle"] == {"people-centred": 0, "whole-of-government-approach": 1}
    assert counts["sdg_target"] == {"10.c": 1, "10.7": 0}
    narrowed = api.get(f"{LIST}facets/?gcm_objective=23").json()
    assert {v["value"]: v["count"] for v in narrowed["sdg_target"]} == {"10.c": 0, "10.7": 0}


def test_a_new_classification_changes_the_counts(api, frameworks, world):
    api.get(f"{LIST}facets/")  # the index is built
    classify(world["practices"][1], targets=[frameworks["targets"]["10.7"]])
    facets = api.get(f"{LIST}facets/").json()
    assert {v["value"]: v["count"] for v in facets["sdg_target"]} == {"10.c": 1, "10.7": 1}


# Representations -------------------------------------------------------------------------


def test_list_rows_carry_the_keys_and_the_detail_the_reasons(api, frameworks):
    row = next(r for r in api.get(LIST).json()["results"] if r["slug"] == "three-per-one")
    assert row["gcm_objectives"] == [19]
    assert row["gcm_principles"] == ["whole-of-government-approach"]
    assert row["sdg_targets"] == ["10.c"]
    detail = api.get(f"{LIST}three-per-one/").json()
    assert detail["classification"] == {
        "classified_by": "knowledge base",
        "gcm_objectives": [
            {
                "number": 19,
                "short_title": "Short 19",
                "reason": "It lowers what migrants pay to send money home.",
            }
        ],
        "gcm_principles": [
            {
                "number": 9,
                "slug": "whole-of-government-approach",
                "title": "Whole-of-government approach",
                "reason": "It lowers what migrants pay to send money home.",
            }
        ],
        "sdg_targets": [
            {
                "code": "10.c",
                "short_title": "Target 10.c",
                "reason": "It lowers what migrants pay to send money home.",
            }
        ],
    }
    # Apart from what the papers state: no citation in it.
    assert "citations" not in detail["classification"]


def test_the_framework_endpoints_count_and_list_their_practices(api, frameworks):
    objectives = api.get("/api/v1/gcm-objectives/").json()["results"]
    assert [(o["number"], o["practice_count"]) for o in objectives] == [(19, 1), (23, 1)]
    detail = api.get("/api/v1/gcm-objectives/19/").json()
    assert [p["slug"] for p in detail["practices"]] == ["three-per-one"]
    assert detail["practices_url"].endswith("/api/v1/practices/?gcm_objective=19")
    principle = api.get("/api/v1/gcm-principles/whole-of-government-approach/").json()
    assert principle["practice_count"] == 1 and principle["number"] == 9
    target = api.get("/api/v1/sdg-targets/10.C/").json()
    assert (target["code"], target["goal"], target["practice_count"]) == ("10.c", 10, 1)
    assert api.get("/api/v1/sdg-targets/?goal=10").json()["count"] == 2
    assert api.get("/api/v1/gcm-objectives/24/").status_code == 404
    assert api.get("/api/v1/sdg-targets/1.1/").status_code == 404


def test_the_framework_lists_run_a_fixed_number_of_queries(
    api, frameworks, django_assert_num_queries
):
    for path in ("/api/v1/gcm-objectives/", "/api/v1/gcm-principles/", "/api/v1/sdg-targets/"):
        api.get(path)  # the facet index
        # The count, the page, the facet index's token, last-modified (1).
        with django_assert_num_queries(4):
            assert api.get(path).status_code == 200


def test_the_exports_carry_the_classification(api, frameworks):
    text = b"".join(api.get(f"{LIST}?format=csv&gcm_objective=19").streaming_content)
    lines = text.decode("utf-8-sig").splitlines()
    assert "gcm_objectives,gcm_objective_names" in lines[0]
    assert (
        ",19,Short 19,whole-of-government-approach,Whole-of-government approach,10.c," in (lines[1])
    )


# Writes ----------------------------------------------------------------------------------


@pytest.fixture
def writer(api, django_user_model):
    user = django_user_model.objects.create_user("editor-api", password="pw-editor-123")
    user.user_permissions.add(Permission.objects.get(codename="change_practice"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return api


def test_a_write_sets_the_classification_and_keeps_what_it_leaves_out(writer, frameworks):
    response = writer.patch(
        f"{LIST}three-per-one/",
        {
            "classification": {
                "gcm_objectives": [
                    {"number": 19, "reason": "A new reason."},
                    {"number": 23, "reason": "It is cooperation."},
                ]
            }
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    classification = response.json()["classification"]
    assert [(o["number"], o["reason"]) for o in classification["gcm_objectives"]] == [
        (19, "A new reason."),
        (23, "It is cooperation."),
    ]
    assert [p["number"] for p in classification["gcm_principles"]] == [9]  # kept
    link = PracticeGcmObjective.objects.get(practice__slug="three-per-one", objective__number=19)
    assert link.history.count() == 2  # updated in place


@pytest.mark.parametrize(
    ("classification", "message"),
    [
        ({"gcm_objectives": [{"number": 24, "reason": "x"}]}, "24"),
        ({"gcm_objectives": [{"number": 19}]}, "required"),
        ({"gcm_objectives": [{"number": 19, "reason": "x" * 301}]}, "300"),
        (
            {"sdg_targets": [{"code": "10.c", "reason": "a"}, {"code": "10.c", "reason": "b"}]},
            "10.c",
        ),
    ],
)
def test_a_bad_classification_is_a_400(writer, frameworks, classification, message):
    response = writer.patch(
        f"{LIST}three-per-one/", {"classification": classification}, format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()["errors"])


def test_a_classification_change_is_in_the_change_feed(frameworks, world):
    last = FeedEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    classify(world["practices"][1], objectives=[frameworks["objectives"][19]])
    feed.process()
    changed = set(FeedEntry.objects.filter(id__gt=last).values_list("type", "key"))
    assert {("practice", "pdos"), ("gcm-objective", "19")} <= changed


# Pages -----------------------------------------------------------------------------------


def test_the_practice_page_shows_the_classification_apart_from_the_cited_content(
    client, frameworks
):
    page = client.get("/practices/three-per-one/").content.decode()
    section = page[page.index('id="classification-heading"') :]
    assert "Global Compact objectives — classified by the knowledge base" in section
    assert "It lowers what migrants pay to send money home." in section
    assert "Objective 19: Short 19" in section
    # After the citations, not among them.
    assert page.index("classification-heading") > page.index("Jamaica")


def test_an_unclassified_practice_page_has_no_classification_section(client, world):
    practice = PracticeFactory(slug="unclassified")
    assert "classification-heading" not in client.get(practice.get_absolute_url()).content.decode()


def test_the_index_and_the_framework_pages_list_their_practices(client, frameworks):
    index = client.get("/gcm/").content.decode()
    assert "Objective 19" in index and "Whole-of-government approach" in index
    assert "Target 10.c" in index and "classified by the knowledge base" in index.lower()
    for url in (
        "/gcm/objectives/19/",
        "/gcm/principles/whole-of-government-approach/",
        "/gcm/sdg-targets/10.c/",
    ):
        page = client.get(url).content.decode()
        assert "Three per One" in page and "A draft" not in page, url
    assert client.get("/gcm/objectives/99/").status_code == 404
    assert client.get("/gcm/sdg-targets/nope/").status_code == 404


def test_the_framework_pages_run_a_fixed_number_of_queries(
    client, frameworks, django_assert_num_queries
):
    # An objective's page lists its practices as flat rows: the rows, their countries and
    # levels (one query), and the year of each one's latest status report.
    for url, queries in (("/gcm/", 4), ("/gcm/objectives/19/", 5)):
        client.get(url)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
