"""The shared response cache (coherence/response_cache.py, docs/decisions/0012): never
stale, whichever process answers, for every type of public record; never for anyone
signed in or for what differs between requests; conditional GETs answered without
rendering."""

from __future__ import annotations

import gc
import json
import os
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from coherence import data_version, response_cache
from coherence.passages import rebuild_passages
from coherence.signals import bulk_written
from practices.api.practices import PracticeViewSet
from practices.models import Practice
from search import indexing
from tests.conftest import REDIS_URL, redis_is_up
from tests.factories import (
    CitationFactory,
    CoherenceElementFactory,
    CoherenceLevelFactory,
    CountryFactory,
    CountryFindingFactory,
    InstitutionFactory,
    PolicyToolFactory,
    PracticeCountryFactory,
    PracticeFactory,
    PracticeInstitutionFactory,
    RecommendationFactory,
    RegionFactory,
    SourceDocumentFactory,
    SourcePassageFactory,
    ThemeFactory,
)

ROOT = Path(__file__).resolve().parent.parent
LOCAL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
NEW = "Renamed in one process, read in the other"


@pytest.fixture
def cached(settings):
    """The response cache on, as in production, in the process's own cache."""
    settings.RESPONSE_CACHE = True
    return settings


class Workers:
    """Two gunicorn workers, as far as the cache goes: each its own client of one Redis."""

    def __init__(self):
        self.client = APIClient()

    def get(self, worker: str, path: str, **headers):
        with override_settings(RESPONSE_CACHE_ALIAS=worker):
            return self.client.get(path, **headers)

    def queries(self, worker: str, path: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.get(worker, path)
        assert response.status_code == 200
        return len(queries)


@pytest.fixture
def workers(settings):
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not reachable at {REDIS_URL}")
        pytest.skip(f"needs Redis at {REDIS_URL} (TEST_REDIS_URL)")
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    settings.CACHES = {"default": LOCAL, "one": redis, "two": {**redis}}
    settings.RESPONSE_CACHE = True
    from django.core.cache import caches

    assert caches["one"] is not caches["two"]
    caches["one"].clear()
    yield Workers()
    caches["one"].clear()


# Every type of public record: what shows it, and a committed write that changes it.


def practice():
    record = PracticeFactory()
    return f"/api/v1/practices/{record.slug}/", lambda: rename(record, "title")


def practices_page():
    record = PracticeFactory()
    return "/practices/", lambda: rename(record, "title")


def practice_page():
    record = PracticeFactory()
    return f"/practices/{record.slug}/", lambda: rename(record, "summary")


def institution():
    record = InstitutionFactory()
    return f"/api/v1/institutions/{record.slug}/", lambda: rename(record, "name")


def institutions_page():
    record = InstitutionFactory()
    return "/institutions/", lambda: rename(record, "name")


def tool():
    record = PolicyToolFactory()
    return f"/api/v1/tools/{record.slug}/", lambda: rename(record, "name")


def source():
    record = SourceDocumentFactory()
    return f"/api/v1/sources/{record.slug}/", lambda: rename(record, "title")


def passage():
    record = SourcePassageFactory()
    return f"/api/v1/sources/{record.source.slug}/", lambda: rename(record, "text")


def passages_rebuilt():
    record = SourceDocumentFactory(text="A first paragraph.")

    def change():
        type(record).objects.filter(pk=record.pk).update(text=NEW)  # no signal
        record.refresh_from_db()
        rebuild_passages(record)

    return f"/api/v1/sources/{record.slug}/", change


def citation_of_a_practice():
    record = CitationFactory()
    return f"/api/v1/practices/{record.content_object.slug}/", lambda: rename(record, "locator")


def citation_of_an_institution():
    holder = InstitutionFactory()
    record = CitationFactory(content_object=holder)
    return f"/api/v1/institutions/{holder.slug}/", lambda: rename(record, "locator")


def citation_of_a_finding():
    finding = CountryFindingFactory()
    record = CitationFactory(content_object=finding)
    return f"/api/v1/countries/{finding.country.iso3}/", lambda: rename(record, "locator")


def finding():
    record = CountryFindingFactory()
    return f"/api/v1/countries/{record.country.iso3}/", lambda: rename(record, "statement")


def recommendation():
    record = RecommendationFactory()
    return f"/api/v1/recommendations/{record.pk}/", lambda: rename(record, "title")


def level():
    record = CoherenceLevelFactory()
    return f"/api/v1/coherence-levels/{record.slug}/", lambda: rename(record, "name")


def element():
    record = CoherenceElementFactory()
    return f"/api/v1/elements/{record.slug}/", lambda: rename(record, "name")


def theme():
    record = ThemeFactory()
    return f"/api/v1/themes/{record.slug}/", lambda: rename(record, "name")


def country():
    record = CountryFactory()
    return f"/api/v1/countries/{record.iso3}/", lambda: rename(record, "name")


def country_page():
    record = PracticeCountryFactory().country
    return f"/countries/{record.iso3}/", lambda: rename(record, "name")


def region():
    record = RegionFactory()
    return f"/api/v1/regions/{record.slug}/", lambda: rename(record, "name")


def practice_institution():
    record = PracticeFactory()
    return f"/api/v1/practices/{record.slug}/", lambda: PracticeInstitutionFactory(
        practice=record, institution=InstitutionFactory(name=NEW)
    )


def many_to_many_link():
    record = PracticeFactory()
    linked = ThemeFactory(name=NEW, slug="newly-linked")
    return f"/api/v1/practices/{record.slug}/", lambda: record.themes.add(linked), "newly-linked"


def bulk_write():
    record = PracticeFactory()

    def change():
        Practice.objects.filter(pk=record.pk).update(title=NEW)  # sends no signal
        bulk_written.send(sender=None, using="default", progress=None)

    return f"/api/v1/practices/{record.slug}/", change


def search_page():
    record = PracticeFactory(title="Tontine savings groups")
    return "/search/?q=tontine", lambda: rename(record, "summary", f"tontine {NEW}")


def api_search():
    record = PracticeFactory(title="Tontine savings groups")
    return "/api/v1/search/?q=tontine", lambda: rename(record, "title", f"Tontine {NEW}")


def rename(record, field, value=NEW):
    setattr(record, field, value)
    record.save()


RECORD_TYPES = [
    practice,
    practices_page,
    practice_page,
    institution,
    institutions_page,
    tool,
    source,
    passage,
    passages_rebuilt,
    citation_of_a_practice,
    citation_of_an_institution,
    citation_of_a_finding,
    finding,
    recommendation,
    level,
    element,
    theme,
    country,
    country_page,
    region,
    practice_institution,
    many_to_many_link,
    bulk_write,
    search_page,
    api_search,
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda f: f.__name__)
def test_a_committed_write_is_seen_by_the_next_request_in_every_process(workers, record_type):
    path, change, *shown = record_type()
    first = workers.get("one", path)
    assert first.status_code == 200
    # The other process is served what the first stored: the data version, nothing else.
    assert workers.queries("two", path) == 1
    assert workers.get("two", path).content == first.content
    change()  # committed (autocommit): a new data version
    for worker in ("two", "one"):
        response = workers.get(worker, path)
        assert response.status_code == 200
        assert (shown or [NEW])[0] in response.content.decode("unicode_escape")
        assert response.content != first.content


@pytest.mark.django_db(transaction=True)
def test_a_deletion_is_seen_by_the_next_request(workers):
    kept, gone = PracticeFactory(title="Kept practice"), PracticeFactory(title="Gone practice")
    for path in ("/practices/", "/api/v1/practices/"):
        assert "Gone practice" in workers.get("one", path).content.decode()
    gone.delete()
    for path in ("/practices/", "/api/v1/practices/"):
        text = workers.get("two", path).content.decode()
        assert kept.title in text and "Gone practice" not in text
    gone = PracticeFactory(slug="gone", title="Gone practice")
    assert workers.get("one", "/practices/gone/").status_code == 200
    gone.delete()
    assert workers.get("two", "/practices/gone/").status_code == 404


# What changes the data version ---------------------------------------------------------------


def changes_version(write) -> bool:
    before = data_version.current()
    write()
    return data_version.current() != before


@pytest.mark.django_db
def test_every_write_to_a_public_record_gives_a_new_version():
    practice = PracticeFactory()
    tool = PolicyToolFactory()
    assert changes_version(lambda: practice.save())
    assert changes_version(lambda: practice.themes.add(ThemeFactory()))
    assert changes_version(lambda: practice.themes.clear())
    assert changes_version(lambda: tool.publishers.add(InstitutionFactory()))
    assert changes_version(lambda: CitationFactory(content_object=tool))
    assert changes_version(lambda: CountryFindingFactory().delete())
    assert changes_version(lambda: SourcePassageFactory().delete())
    assert changes_version(lambda: bulk_written.send(sender=None, using="default"))
    assert changes_version(lambda: indexing.rebuild())
    assert changes_version(lambda: practice.delete())


def test_every_public_model_is_watched():
    """Every model of the reference framework and of the practices (a new one too) is
    watched, but for their history and the bookkeeping derived from them."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from practices.signals import BOOKKEEPING

    models = [
        model
        for label in ("coherence", "practices")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]
    unwatched = {model for model in models if model not in data_version.watched}
    assert unwatched == {*BOOKKEEPING, data_version.DataVersion}
    for model in data_version.watched:
        for signal in (post_save, post_delete):
            assert data_version.record_written in signal._live_receivers(model)[0], model


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_the_version_it_found():
    from django.db import transaction

    practice = PracticeFactory()
    before = data_version.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        practice.save()
        raise RuntimeError
    assert data_version.current() == before


# Never cached ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signed_in_editors_are_never_served_from_the_cache(cached, admin_client):
    practice = PracticeFactory()
    path = f"/practices/{practice.slug}/"
    assert Client().get(path).status_code == 200
    assert len(response_keys()) == 1
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get(path).status_code == 200
    assert len(queries) > 3  # the session, the user, the page's own reads
    assert len(response_keys()) == 1  # and nothing stored for them


@pytest.mark.django_db
def test_token_holders_and_session_cookies_skip_the_cache(cached):
    PracticeFactory()
    api = APIClient()
    assert api.get("/api/v1/practices/", HTTP_AUTHORIZATION="Bearer no-such-token").status_code
    api.cookies["sessionid"] = "someone"
    assert api.get("/api/v1/practices/").status_code == 200
    assert api.get("/practices/").status_code == 200
    assert not response_keys()


@pytest.mark.django_db
def test_errors_and_previews_are_not_stored(cached, client):
    assert client.get("/practices/no-such-practice/").status_code == 404
    assert client.get("/api/v1/practices/?country=ZZZ").status_code == 400
    assert client.get("/preview/not-a-token/").status_code == 404
    assert not response_keys()


@pytest.mark.django_db
def test_exports_are_not_stored(cached, client):
    PracticeFactory()
    assert client.get("/api/v1/practices/?format=csv").status_code == 200
    assert client.get("/api/v1/practices/", HTTP_ACCEPT="text/csv").status_code == 200
    assert not response_keys()


@pytest.mark.parametrize(
    "spoil",
    [
        lambda request, response: response.set_cookie("anything", "1"),
        lambda request, response: request.META.update(CSRF_COOKIE_NEEDS_UPDATE=True),
        lambda request, response: setattr(request, "_csp_nonce", "abc"),
        lambda request, response: setattr(response, "_csp_update", {"img-src": ["data:"]}),
        lambda request, response: response.__setitem__("Cache-Control", "private, no-store"),
        lambda request, response: response.__setitem__("Vary", "User-Agent"),
        lambda request, response: setattr(response, "status_code", 301),
        lambda request, response: setattr(
            request, "_messages", mock.Mock(_queued_messages=["Saved."])
        ),
    ],
)
def test_responses_that_differ_between_requests_are_not_stored(spoil):
    request = RequestFactory().get("/practices/")
    response = HttpResponse(b"<p>page</p>")
    assert response_cache.storable(request, response)
    spoil(request, response)
    assert not response_cache.storable(request, response)


def test_requests_with_credentials_are_not_anonymous():
    factory = RequestFactory()
    assert response_cache.anonymous_read(factory.get("/"))
    assert not response_cache.anonymous_read(factory.post("/"))
    assert not response_cache.anonymous_read(factory.get("/", HTTP_AUTHORIZATION="Bearer x"))
    for cookie in ("sessionid", "messages"):
        request = factory.get("/")
        request.COOKIES[cookie] = "x"
        assert not response_cache.anonymous_read(request)


# Keyed by what a response varies on ------------------------------------------------------------


@pytest.mark.django_db
def test_the_key_holds_language_host_format_and_query(cached, client):
    PracticeFactory()
    english = client.get("/practices/")
    # Pages carry their language in the path (/fr/...); the API's comes from the header,
    # and tests/api/test_languages.py checks its key holds it.
    french = client.get("/fr/practices/")
    assert b'lang="fr"' in french.content and b'lang="en"' in english.content
    assert b'lang="en"' in client.get("/practices/").content
    other_host = client.get("/api/v1/", HTTP_HOST="localhost")
    assert b"http://localhost/api/v1/" in other_host.content
    assert b"http://testserver/api/v1/" in client.get("/api/v1/").content
    assert client.get("/api/v1/practices/?page_size=1").json()["results"]
    assert client.get("/api/v1/practices/?format=csv")["Content-Type"].startswith("text/csv")
    assert len(response_keys()) == 5


# Throttles and conditional GETs ------------------------------------------------------------------


@pytest.mark.django_db
def test_cached_api_reads_still_count_against_the_rate_limit(cached):
    PracticeFactory()
    api = APIClient()
    remaining = [int(api.get("/api/v1/practices/")["RateLimit-Remaining"]) for _ in range(3)]
    assert remaining == sorted(remaining, reverse=True) and len(set(remaining)) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("condition", ["HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"])
def test_a_conditional_get_is_a_304_without_rendering(cached, client, condition):
    practice = PracticeFactory()
    PracticeFactory.create_batch(2)
    for path in ("/api/v1/practices/", f"/api/v1/practices/{practice.slug}/"):
        first = client.get(path)
        validator = first["ETag" if condition == "HTTP_IF_NONE_MATCH" else "Last-Modified"]
        with (
            mock.patch.object(PracticeViewSet, "get_serializer", side_effect=AssertionError),
            CaptureQueriesContext(connection) as queries,
        ):
            again = client.get(path, **{condition: validator})
            served = client.get(path)
        assert again.status_code == 304
        assert again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == first["Last-Modified"]
        assert served.status_code == 200 and served.content == first.content
        assert served["ETag"] == first["ETag"]
        assert len(queries) == 2  # the data version, once per request
        # After a write: rendered again, the whole response.
        practice.save()
        later = client.get(path, **{condition: validator})
        assert later.status_code == 200 or later["ETag"] != first["ETag"]


def cache_keys() -> set[str]:
    from django.core.cache import cache

    return set(cache._cache.keys())


def response_keys() -> set[str]:
    return {key for key in cache_keys() if ":response:" in key}


# The server's garbage collection ------------------------------------------------------------------


def test_the_shipped_server_freezes_what_the_app_loaded():
    """gunicorn.conf.py moves the loaded app out of the collector's reach before forking
    (p95 latency, docs/performance.md)."""
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    gc.unfreeze()
    try:
        config["when_ready"](None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


# Two real processes ------------------------------------------------------------------------

SERVE = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client()
for path in sys.stdin:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path.strip())
    print(json.dumps([response.status_code, response.content.decode(), len(queries)]), flush=True)
"""


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_another_process_sees_a_committed_write_on_its_next_request(settings):
    """A second process (a gunicorn worker) sharing the database and Redis: served from
    the cache until a write commits, then the write."""
    import subprocess
    import sys

    if not redis_is_up():
        pytest.skip(f"needs Redis at {REDIS_URL} (TEST_REDIS_URL)")
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    settings.CACHES = {"default": redis}
    settings.RESPONSE_CACHE = True
    from django.core.cache import cache

    cache.clear()
    db = connection.settings_dict
    other = subprocess.Popen(
        [sys.executable, "-c", SERVE],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "coherence.settings",
            "DEBUG": "1",
            "RESPONSE_CACHE": "1",
            "RESPONSE_CACHE_RELEASE": settings.RESPONSE_CACHE_RELEASE,
            "CACHE_URL": REDIS_URL,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        },
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def other_get(path):
        other.stdin.write(path + "\n")
        other.stdin.flush()
        return json.loads(other.stdout.readline())

    try:
        practice = PracticeFactory(title="Before the write")
        path = f"/api/v1/practices/{practice.slug}/"
        here = Client().get(path)
        status, content, queries = other_get(path)
        assert (status, content, queries) == (200, here.content.decode(), 1)  # from the cache
        rename(practice, "title")  # committed
        status, content, queries = other_get(path)
        assert status == 200 and NEW in content and queries > 1
        assert NEW in Client().get(path).content.decode()
    finally:
        other.stdin.close()
        other.wait(timeout=60)
        cache.clear()
