"""Contributing a practice, as real users in Chromium: a contributor signs up, verifies
the address by the e-mail's link, describes a practice in the guided form, uploads its
PDF and quotes it; a reviewer asks for a change, the contributor resends, the reviewer
approves, and the practice is public (list, API, change feed). Also: a fabricated quote
is refused with the nearest passage, another contributor sees nothing of it, the form
works without JavaScript, and the pages meet no serious accessibility violation."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.core import mail
from playwright.sync_api import expect

from contributions.models import Submission
from practices.models import Practice
from tests.accounts.factories import PASSWORD
from tests.browser.conftest import CSP_LISTENER
from tests.contributions.documents import pdf_bytes
from tests.contributions.page_factories import person, world

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPH = (
    "In 2016 the Ministry of Labour of Moldova opened a one-stop centre where returning "
    "migrants get advice on jobs, savings and housing from a single desk."
)
QUOTE = "opened a one-stop centre where returning migrants get advice on jobs"
TITLE = "One-stop centre for returning migrants"
ORGANISATION = "Ministry of Labour of Moldova"
PERSON_PASSWORD = "pw-12345!"  # tests.contributions.page_factories.person's
LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def report_pdf() -> bytes:
    return pdf_bytes(
        [["Returning migrants: a practice report", PARAGRAPH, "The centre is free of charge."]]
    )


@contextmanager
def user_page(browser, live_server, **options):
    """A page in a browser context of its own (a person's own cookies), checked for
    Content-Security-Policy violations like the `page` fixture's."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    violations = []
    if options.get("java_script_enabled", True):
        context.expose_function("reportCspViolation", lambda report: violations.append(report))
        context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    try:
        yield page
    finally:
        page.wait_for_timeout(100)
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def sign_in(page, email, password=PERSON_PASSWORD):
    page.goto(f"{page.base}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def sign_up_and_verify(page, email, organisation=ORGANISATION, country="Moldova"):
    page.goto(f"{page.base}/accounts/signup/")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_organisation").fill(organisation)
    page.locator("#id_country").select_option(label=country)
    before = len(mail.outbox)
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert len(mail.outbox) == before + 1
    message = mail.outbox[-1]
    assert message.to == [email]
    page.goto(f"{page.base}{LINK.search(message.body).group(1)}")
    page.get_by_role("button", name="Confirm").click()
    if "/accounts/login/" in page.url:
        sign_in(page, email, PASSWORD)


def start_submission(page):
    page.goto(f"{page.base}/contribute/")
    page.get_by_role("button", name="Start a new submission").click()
    expect(page).to_have_url(re.compile(r"/contribute/\d+/step/1/$"))
    return int(re.search(r"/contribute/(\d+)/", page.url).group(1))


def save_and_continue(page, step):
    page.get_by_role("button", name="Save and continue").last.click()
    expect(page).to_have_url(re.compile(rf"/contribute/\d+/step/{step}/$"))


def fill_steps_one_to_four(page, title=TITLE):
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("A centre advising returnees on jobs, savings and housing.")
    save_and_continue(page, 2)
    page.locator("#id_countries-0-iso3").select_option(label="Moldova")
    save_and_continue(page, 3)
    page.get_by_label("Intra-governmental").check()
    page.get_by_label("Return").check()
    page.get_by_label("National", exact=True).check()
    save_and_continue(page, 4)
    page.get_by_label("Start year").fill("2016")
    save_and_continue(page, 5)


def upload(page, data: bytes, title="Practice report"):
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    page.get_by_label("Title of the document").fill(title)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page).to_have_url(re.compile(r"/contribute/\d+/step/5/$"))
    expect(page.locator(".flash")).to_contain_text(f"“{title}” is uploaded")


def add_quote(page, quote, document="Practice report"):
    # An upload's option reads "<title> (<file name>)".
    option = page.locator("#id_quotes-0-document option", has_text=document).first
    page.locator("#id_quotes-0-document").select_option(value=option.get_attribute("value"))
    page.locator("#id_quotes-0-claim").select_option(label="Summary")
    page.locator("#id_quotes-0-quote").fill(quote)


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def kb():
    return world()


@pytest.fixture
def reviewer():
    return person("reviewer@example.org", reviewer=True, organisation="Secretariat")


def test_the_whole_journey_from_sign_up_to_publication(browser, live_server, kb, reviewer):
    email = "focal@example.org"
    with (
        user_page(browser, live_server) as contributor,
        user_page(browser, live_server) as checker,
    ):
        # The contributor signs up, verifies the address from the e-mail, signs in.
        sign_up_and_verify(contributor, email)
        contributor.goto(f"{contributor.base}/contribute/")
        expect(contributor.get_by_role("button", name="Start a new submission")).to_be_visible()

        # The guided form, step by step, then the PDF and a quote verbatim from it.
        pk = start_submission(contributor)
        fill_steps_one_to_four(contributor)
        upload(contributor, report_pdf())
        add_quote(contributor, QUOTE)
        save_and_continue(contributor, 6)
        expect(contributor.locator("main")).to_contain_text("Your submission is complete")
        expect(contributor.get_by_role("alert")).to_have_count(0)
        contributor.get_by_role("button", name="Send for review").click()
        expect(contributor).to_have_url(re.compile(rf"/contribute/{pk}/$"))
        expect(contributor.locator(".state")).to_have_text("In review")

        # The reviewer finds it in the queue, sees the quote marked in its document, and
        # asks for a change.
        sign_in(checker, reviewer.email)
        checker.goto(f"{checker.base}/review/")
        checker.get_by_role("link", name=TITLE).click()
        expect(checker).to_have_url(re.compile(rf"/review/{pk}/$"))
        expect(checker.locator(".facts")).to_contain_text(ORGANISATION)
        expect(checker.locator(".quote-context mark")).to_have_text(re.compile(r"one-stop centre"))
        changes = checker.locator("form").filter(has=checker.locator("[value=request_changes]"))
        changes.get_by_label("What should change").fill("Say when the centre opened, please.")
        changes.get_by_role("button", name="Send back for changes").click()
        expect(checker.locator(".state").first).to_have_text("Changes requested")

        # The contributor reads the comment, edits the summary and sends it again.
        contributor.goto(f"{contributor.base}/contribute/mine/")
        contributor.get_by_role("link", name=TITLE).click()
        expect(contributor.locator("main")).to_contain_text("Say when the centre opened, please.")
        contributor.get_by_role("link", name="Edit the submission").click()
        contributor.get_by_label("Summary").fill(
            "A centre, opened in 2016, advising returnees on jobs, savings and housing."
        )
        contributor.get_by_role("button", name="Save draft").click()
        contributor.goto(f"{contributor.base}/contribute/{pk}/step/6/")
        contributor.get_by_role("button", name="Send for review").click()
        expect(contributor.locator(".state")).to_have_text("In review")

        # The reviewer sees the change and approves.
        checker.goto(f"{checker.base}/review/{pk}/")
        expect(checker.locator("#changes-heading")).to_be_visible()
        approve = checker.locator("form").filter(has=checker.locator("[value=approve]"))
        approve.get_by_role("button", name="Approve and publish").click()
        expect(checker.locator(".state").first).to_have_text("Published")

        # The practice is public: the list, its search, its page, the API, the feed.
        practice = Practice.objects.get(submissions__pk=pk)
        contributor.goto(f"{contributor.base}/practices/")
        expect(contributor.get_by_role("link", name=TITLE)).to_be_visible()
        contributor.goto(f"{contributor.base}/practices/?search=one-stop")
        contributor.get_by_role("link", name=TITLE).click()
        expect(contributor).to_have_url(re.compile(rf"/practices/{practice.slug}/$"))
        expect(contributor.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(contributor.locator("main")).to_contain_text(ORGANISATION)

        api = contributor.request.get(f"{contributor.base}/api/v1/practices/{practice.slug}/")
        assert api.status == 200, api.text()
        assert api.json()["title"] == TITLE
        feed = contributor.request.get(f"{contributor.base}/api/v1/changes/?after=0")
        assert feed.status == 200
        assert {"type": "practice", "key": practice.slug} in [
            {"type": e["type"], "key": e["key"]} for e in feed.json()["results"]
        ]
        assert Submission.objects.get(pk=pk).state == Submission.State.PUBLISHED


def test_a_fabricated_quote_is_refused_with_the_nearest_passage(browser, live_server, kb):
    owner = person("focal@example.org")
    with user_page(browser, live_server) as page:
        sign_in(page, owner.email)
        pk = start_submission(page)
        page.goto(f"{page.base}/contribute/{pk}/step/5/")
        upload(page, report_pdf())
        fabricated = "opened a one-stop centre where returning migrants get free flights home"
        add_quote(page, fabricated)
        page.get_by_role("button", name="Save and continue").last.click()
        expect(page).to_have_url(re.compile(rf"/contribute/{pk}/step/5/$"))
        expect(page.locator(".error-summary")).to_be_visible()
        errors = page.locator("#fieldset-quotes .field-errors")
        expect(errors).to_contain_text(fabricated)
        expect(errors).to_contain_text("one-stop centre where returning migrants get advice")
        expect(page.locator("#id_quotes-0-quote")).to_have_value(fabricated)
    assert not Submission.objects.get(pk=pk).quotes.exists()


def test_another_contributor_sees_nothing_of_it(browser, live_server, kb):
    first = person("first@example.org")
    second = person("second@example.org")
    with user_page(browser, live_server) as page, user_page(browser, live_server) as other:
        sign_in(page, first.email)
        pk = start_submission(page)
        page.get_by_label("Title").fill("A secret draft")
        page.get_by_role("button", name="Save draft").click()

        sign_in(other, second.email)
        for url in (f"/contribute/{pk}/", *(f"/contribute/{pk}/step/{n}/" for n in range(1, 7))):
            response = other.goto(f"{other.base}{url}")
            assert response.status == 404, url
            expect(other.locator("main")).not_to_contain_text("A secret draft")
        # Nor by posting to a step.
        other.goto(f"{other.base}/contribute/")
        token = other.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
        posted = other.request.post(
            f"{other.base}/contribute/{pk}/step/1/",
            form={"csrfmiddlewaretoken": token, "title": "Hijacked", "go": "save"},
            headers={"Referer": f"{other.base}/contribute/"},
        )
        assert posted.status == 404
        other.goto(f"{other.base}/contribute/mine/")
        expect(other.locator("main")).not_to_contain_text("A secret draft")
    assert Submission.objects.get(pk=pk).title == "A secret draft"


def test_the_form_works_without_javascript(browser, live_server, kb):
    owner = person("focal@example.org")
    with user_page(browser, live_server, java_script_enabled=False) as page:
        sign_in(page, owner.email)
        pk = start_submission(page)
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("Summary").fill("A centre advising returnees.")
        save_and_continue(page, 2)
        page.locator("#id_countries-0-iso3").select_option(label="Moldova")
        page.get_by_role("button", name="Add another row").first.click()
        expect(page.locator("#id_countries-1-iso3")).to_be_visible()
        page.goto(f"{page.base}/contribute/{pk}/step/5/")
        upload(page, report_pdf())
        add_quote(page, QUOTE)
        save_and_continue(page, 6)
        expect(page.locator(".notice--error")).to_contain_text("Coherence levels")
    submission = Submission.objects.get(pk=pk)
    assert submission.content["title"] == TITLE
    assert submission.content["countries"] == [{"iso3": "MDA", "role": "implementing"}]
    assert submission.quotes.get().quote == QUOTE


def test_no_serious_accessibility_violation_nor_sideways_scrolling_on_the_pages(
    browser, live_server, kb, reviewer
):
    from tests.contributions.page_factories import in_review

    owner = person("focal@example.org", organisation=ORGANISATION)
    submission = in_review(owner, kb)
    draft = Submission.objects.create(owner=owner)
    found = {}

    def sweep(page, urls):
        for url in urls:
            for width in (1280, 360):
                page.set_viewport_size({"width": width, "height": 800})
                response = page.goto(f"{page.base}{url}")
                assert response.status == 200, url
                if serious := serious_violations(page):
                    found[f"{url} @{width}px"] = serious
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    found[f"{url} @{width}px"] = [f"scrolls sideways by {overflow}px"]

    with user_page(browser, live_server) as anonymous:
        sweep(anonymous, ["/contribute/", "/accounts/signup/", "/accounts/login/"])
    with user_page(browser, live_server) as page:
        sign_in(page, owner.email)
        sweep(
            page,
            [
                "/contribute/",
                *(f"/contribute/{draft.pk}/step/{n}/" for n in range(1, 7)),
                "/contribute/mine/",
                f"/contribute/{submission.pk}/",
                "/accounts/profile/",
            ],
        )
    with user_page(browser, live_server) as page:
        sign_in(page, reviewer.email)
        sweep(page, ["/review/", f"/review/{submission.pk}/"])
    assert not found, found
