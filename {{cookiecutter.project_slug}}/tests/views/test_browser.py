"""The pages in a real Chromium, served by ``live_server`` (``pytest -m browser`` runs only these).

Each test ends on an expectation about the page it finally loaded: Playwright waits for it,
so no request is still being served when the test's transaction is rolled back. The last
tests show that Chromium asks nobody but this machine (``new_context``, tests/views/conftest.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from {{ cookiecutter.package_name }}.views.auth import INVALID_CREDENTIALS

from tests.factories import DEFAULT_PASSWORD

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

# Reserved for documentation (RFC 5737): nothing there would answer.
PUBLIC_URL = "http://192.0.2.1/"


def sign_in(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Fill in and send the login form of the page that is open."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_signing_in_shows_the_dashboard(page, user):
    page.goto("/login")

    sign_in(page, user.email)

    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {user.name}")
    expect(page.get_by_role("status")).to_have_text(f"Welcome back, {user.name}.")


def test_signing_out_ends_the_session(page, user):
    page.goto("/login")
    sign_in(page, user.email)

    page.get_by_role("button", name="Sign out").click()

    expect(page.get_by_role("status")).to_have_text("You have signed out.")
    page.goto("/dashboard")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fdashboard$"))


def test_wrong_password_shows_the_error(page, user):
    page.goto("/login")

    sign_in(page, user.email, "not the password")

    expect(page.get_by_role("alert")).to_have_text(INVALID_CREDENTIALS)
    expect(page).to_have_url(re.compile(r"/login$"))


def test_next_pointing_to_another_site_is_ignored(page, user):
    page.goto("/login?next=https://evil.example/")

    sign_in(page, user.email)

    expect(page).to_have_url(re.compile(r"/dashboard$"))


@pytest.fixture
def offline_page(new_context: Callable[..., BrowserContext], closed_loopback_port: int) -> Page:
    """A page of a routed context whose own proxy refuses every connection.

    Should the routing under test let a request through, it goes nowhere rather than out.
    """
    context = new_context(proxy={"server": f"http://127.0.0.1:{closed_loopback_port}"})
    return context.new_page()


def test_a_page_of_another_host_is_not_loaded(offline_page, blocked_requests):
    with pytest.raises(PlaywrightError, match="net::ERR_BLOCKED_BY_CLIENT"):
        offline_page.goto(PUBLIC_URL)

    assert blocked_requests == [PUBLIC_URL]
    blocked_requests.clear()  # asked for on purpose: no error after the test


def test_a_page_loads_nothing_from_another_host(offline_page, blocked_requests):
    offline_page.set_content(
        '<img src="http://192.0.2.1/logo.png"><script src="https://192.0.2.1/app.js"></script>'
    )
    failure = offline_page.evaluate(
        "fetch('http://[2001:db8::1]/api').then(() => 'answered', error => error.message)"
    )

    assert failure == "Failed to fetch"
    assert sorted(blocked_requests) == [
        "http://192.0.2.1/logo.png",
        "http://[2001:db8::1]/api",
        "https://192.0.2.1/app.js",
    ]
    blocked_requests.clear()


def test_a_test_can_answer_for_another_host(offline_page, blocked_requests):
    offline_page.route(PUBLIC_URL, lambda route: route.fulfill(body="<h1>Stand-in</h1>"))

    offline_page.goto(PUBLIC_URL)

    expect(offline_page.get_by_role("heading", level=1)).to_have_text("Stand-in")
    assert blocked_requests == []
