"""View fixtures: a user, the login helper, a signed-in client{% if cookiecutter.browser_tests %}; the app in a real browser{% endif %}.

The login helper posts the real form, so a test's session is the one a browser would get.
"""

from __future__ import annotations
{% if cookiecutter.browser_tests %}
import functools
import os
import shutil
import socket
import threading
from pathlib import Path
{%- endif %}
from typing import TYPE_CHECKING, {% if cookiecutter.browser_tests %}Any, {% endif %}Protocol
{%- if cookiecutter.browser_tests %}
from urllib.parse import urlsplit
{%- endif %}

import pytest
from flask import url_for
{%- if cookiecutter.browser_tests %}
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server
{%- endif %}

from tests.factories import DEFAULT_PASSWORD, UserFactory
{%- if cookiecutter.browser_tests %}
from tests.network import NetworkBlockedError, is_this_machine
{%- endif %}

if TYPE_CHECKING:
{%- if cookiecutter.browser_tests %}
    from collections.abc import Callable, Iterator
{% endif %}
    from flask import Flask
    from flask.testing import FlaskClient
    from flask_sqlalchemy import SQLAlchemy
{%- if cookiecutter.browser_tests %}
    from playwright.sync_api import BrowserContext, Page, Route
{%- endif %}
    from werkzeug.test import TestResponse

    from {{ cookiecutter.package_name }}.models import User
{%- if cookiecutter.browser_tests %}

# One line, shown once in the summary of skipped tests, that says how to get a browser.
NO_BROWSER = (
    "no Chromium for the browser tests: run `playwright install chromium`, "
    "or set CHROMIUM_PATH to a Chromium executable"
)
# What a test learns when one of its pages asked another host for something.
LOAD_FROM_THIS_MACHINE = (
    "Serve what the page needs from live_server, or answer that request in the test with "
    "page.route()."
)


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


def chromium_args(closed_port: int) -> list[str]:
    """Chromium's switches: no GPU (CI machines and containers have none), and no network.

    Playwright's own switches silence Chromium's background traffic, not what pages ask for.
    The routing of ``new_context`` stops that in the browser; these switches stop whatever
    passes it (a WebSocket, a context made with ``browser.new_context()``) in Chromium's
    network stack, which the guard of tests/network.py cannot see.
    """
    return [
        "--disable-gpu",
        # Every host but loopback is reached through a proxy at a port where nobody listens,
        f"--proxy-server=http://127.0.0.1:{closed_port}",
        # no name but localhost is resolved (`MAP *` covers addresses written out, too),
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE ::1",
        # and WebRTC sends no UDP around the proxy.
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    ]


@pytest.fixture(scope="session")
def closed_loopback_port() -> Iterator[int]:
    """A port of 127.0.0.1, bound and never listened on: connections are refused; freed after."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield holder.getsockname()[1]


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], closed_loopback_port: int
) -> dict[str, Any]:
    """pytest-playwright's launch options (--headed, --slowmo ...), the Chromium found; offline."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable(),
        "args": chromium_args(closed_loopback_port),
    }


@pytest.fixture
def blocked_requests() -> Iterator[list[str]]:
    """URLs of other hosts the test's pages asked for; after the test, an error names the first.

    A request is aborted as it starts, but the failure waits for teardown: an exception raised
    in a route handler does not reach the test.
    """
    urls: list[str] = []
    yield urls
    if urls:
        host = urlsplit(urls[0]).hostname or urls[0]
        attempt = f"Chromium's request for {urls[0]}"
        raise NetworkBlockedError(attempt, host, LOAD_FROM_THIS_MACHINE)


@pytest.fixture
def new_context(
    new_context: Callable[..., BrowserContext], blocked_requests: list[str]
) -> Callable[..., BrowserContext]:
    """pytest-playwright's context factory, whose contexts ask only this machine for anything.

    The ``context`` and ``page`` fixtures come from it. Requests for other hosts are aborted
    and recorded in ``blocked_requests``; a test's own ``page.route()`` comes first.
    """

    def keep_on_this_machine(route: Route) -> None:
        url = route.request.url
        if is_this_machine(urlsplit(url).hostname or ""):
            route.continue_()
        else:
            blocked_requests.append(url)
            route.abort("blockedbyclient")

    def new_context_on_this_machine(**options: Any) -> BrowserContext:
        context = new_context(**options)
        context.route("**/*", keep_on_this_machine)
        return context

    return new_context_on_this_machine


@pytest.fixture
def page(db: SQLAlchemy, csrf_enabled: None, page: Page) -> Page:
    """Playwright's page on the live server: this test's database, CSRF checked as in production.

    ``db`` comes before ``page``, so the browser closes before the test's transaction
    is rolled back.
    """
    return page
{%- endif %}
