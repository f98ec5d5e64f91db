"""A query parameter a page does not take shows as a visible message (status 400), naming
it and the parameters the page takes; the page itself still answers."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/practices/",
        "/institutions/",
        "/tools/",
        "/levels/",
        "/themes/",
        "/recommendations/",
        "/sources/",
        "/countries/",
        "/search/?q=diaspora",
        "/countries/compare/?c=MEX&c=JAM",
    ],
)
def test_unknown_parameter_on_a_page_is_a_visible_message(client, kb, path):
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}colour=blue")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Unknown parameter “colour”" in html


def test_the_practices_page_names_the_parameter_to_use(client, kb):
    html = client.get("/practices/?q=diaspora").content.decode()
    assert "Unknown parameter “q”" in html
    assert "search" in html.split("Unknown parameter “q”")[1].split("</li>")[0]


def test_known_parameters_raise_no_message(client, kb):
    response = client.get("/practices/?search=diaspora&country=MEX&page=1&ordering=title")
    assert response.status_code == 200
    assert "Unknown parameter" not in response.content.decode()
