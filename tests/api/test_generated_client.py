"""A partner's client, generated from the live schema by openapi-python-client and used as
generated (typed values, its own models), keeps a copy of the knowledge base: a full
download from `export/`, then an incremental sync through `changes/?after=` after a few
edits, step by step as docs/api.md's "Keeping a copy" says, ending equal to a fresh
download, field for field."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from knox.models import AuthToken
from rest_framework.throttling import SimpleRateThrottle

from coherence.wsgi import application
from tests.api.test_writes import token_for
from tests.factories import PolicyToolFactory

pytestmark = pytest.mark.django_db

PACKAGE = "kb_client"
BASE_URL = "http://testserver"

# Each type of the change feed: the generated module of its resource and its key's name.
RESOURCES = {
    "practice": ("practices", "slug"),
    "country": ("countries", "iso3"),
    "institution": ("institutions", "slug"),
    "tool": ("tools", "slug"),
    "coherence-level": ("coherence_levels", "slug"),
    "theme": ("themes", "slug"),
    "element": ("elements", "slug"),
    "region": ("regions", "slug"),
    "recommendation": ("recommendations", "id"),
    "source": ("sources", "slug"),
}


@pytest.fixture(scope="module")
def package(tmp_path_factory, django_db_blocker):
    """The package generated from the live schema, imported from a temporary directory."""
    root = tmp_path_factory.mktemp("generated")
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = root / "schema.json"
    schema.write_bytes(response.content)
    config = root / "config.yml"
    config.write_text(f"package_name_override: {PACKAGE}\npost_hooks: []\n")
    command = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [
            str(command),
            "generate",
            "--path",
            str(schema),
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(root / PACKAGE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing of the schema was skipped: every operation and model is generated.
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(root))
    yield importlib.import_module(PACKAGE)
    sys.path.remove(str(root))
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


@pytest.fixture
def generated(package, world, monkeypatch):
    """The generated package, speaking to the app in-process (httpx's WSGI transport)."""
    # Throttling has tests of its own; the WSGI handler must not close the test's
    # database connection at the end of each request (as Django's test client does).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield package
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def module(name):
    return importlib.import_module(f"{PACKAGE}.{name}")


def clients(package, token):
    transport = {"transport": httpx.WSGITransport(app=application)}
    public = package.Client(
        base_url=BASE_URL, httpx_args=transport, raise_on_unexpected_status=True
    )
    writer = package.AuthenticatedClient(
        base_url=BASE_URL, token=token, httpx_args=transport, raise_on_unexpected_status=True
    )
    return public, writer


def download(client) -> tuple[int, dict]:
    """Step 1: everything once, from `export/`: its cursor and every record by type and
    key, each as its detail endpoint serves it."""
    export = module("api.export.export").sync(client=client).to_dict()
    copy: dict[str, dict] = {kind: {} for kind in RESOURCES}
    for record in export["records"]:
        copy[record["type"]][record["key"]] = record["data"]
    return export["cursor"], copy


def fetch(client, kind, key_value) -> dict | None:
    """A record as its detail endpoint serves it; None when it is not there (deleted, or
    unpublished, since)."""
    name, key = RESOURCES[kind]
    retrieve = module(f"api.{name}.{name}_retrieve")
    kwargs = {key: int(key_value) if key == "id" else key_value}
    response = retrieve.sync_detailed(client=client, **kwargs)
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return json.loads(response.content)


def sync(client, copy, cursor: int) -> int:
    """Step 2: apply the entries after the cursor, oldest first, page by page; returns the
    new cursor (the id of the last entry applied)."""
    changes = module("api.changes.changes")
    page, last = 1, cursor
    while True:
        result = changes.sync(client=client, after=cursor, page=page, page_size=200)
        for change in result.results:
            entry = change.to_dict()
            kind, key_value = entry["type"], entry["key"]
            record = None if entry["action"] == "deleted" else fetch(client, kind, key_value)
            if record is None:
                copy[kind].pop(key_value, None)
            else:
                copy[kind][key_value] = record
            last = entry["id"]
        if not result.next_:
            return last
        page += 1


def test_generated_client_keeps_an_exact_copy(generated, user_with_token):
    user, token = user_with_token
    public, writer = clients(generated, token)
    models = module("models")

    # Reads need no token: the generated read functions take the plain client.
    started, copy = download(public)
    assert set(copy["practice"]) == {"three-per-one", "pdos"}
    assert set(copy["country"]) == {"MEX", "PHL", "MDA"}

    # Typed filters as generated (lists of strings) reach the API as it takes them.
    listing = module("api.practices.practices_list")
    both = listing.sync(client=public, country=["MEX", "MDA"])
    assert {practice.slug for practice in both.results} == {"three-per-one", "pdos"}
    assert listing.sync(client=public, country=["MDA"]).count == 1

    # A few edits, through the generated client too.
    create = module("api.practices.practices_create")
    created = create.sync(
        client=writer,
        body=models.PracticeWriteRequest(
            slug="new-practice",
            title="A new practice",
            summary="Something that works.",
            scope=models.ScopeEnum.NATIONAL,
            coherence_levels=["multilateral"],
            themes=["remittances"],
            countries=[models.PracticeCountryWriteRequest(iso3="MEX")],
            institutions=[models.PracticeInstitutionWriteRequest(slug="sedesol")],
            tools=["migof"],
            editorial_state=models.EditorialStateEnum.PUBLISHED,
            citations=[
                models.CitationRequest(
                    source="background-paper",
                    locator="para. 2",
                    quote="one of which is called “Three per One” (3x1).",
                )
            ],
        ),
    )
    assert created.slug == "new-practice"
    module("api.practices.practices_partial_update").sync(
        client=writer,
        slug="pdos",
        body=models.PatchedPracticeWriteRequest(title="Orientation before departure"),
    )
    module("api.practices.practices_destroy").sync_detailed(client=writer, slug="three-per-one")
    module("api.institutions.institutions_partial_update").sync(
        client=writer,
        slug="cfo",
        body=models.PatchedInstitutionRequest(name="Commission on Filipinos Abroad"),
    )
    PolicyToolFactory(slug="new-tool", name="A new tool")

    cursor = sync(public, copy, started)
    latest, fresh = download(public)
    assert set(copy["practice"]) == set(fresh["practice"]) == {"pdos", "new-practice"}
    assert copy["institution"]["cfo"]["name"] == "Commission on Filipinos Abroad"
    # Figures over other records (a country's practice count) included: the feed follows
    # every change of a representation.
    assert copy["country"]["MEX"]["practice_count"] == fresh["country"]["MEX"]["practice_count"]
    assert copy == fresh

    # Step 3: the next sync starts from the last entry applied; nothing new, nothing to do.
    assert cursor > started
    assert cursor == latest
    assert module("api.changes.changes").sync(client=public, after=cursor).count == 0


@pytest.fixture
def user_with_token(django_user_model):
    user = django_user_model.objects.create_user("partner", password="pw-partner-123")
    token = token_for(
        user, "add_practice", "change_practice", "delete_practice", "change_institution"
    )
    return user, token


def test_generated_client_reads_csv_as_text(generated, user_with_token):
    _user, token = user_with_token
    public, _writer = clients(generated, token)
    response = public.get_httpx_client().get("/api/v1/practices/", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "three-per-one" in response.text


def test_generated_client_parses_problems(generated):
    public, _writer = clients(generated, "not-a-token")
    listing = module("api.practices.practices_list")
    problem = listing.sync(client=public, country=["ZZZ"])
    assert isinstance(problem, module("models").Problem)
    assert problem.status == 400
    assert problem.errors.additional_properties == {"country": ["Unknown country code: ZZZ."]}


def test_generated_write_functions_need_the_token(generated):
    import inspect

    create = module("api.practices.practices_create")
    annotation = inspect.signature(create.sync).parameters["client"].annotation
    assert "AuthenticatedClient" in str(annotation) and "| Client" not in str(annotation)
    listing = module("api.practices.practices_list")
    annotation = inspect.signature(listing.sync).parameters["client"].annotation
    assert "Client" in str(annotation).replace("AuthenticatedClient", "")


def test_issued_tokens_work_as_bearer(generated, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-reader-123")
    token = AuthToken.objects.create(user=user)[1]
    _public, writer = clients(generated, token)
    listing = module("api.practices.practices_list")
    assert listing.sync(client=writer).count == 2
