import copy
import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from coherence.batching import batch
from practices import facet_index
from tests import databases


def worker_redis_url() -> str:
    """The Redis database of the tests that need a real shared cache: `TEST_REDIS_URL`
    (database 13 by default), plus the pytest-xdist worker's number, since those tests
    empty it (FLUSHDB) and two workers sharing one would empty each other's entries."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    base, _, number = url.rpartition("/")
    database = int(number or 0) + int(worker.removeprefix("gw") or 0)
    if database > 15:
        raise RuntimeError(
            f"{worker} would use Redis database {database}: give TEST_REDIS_URL a lower one"
        )
    return f"{base}/{database}"


REDIS_URL = worker_redis_url()


def redis_is_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


# The URL of the migrated snapshot, once `django_db_setup` has taken it.
_MIGRATED = ""


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """pytest-django's test database, and, if a test of the run asks for it, a copy of it
    taken before any test writes to it (`migrated_database`)."""
    global _MIGRATED
    if not any("migrated_database" in item.fixturenames for item in request.session.items):
        yield
        return
    with django_db_blocker.unblock():
        _MIGRATED = databases.take_migrated_snapshot(tmp_path_factory.mktemp("migrated"))
    yield
    databases.drop_snapshot(_MIGRATED)


@pytest.fixture(scope="session")
def migrated_database(django_db_setup) -> str:
    """The URL of a database as `migrate` leaves it, for a test that runs the site or a
    command in another process: copy it (`tests.databases.new_database(template=...)`)
    rather than write to it, as other tests copy it too."""
    return _MIGRATED


SEED = "knowledge_base"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The tests that read the seed (`knowledge_base`) run last, after pytest-django has
    put the other database tests first and the transactional ones after them: the seed is
    loaded once for the run and stays committed until the end, where no test that expects
    an empty database, and no transactional test that would empty it, comes after."""
    seed_last(items)
    if on_postgres():
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/coherence"
    )
    for item in items:
        if "requires_postgres" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Each fixture's records are written in a batch (`coherence.batching`), as the seed
    loader writes them: each record's search document is written once, when the fixture
    has built its records, instead of once per save and once per link (a practice's about
    six times). That halves the time of a typical world of factories. The documents are
    written inside the test's transaction, the same as writes outside a batch give
    (`tests/search/test_batching.py`). Only around the fixtures of a test that does not
    commit: a test that commits (a live server's) builds its records in a transaction
    and a batch of its own (`tests/web/conftest.py` `kb`), so that the documents are
    written in that transaction, not after it; and a module's shared records are built
    in a batch of their own too (`shared_records`), inside the transaction and the
    database access they open."""
    if fixturedef.scope != "function" or is_transactional(request.node):
        return (yield)
    with batch():
        return (yield)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counts and other cached state live in the cache, the facet index in the
    process: every test starts with none, whichever tests ran before it in the same
    process. (A facet index is rebuilt when its token changes, but a test may change rows
    without changing the token, `QuerySet.update()`, and a rolled-back token is reused by
    the next test of shared records.)"""
    cache.clear()
    facet_index.forget()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """A request with `Accept-Language` leaves its language active in the thread (the
    locale middleware activates it and nothing deactivates it): every test starts in the
    site's default language, whichever tests ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pytest_configure(config):
    """Tests sign users in and create them by the hundred: a password hashed with the
    production hasher (PBKDF2, a million rounds) costs a third of a second each time.
    Tests use a fast hasher; the site itself keeps Django's default hashers
    (`tests/test_settings.py`).

    Tests read no collected static files (they run with plain static storage, and the
    tests of the production path collect into a folder of their own), so `STATIC_ROOT`
    names a folder that does not exist. Otherwise, once `collectstatic` had filled
    `staticfiles/` (the README's production trial does), WhiteNoise would read that whole
    folder each time a test client starts (every test with a client: 745 files, the
    compressed copies included, about 80 ms a time under cProfile)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STATIC_ROOT = Path(__file__).resolve().parent / "no-collected-static-files"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "pw-editor-123"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def seed_last(items: list) -> None:
    """Move the tests that read the seed to the end, each group in its order (in place)."""
    items.sort(key=lambda item: SEED in getattr(item, "fixturenames", ()))


_SEED_LOADED = False


@pytest.fixture(scope="session")
def knowledge_base(django_db_setup, django_db_blocker):
    """The curated knowledge base (`load_knowledge_base`), loaded and committed once for
    the test run (loading it takes about 25 seconds) and read by every test that asks for
    it; each test's own writes are rolled back as usual. Those tests run last
    (`pytest_collection_modifyitems`), and the guard below fails any other that would run
    after them. Flushed at the end of the run, for a database kept between runs
    (`--reuse-db`)."""
    global _SEED_LOADED
    with django_db_blocker.unblock():
        call_command("load_knowledge_base", stdout=io.StringIO())
    _SEED_LOADED = True
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--noinput", stdout=io.StringIO())
    _SEED_LOADED = False


@pytest.fixture(autouse=True)
def _the_seed_is_seen_only_by_the_tests_that_ask_for_it(request):
    """Once the seed is loaded, a test that does not ask for it would find the seed's
    records where it expects none, and a transactional test would empty the database under
    the tests that read it: the run's order (`pytest_collection_modifyitems`) keeps both
    before the seed is loaded, and this fails one that comes after it (an order imposed
    from outside, say) instead of letting it pass or fail for the wrong reason."""
    if _SEED_LOADED and SEED not in request.fixturenames and uses_database(request.node):
        pytest.fail(
            "the seed is loaded (a test that asks for `knowledge_base` ran before this "
            "one): this test would see its records; run it before the seed's tests"
        )


def shared_records(django_db_blocker, build):
    """Records written once for several tests (a module's), as Django's `setUpTestData`
    does: `build()` runs in a transaction that stays open while the tests run (and in a
    batch of writes, `coherence.batching`, so that each record's search document is
    written once, when the build ends), each test's own transaction nests in it as a
    savepoint and is rolled back, and the records are rolled back after the last test.
    Use it in a module-scoped fixture:

        @pytest.fixture(scope="module")
        def shared_world(django_db_setup, django_db_blocker):
            yield from shared_records(django_db_blocker, build_world)

    and hand each test its own copy (`copy_of`), since a test may change the instances.
    Only for tests that are not transactional: a live server's or `transactional_db`'s
    test empties the database at its end, which would end the shared transaction, so a
    module with such tests keeps its records per test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with batch():
                records = build()
        except BaseException as error:
            atomic.__exit__(type(error), error, error.__traceback__)
            raise
    try:
        yield records
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def copy_of(records):
    """A test's own copy of shared records: what it changes on them (an attribute, a
    cached relation) is gone with its transaction, as the rows are."""
    return copy.deepcopy(records)


def is_transactional(item) -> bool:
    """Whether the test commits (a live server, `transactional_db`, or
    `django_db(transaction=True)`)."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


def module_has_transactional_tests(request) -> bool:
    """Whether any test of the requesting test's module commits: such a module cannot
    share records through an open transaction (`shared_records`)."""
    return _module_tests(request)[0]


def _module_tests(request) -> tuple[bool, frozenset[str]]:
    """Whether the module has transactional tests, and the shared fixtures its tests ask
    for; read once per module from the collected tests."""
    module = request.module
    if module not in _MODULES:
        items = [item for item in request.session.items if item.module is module]
        _MODULES[module] = (
            any(is_transactional(item) for item in items),
            frozenset(
                name
                for item in items
                for name in getattr(item, "fixturenames", ())
                if name.startswith("shared_")
            ),
        )
    return _MODULES[module]


_MODULES: dict = {}


@pytest.fixture(autouse=True)
def _shared_records_are_seen_by_the_tests_that_ask_for_them(request):
    """A test sees a module's shared records (fixtures named `shared_*`) only if it asks
    for them, whatever order the tests run in: in a module where some test asks for
    shared records, every test must. And a transactional test would empty the database
    under their open transaction (see `shared_records`)."""
    if is_transactional(request.node):
        if transaction.get_connection().in_atomic_block:
            pytest.fail("a transactional test cannot run inside shared records' transaction")
        return
    if not uses_database(request.node):
        return
    transactional_module, shared = _module_tests(request)
    if transactional_module:
        return  # its shared fixtures write nothing (see tests/web/conftest.py)
    missing = shared - set(request.fixturenames)
    if missing:
        pytest.fail(
            f"this module's tests share records ({', '.join(sorted(missing))}): this test "
            "would see them or not depending on the order the tests run in; ask for them"
        )
