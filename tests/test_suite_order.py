"""The run's order that lets the seed be loaded once (`tests/conftest.py`)."""

from types import SimpleNamespace

from tests.conftest import seed_last


def test_the_tests_that_read_the_seed_run_last_each_group_in_its_order():
    items = [
        SimpleNamespace(name=name, fixturenames=fixtures)
        for name, fixtures in [
            ("reads-seed-1", ["db", "knowledge_base"]),
            ("plain-1", ["db"]),
            ("no-database", []),
            ("reads-seed-2", ["knowledge_base", "client"]),
            ("live-server", ["live_server", "transactional_db"]),
        ]
    ]
    seed_last(items)
    assert [item.name for item in items] == [
        "plain-1",
        "no-database",
        "live-server",
        "reads-seed-1",
        "reads-seed-2",
    ]
