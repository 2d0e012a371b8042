"""Root fixtures: the application, its contexts, the database and the clients.

Every test module can use these. Fixtures that only one folder needs live in that
folder's conftest.py (tests/api/conftest.py, ...), so this file stays short.
"""

from __future__ import annotations

import contextvars
import gc
import os
from typing import TYPE_CHECKING, Any

import hypothesis
import pytest
{%- if cookiecutter.examples %}
import responses
{%- endif %}
from flask.testing import FlaskClient

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.config import ProductionConfig
from {{ cookiecutter.package_name }}.extensions import db as _db
{%- if cookiecutter.examples %}
from {{ cookiecutter.package_name }}.services.email import EXTENSION_KEY
{%- endif %}

from tests.database import (
    TestConnection,
    UnrequestedDatabase,
    configured_database_url,
    database_of_its_own,
    require_reachable,
    reverse_unordered_selects,
)
{%- if cookiecutter.examples %}
from tests.fakes import FakeEmailService
{%- endif %}

if TYPE_CHECKING:
    from collections.abc import Iterator

    from flask import Flask
    from flask.ctx import AppContext
    from flask.testing import FlaskCliRunner
    from flask_sqlalchemy import SQLAlchemy
    from werkzeug.wrappers import Request

# The network guard: no test reaches beyond this machine (tests/network.py).
pytest_plugins = ["tests.network"]


# What a deployment sets for production to start; tests/test_config.py breaks it variable by
# variable. The key is as random as `secrets.token_hex()` makes them, as production demands.
PRODUCTION_ENV = {
    "SECRET_KEY": "5ce981c1f9e92e418999caa5df4ccbed911df9cb98803180f7d3466517c14eff",
    "DATABASE_URL": "sqlite://",
{%- if cookiecutter.examples %}
    "MAIL_HOST": "smtp.internal",
{%- endif %}
{%- if cookiecutter.background_tasks == "celery" %}
    "REDIS_URL": "redis://broker.internal:6379/0",
{%- endif %}
}

# How many examples each property test (tests/properties.py) tries: few by default, so that
# `pytest` stays quick, or 1000 with `--hypothesis-profile=thorough` (CI's property-tests job).
# Hypothesis loads its "ci" profile instead of "default" where CI is set: the same count there.
# No deadline: how long an example takes says more about the machine than about the code.
for profile in ("default", "ci"):
    hypothesis.settings.register_profile(
        profile, hypothesis.settings.get_profile(profile), max_examples=25, deadline=None
    )
hypothesis.settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
# Mutation testing (`mutmut run`): the same examples for every mutant and every run, so that
# a mutant is killed or survives for a reason that the next run repeats.
hypothesis.settings.register_profile(
    "mutation", max_examples=25, deadline=None, derandomize=True, database=None
)


class RequestIsolatedClient(FlaskClient):
    """A test client that serves every request in a fresh context, as a real server does.

    A request normally reuses an application context that is already pushed, so with
    the test's own context active, ``g`` and the database session would carry over
    from one request to the next and hide bugs that production would show.
    """

    def run_wsgi_app(
        self, environ: dict[str, Any], buffered: bool = False
    ) -> tuple[Any, str, Any]:
        # An empty contextvars.Context does not see the test's app context.
        run = contextvars.Context().run
        return run(super().run_wsgi_app, environ, buffered)
{%- if cookiecutter.examples %}


# The run's one ``responses`` mock, started in pytest_configure (session_responses gives it).
SESSION_RESPONSES = pytest.StashKey[responses.RequestsMock]()


def pytest_configure(config: pytest.Config) -> None:
    """Start the run's ``responses`` mock; let ``pytest --collect-only`` pass.

    The mock stands in front of ``requests`` from here to the end of the run, collection
    included, as the network guard does: a guarantee no test can forget, which costs a test
    nothing. ``--collect-only`` runs no test, so every snapshot would be unused.
    """
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.start()
    config.add_cleanup(mock.stop)
    config.stash[SESSION_RESPONSES] = mock
    if config.option.collectonly:
        config.option.disable_unused_snapshots = True
{%- endif %}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop before the first test, saying what to do, when the test database does not answer."""
    require_reachable(configured_database_url())


def pytest_collection_finish(session: pytest.Session) -> None:
    """Put what lives for the whole run out of the garbage collector's reach.

    By now the app, its libraries and every collected test are loaded. None of it will ever
    be garbage, yet each full collection would walk all of it again: with this heap, a test
    that does nothing cost a third more than in a project with no app. Objects made from
    here on, the tests' own, are collected as before.
    """
    gc.freeze()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Hand the frozen objects back: Python's last collections at exit must see them."""
    gc.unfreeze()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """The configured test database; under pytest-xdist, a new one per worker, dropped after."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        yield configured_database_url()
        return
    # Workers must not share tables: each one creates, fills and empties its own.
    with database_of_its_own(configured_database_url(), worker) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    """The application on ``database_url``, built once per session; drops the schema.
{%- if cookiecutter.examples %}

    Its email service is a FakeEmailService from the start: no test can send real mail.
    """
{%- else %}"""
{%- endif %}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEST_DATABASE_URL", database_url)
        app = create_app("testing")
    app.test_client_class = RequestIsolatedClient
{%- if cookiecutter.examples %}
    app.extensions[EXTENSION_KEY] = FakeEmailService()
{%- endif %}
    with app.app_context():
        # A session joining the test's transaction must not end it: each commit or
        # rollback of the application only releases or rolls back its own savepoint.
        _db.session.configure(join_transaction_mode="create_savepoint")
        engine = _db.engine
        reverse_unordered_selects(engine)
        _db.create_all()
        # Only the ``db`` fixture puts a connection in the engine's place: a test that
        # reaches the database without it fails, instead of leaving its rows behind.
        _db.engines[None] = UnrequestedDatabase(engine)
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engines[None] = engine
        _db.drop_all()
        engine.dispose()


