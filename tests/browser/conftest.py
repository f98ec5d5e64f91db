"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Where /usr/bin/chromium is absent the tests are skipped with the reason, unless
REQUIRE_BROWSER_TESTS=1 (as in CI), where they fail instead.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRED = os.environ.get("REQUIRE_BROWSER_TESTS") == "1"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed after them. While it runs, Playwright's
    sync API keeps an event loop in the test thread, so Django must be told that its
    database calls there are safe (the tests never run them concurrently with the
    browser); the variable is removed again afterwards, so that no other test (nor the
    deployment check a test runs) sees it."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if REQUIRED:
            pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but {message}")
        pytest.skip(f"browser tests need Chromium: {message}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:  # pragma: no cover - the dev requirements install it
        if REQUIRED:
            raise
        pytest.skip(f"browser tests need Playwright: {error}")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


from tests.web.conftest import kb  # noqa: E402, F401  (the same records as the view tests)
