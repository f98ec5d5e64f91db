import pytest

from practices import feed

# Every test of the module runs with its shared records, whether it reads them or not
# (tests/conftest.py, `shared_records`).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]


def test_change_feed_lists_creations_updates_and_deletions_oldest_first(api, world):
    from django.utils import timezone

    feed.process()  # the world is in the feed, as once its write committed
    start = timezone.now()
    practice = world["practices"][0]
    practice.title = "Tres por Uno"
    practice.save()
    pdos = world["practices"][1]
    pdos.delete()
    body = api.get("/api/v1/changes/", {"since": start.isoformat(), "type": "practice"}).json()
    changes = [(c["type"], c["key"], c["action"]) for c in body["results"]]
    assert ("practice", "three-per-one", "updated") in changes
    assert changes[-1] == ("practice", "pdos", "deleted")
    times = [c["time"] for c in body["results"]]
    assert times == sorted(times)


def test_change_feed_from_the_start_includes_creations(api, world):
    body = api.get("/api/v1/changes/?type=practice&page_size=200").json()
    created = {c["key"] for c in body["results"] if c["action"] == "created"}
    assert {"three-per-one", "pdos"} <= created
    assert "draft-practice" not in created


def test_unpublishing_is_a_deletion_in_the_feed(api, world):
    from django.utils import timezone

    feed.process()  # the world is in the feed, as once its write committed
    start = timezone.now()
    practice = world["practices"][0]
    practice.editorial_state = "draft"
    practice.save()
    body = api.get(f"/api/v1/changes/?since={start.isoformat().replace('+', '%2B')}").json()
    assert ("three-per-one", "deleted") in {(c["key"], c["action"]) for c in body["results"]}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("since=last-week", "since"), ("type=planet", "type"), ("page_size=-1", "page_size")],
)
def test_change_feed_bad_input(api, db, query, parameter):
    response = api.get(f"/api/v1/changes/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_search_returns_ranked_hits_with_urls(api, world):
    response = api.get("/api/v1/search/?q=remittances")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1
    hit = body["results"][0]
    assert set(hit) >= {"type", "key", "title", "snippet", "score", "url", "web_url"}
    assert hit["type"] == "practice" and hit["key"] == "three-per-one"
    assert hit["url"].endswith("/api/v1/practices/three-per-one/")
    assert "<mark>" in hit["snippet"]


def test_search_by_type(api, world):
    body = api.get("/api/v1/search/?q=diaspora&type=institution").json()
    assert {hit["type"] for hit in body["results"]} <= {"institution"}
    assert body["results"][0]["key"] == "diaspora-bureau"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("q=", "q"), ("q=x&type=planet", "type"), ("q=" + "x" * 2000, "q"), ("q=a%00", "q")],
)
def test_search_bad_input(api, db, query, parameter):
    response = api.get(f"/api/v1/search/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_change_feed_of_every_type(api, world):
    response = api.get("/api/v1/changes/?page_size=200")
    assert response.status_code == 200
    types = {change["type"] for change in response.json()["results"]}
    assert {"practice", "country", "institution", "tool", "theme"} <= types


@pytest.mark.parametrize("path", ["/api/v1/changes/?since=", "/api/v1/practices/?updated_after="])
def test_dates_with_unusual_offsets_are_not_server_errors(api, world, path):
    response = api.get(path + "0141-08-10T21:30:41.6%2B19:13")
    assert response.status_code == 200
