"""Root fixtures: the application, its contexts, the database and the clients.

Every test module can use these. Fixtures that only one folder needs live in that
folder's conftest.py (tests/api/conftest.py, ...), so this file stays short.
"""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING, Any

import pytest
from flask.testing import FlaskClient

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.extensions import db as _db

if TYPE_CHECKING:
    from collections.abc import Iterator

    from flask import Flask
    from flask.ctx import AppContext
    from flask.testing import FlaskCliRunner
    from flask_sqlalchemy import SQLAlchemy
    from werkzeug.wrappers import Request


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


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    """The application, built once per session with the testing config; drops the schema."""
    app = create_app("testing")
    app.test_client_class = RequestIsolatedClient
    with app.app_context():
        # A session joining the test's transaction must not end it: each commit or
        # rollback of the application only releases or rolls back its own savepoint.
        _db.session.configure(join_transaction_mode="create_savepoint")
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[AppContext]:
    """An application context around every test, for ``current_app``, ``g`` and the db."""
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
    connection = _db.engine.connect()
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
def client(app: Flask, db: SQLAlchemy) -> FlaskClient:
    """A test client for the app, talking to the test's database."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask, db: SQLAlchemy) -> FlaskCliRunner:
    """A runner for the app's ``flask`` commands, against the test's database."""
    return app.test_cli_runner()
