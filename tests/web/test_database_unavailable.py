"""When the database cannot be reached, pages and the API answer 503 with `Retry-After`
(a plain page that needs no database; JSON under `/api/`), not a 500, and the site
recovers by itself when the database is back."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/practices/", "/practices/practice-0/", "/countries/MEX/", "/search/?q=x"]
API = ["/api/v1/practices/", "/api/v1/practices/practice-0/", "/api/v1/countries/"]


def unreachable(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.fixture
def database_down(monkeypatch):
    """Every new cursor fails as it does when the server is down."""
    monkeypatch.setattr(connection, "ensure_connection", unreachable)


@pytest.fixture
def browser_client():
    """A client that answers as the site does instead of re-raising the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_503_with_retry_after_when_the_database_is_down(
    kb, database_down, browser_client, path
):
    response = browser_client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "unavailable for a moment" in response.content.decode()


@pytest.mark.parametrize("path", API)
def test_the_api_answers_503_json_when_the_database_is_down(
    kb, database_down, browser_client, path
):
    response = browser_client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/problem+json"
    assert "unavailable" in response.json()["detail"]


def test_other_server_errors_stay_500(kb, browser_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("practices.views.practices.PracticeListView.get", broken)
    response = browser_client.get("/practices/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_site_recovers_without_a_restart_when_the_database_returns(kb):
    """A real outage: the connection is dropped and the server cannot be reached (its port
    is wrong), then it is back."""
    client = Client(raise_request_exception=False)
    assert client.get("/api/v1/practices/").status_code == 200
    port = connection.settings_dict["PORT"]
    try:
        connection.close()
        connection.settings_dict["PORT"] = "1"  # nothing listens there
        assert client.get("/api/v1/practices/").status_code == 503
        assert client.get("/practices/").status_code == 503
    finally:
        connection.settings_dict["PORT"] = port
    assert client.get("/api/v1/practices/").status_code == 200
    assert client.get("/practices/").status_code == 200