# Not autouse: a test that needs no context (most unit tests) pays nothing for one, and one
# that uses current_app without asking fails with Flask's "Working outside of application
# context". db, client, runner and request_context bring it.
@pytest.fixture
def app_context(app: Flask) -> Iterator[AppContext]:
    """A pushed application context, for ``current_app``, ``g`` and the db; popped after."""
    with app.app_context() as context:
        yield context


@pytest.fixture
def request_context(app: Flask, app_context: AppContext) -> Iterator[Request]:
    """A request context for code that reads ``request`` or ``session``; popped after."""
    with app.test_request_context() as context:
        yield context.request


@pytest.fixture
def db(
    app: Flask, app_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SQLAlchemy]:
    """The database inside a transaction that is rolled back after the test.

    The test, the factories and every request share one connection. Commits made by
    the application release savepoints inside the outer transaction, so the rollback
    at the end undoes them too, and the next test starts from the empty schema.
    """
    guard: UnrequestedDatabase = _db.engines[None]
    connection = TestConnection(guard.engine)
    transaction = connection.begin()
    # Flask-SQLAlchemy sessions look their bind up in db.engines, not in bind=.
    monkeypatch.setitem(_db.engines, None, connection)
    try:
        yield _db
    finally:
        _db.session.remove()
        transaction.rollback()
        connection.close()


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment production starts with, whatever the shell exported; restored after.

    Every variable production reads is removed first, so a developer's FLASK_DEBUG or
    MAIL_PORT cannot change the outcome. Tests then remove or break one.
    """
    for variable in ProductionConfig.ENVIRONMENT:
        monkeypatch.delenv(variable.name, raising=False)
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    return dict(PRODUCTION_ENV)


@pytest.fixture
def client(app: Flask, db: SQLAlchemy) -> FlaskClient:
    """A test client for the app, talking to the test's database."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db: SQLAlchemy) -> FlaskCliRunner:
    """A runner for the app's ``flask`` commands, against the test's database."""
    return app.test_cli_runner()
{%- if cookiecutter.examples %}


# The next two are in place for the whole run, so that no test can send real mail or an
# HTTP request nobody answered: the ``app`` fixture builds the app with the fake email
# service, pytest_configure starts the ``responses`` mock. Neither is an autouse fixture, so a
# test that needs neither pays nothing per test. A test that reads or sets them asks for
# `fake_email` or `mocked_responses`, which start it from a clean state.


@pytest.fixture(scope="session")
def session_fake_email(app: Flask) -> FakeEmailService:
    """The app's email service for the whole session: the fake the ``app`` fixture put in."""
    fake: FakeEmailService = app.extensions[EXTENSION_KEY]
    return fake


@pytest.fixture
def fake_email(session_fake_email: FakeEmailService) -> Iterator[FakeEmailService]:
    """The fake email service, empty: read ``fake_email.sent``, set ``fake_email.fail_with``.

    Emptied again after the test, so that its ``fail_with`` fails no other test.
    """
    session_fake_email.reset()
    yield session_fake_email
    session_fake_email.reset()


@pytest.fixture(scope="session")
def session_responses(pytestconfig: pytest.Config) -> responses.RequestsMock:
    """The run's ``responses`` mock: a ``requests`` call nobody registered fails.

    It raises ConnectionError ("Connection refused by Responses"); pytest_configure started
    it, and stops it at the end of the run.
    """
    return pytestconfig.stash[SESSION_RESPONSES]


@pytest.fixture
def mocked_responses(
    session_responses: responses.RequestsMock,
) -> Iterator[responses.RequestsMock]:
    """The test's outbound ``requests`` calls, answered only as the test registers them.

    ``mocked_responses.get(url, json=...)`` registers an answer. After the test every answer
    is forgotten, and one that was registered but never asked for fails the test.
    """
    session_responses.reset()
    yield session_responses
    unasked = [
        (answer.method, answer.url)
        for answer in session_responses.registered()
        if answer.call_count == 0
    ]
    session_responses.reset()
    assert unasked == [], f"registered answers nobody asked for: {unasked}"
{%- endif %}
