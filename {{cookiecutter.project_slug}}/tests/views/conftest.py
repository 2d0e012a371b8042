"""View fixtures: a user, the login helper, a signed-in client{% if cookiecutter.browser_tests %}; the app in a real browser{% endif %}.

The login helper posts the real form, so a test's session is the one a browser would get.
"""

from __future__ import annotations
{% if cookiecutter.browser_tests %}
import functools
import os
import shutil
import threading
from pathlib import Path
{%- endif %}
from typing import TYPE_CHECKING, {% if cookiecutter.browser_tests %}Any, {% endif %}Protocol

import pytest
from flask import url_for
{%- if cookiecutter.browser_tests %}
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server
{%- endif %}

from tests.factories import DEFAULT_PASSWORD, UserFactory

if TYPE_CHECKING:
{%- if cookiecutter.browser_tests %}
    from collections.abc import Iterator
{% endif %}
    from flask import Flask
    from flask.testing import FlaskClient
    from flask_sqlalchemy import SQLAlchemy
{%- if cookiecutter.browser_tests %}
    from playwright.sync_api import Page
{%- endif %}
    from werkzeug.test import TestResponse

    from {{ cookiecutter.package_name }}.models import User
{%- if cookiecutter.browser_tests %}

# One line, shown once in the summary of skipped tests, that says how to get a browser.
NO_BROWSER = (
    "no Chromium for the browser tests: run `playwright install chromium`, "
    "or set CHROMIUM_PATH to a Chromium executable"
)
# Playwright already passes --headless (unless --headed), --no-sandbox, --no-first-run and
# the switches that keep Chromium off the network; CI machines and containers have no GPU.
CHROMIUM_ARGS = ["--disable-gpu"]


@functools.cache
def chromium_executable() -> str | None:
    """CHROMIUM_PATH, else a ``chromium`` on PATH (Debian's), else Playwright's own if installed.

    A CHROMIUM_PATH that is wrong fails the tests instead of skipping them: CI sets it.
    """
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if found:
        return found
    # Only Playwright's driver knows where its own Chromium is: starting it takes a quarter of
    # a second, so this runs when a browser test is about to, never while collecting.
    with sync_playwright() as playwright:
        bundled = playwright.chromium.executable_path
    return bundled if Path(bundled).is_file() else None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Without a browser, skip each browser test before its fixtures start, for one reason.

    Skipped here rather than in a fixture, the tests share this line as their location, so
    the summary folds them into one line instead of one per test.
    """
    if item.get_closest_marker("browser") and chromium_executable() is None:
        pytest.skip(NO_BROWSER)
{%- endif %}


class LogIn(Protocol):
    def __call__(
        self, client: FlaskClient, email: str, password: str = ..., **query: str
    ) -> TestResponse: ...


@pytest.fixture
def login(app: Flask) -> LogIn:
    """A helper: ``login(client, email, password, next="/x")`` posts the login form, follows.

    ``url_for`` needs a request context (or SERVER_NAME): the helper builds the URL in a
    throwaway one, so a test needs no request_context, and whatever ``with client:``
    keeps from the last request stays on top of the context stack.
    """

    def log_in(
        client: FlaskClient, email: str, password: str = DEFAULT_PASSWORD, **query: str
    ) -> TestResponse:
        with app.test_request_context():
            url = url_for("views.auth.login", **query)
        data = {"email": email, "password": password}
        return client.post(url, data=data, follow_redirects=True)

    return log_in


@pytest.fixture
def user(db: SQLAlchemy) -> User:
    """A saved, active user whose password is DEFAULT_PASSWORD; rolled back with ``db``."""
    user: User = UserFactory()
    return user


@pytest.fixture
def logged_in_client(client: FlaskClient, user: User, login: LogIn) -> FlaskClient:
    """The test client with ``user`` signed in through the login form."""
    login(client, user.email)
    return client


@pytest.fixture
def csrf_enabled(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """CSRF tokens checked, as in production (TestingConfig turns them off); restored after."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
{%- if cookiecutter.browser_tests %}


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The app served over HTTP on 127.0.0.1, at a port the OS chose; yields its URL.

    Started once per session (per xdist worker) in a daemon thread, shut down at the end.
    Requests look their database up in db.engines[None], where the running test's ``db``
    fixture put its connection: pages show that test's rows, and what they write is rolled
    back with it. One connection must not serve two threads at once, so the server is
    single-threaded, and the test's thread waits on the browser while a page loads.
    """
    server = make_server("127.0.0.1", 0, app, threaded=False)
    # shutdown() waits for the serving loop to look at its flag, which by default it does
    # every half second: that wait ended every run that had browser tests.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """Where relative URLs lead: ``page.goto("/login")`` (replaces pytest-playwright's)."""
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch options (--headed, --slowmo ...) with the Chromium found."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable(),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def page(db: SQLAlchemy, csrf_enabled: None, page: Page) -> Page:
    """Playwright's page on the live server: this test's database, CSRF checked as in production.

    ``db`` comes before ``page``, so the browser closes before the test's transaction
    is rolled back.
    """
    return page
{%- endif %}
