"""Playwright with Debian's Chromium against the live test server, and axe-core on every page.

Never downloads a browser: Chromium comes from Debian (`apt-get install -y chromium`), axe-core
from the npm registry (`npm ci`). Both are installed by `make test`.
"""

import os
import time
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does it when run as root)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # bypass_csp: axe-core is injected as a script, which the portal's strict CSP would refuse.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does it)")
    result = run_axe_once_the_page_has_loaded(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def run_axe_once_the_page_has_loaded(page) -> dict:
    """axe's results on the page a click led to. A click does not wait for the navigation it starts: on a busy
    machine the next page may still be loading (no document to add axe to yet) or replace the document while
    axe runs; then wait for it to load and run axe again."""
    from playwright.sync_api import Error

    for attempt in range(5):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(path=str(AXE))
            return page.evaluate(
                "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
            )
        except Error:
            if attempt == 4:
                raise
            page.wait_for_timeout(250)
    raise AssertionError("unreachable")


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe on {page.url}: {violations}"

    return check


@pytest.fixture
def strict_page(browser, live_server):
    """A page with the Content Security Policy enforced (axe cannot run there), and the violations
    the browser reported on its console: `page, violations = strict_page`."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []

    def note(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            violations.append(message.text)

    page.on("console", note)
    yield page, violations
    context.close()


_last_code: dict[str, str] = {}


def type_second_factor(page, email: str, secret: str | None = None) -> None:
    """After the password, staff type the code of their authenticator app (the factories' STAFF_TOTP_SECRET,
    or the demo's secret for the demo accounts). A code counts once: a second login of the same person within
    its 30 seconds waits for the next one."""
    from tests.factories import STAFF_TOTP_SECRET, totp_code

    secret = secret or STAFF_TOTP_SECRET
    if "/account/2fa/authenticate/" not in page.url:
        return
    if time.time() % 30 > 27:  # a code typed at the end of its 30 seconds may reach the server in the next ones
        time.sleep(30 - time.time() % 30 + 0.1)
    code = totp_code(secret)
    while _last_code.get(email) == code:
        time.sleep(1)
        code = totp_code(secret)
    _last_code[email] = code
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def log_in(page, who, password: str | None = None, secret: str | None = None) -> None:
    """Sign in through the login form as `who` (a user or an e-mail address), from a fresh session, and type
    the second factor where the role has one. Demo accounts pass the demo's password and secret."""
    from tests.factories import PASSWORD

    email = who if isinstance(who, str) else who.email
    page.context.clear_cookies()
    page.goto("/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password or PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    type_second_factor(page, email, secret)


def log_in_demo(page, who) -> None:
    """Sign in as one of the demo accounts (the demo's password and authenticator secret)."""
    from accounts.demo import DEMO_TOTP_SECRET
    from core.demo import DEMO_PASSWORD

    log_in(page, who, DEMO_PASSWORD, DEMO_TOTP_SECRET)
