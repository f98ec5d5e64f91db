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


# Reports every Content-Security-Policy violation (the standard DOM event) to the test, and
# keeps those of the current document in `window.cspViolations`.
CSP_LISTENER = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const report = `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`;
  window.cspViolations.push(report);
  window.reportCspViolation(report);
});
"""


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A page on the live server. Whatever a test does with it must not break the site's
    Content-Security-Policy: a violation fails the test, with Chromium's message (which names
    the directive, and the hash an inline element would need), unless the test listed it in
    `page.expected_csp_violations`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations, messages = [], []
    context.expose_function("reportCspViolation", lambda report: violations.append(report))
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.set_default_timeout(10_000)
    page.base = live_server.url
    page.expected_csp_violations = set()
    yield page
    page.wait_for_timeout(100)  # reports still on their way
    context.close()
    unexpected = [report for report in violations if report not in page.expected_csp_violations]
    assert not unexpected, "Content-Security-Policy violations:\n" + "\n".join(
        unexpected + messages
    )


from tests.web.conftest import kb, shared_kb  # noqa: E402, F401  (the view tests' records)
