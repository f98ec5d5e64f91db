"""A list's `Last-Modified` read in one query (`practices.feed.latest()`), as exact as
the change feed's clock: a write whose marks wait is processed before the time is read."""

import pytest
from django.utils.http import http_date

from practices import feed
from practices.models import FeedEntry, FeedPending
from tests.factories import PracticeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_world")]

LIST = "/api/v1/practices/"


def test_with_no_marks_waiting_the_time_is_the_clocks_in_one_query(
    world, django_assert_num_queries
):
    assert not FeedPending.objects.exists()
    with django_assert_num_queries(1):
        found = feed.latest("practice")
    newest = FeedEntry.objects.filter(type="practice").latest("id")
    assert found is not None and found == newest.time


def test_a_write_whose_marks_wait_is_seen_by_the_next_list(api, world):
    # The write's own processing runs when its transaction commits, which the test's
    # never does: its marks wait, as after a failed processing.
    PracticeFactory(slug="new-practice", countries=world["countries"][:1])
    assert FeedPending.objects.exists()
    response = api.get(LIST)
    assert response.status_code == 200
    created = FeedEntry.objects.get(type="practice", key="new-practice")
    assert not FeedPending.objects.exists()
    newest = FeedEntry.objects.filter(type="practice").latest("id")
    assert response["Last-Modified"] == http_date(int(newest.time.timestamp()))
    assert newest.time >= created.time


def test_a_type_without_entries_yet_has_no_time(world):
    FeedEntry.objects.filter(type="practice").delete()
    assert feed.latest("practice") is None
