import pytest
from django.conf import settings
from django.core.cache import cache


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    if on_postgres():
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/coherence"
    )
    for item in items:
        if "requires_postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counts and other cached state live in the cache: every test starts with
    none, whichever tests ran before it in the same process."""
    cache.clear()
    yield
    cache.clear()


def pytest_configure(config):
    """Tests sign users in and create them by the hundred: a password hashed with the
    production hasher (PBKDF2, a million rounds) costs a third of a second each time.
    Tests use a fast hasher; the site itself keeps Django's default hashers
    (`tests/test_settings.py`)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "pw-editor-123"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
