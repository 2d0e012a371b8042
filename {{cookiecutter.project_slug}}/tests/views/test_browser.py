"""The pages in a real Chromium, served by ``live_server`` (``pytest -m browser`` runs only these).

Each test ends on an expectation about the page it finally loaded: Playwright waits for it,
so no request is still being served when the test's transaction is rolled back.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from {{ cookiecutter.package_name }}.views.auth import INVALID_CREDENTIALS

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.browser


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
