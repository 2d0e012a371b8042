"""The suite's databases: the configured one, new ones for pytest-xdist workers and migrations,
and the guard that keeps tests without the ``db`` fixture away from them.

PostgreSQL cannot create or drop a database inside a transaction, so that happens on an
AUTOCOMMIT connection to the server's ``postgres`` database. SQLite needs none of it: every
engine on the in-memory URL opens a new, empty database of its own.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from sqlalchemy import Connection, create_engine, event, make_url, text
from sqlalchemy.exc import OperationalError

from {{ cookiecutter.package_name }}.config import (
    ConfigurationError,
    TestingConfig,
    settings_from_environment,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy import URL, Engine

IN_MEMORY_SQLITE = "sqlite://"


class DatabaseNotRequestedError(Exception):
    """A test reached the database without the ``db`` fixture, which rolls its writes back."""


class UnrequestedDatabase:
    """Stands in the app's engine while no test holds ``db``: any use of it fails at once.

    Without it, a test that forgot ``db`` would write to the real test database, and its
    rows would still be there for the tests after it.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Enough for repr(db) and for error messages that name the database.
        self.url = engine.url

    def __getattr__(self, name: str) -> NoReturn:
        raise DatabaseNotRequestedError(
            f"This test used the database (engine.{name}) without the `db` fixture, so nothing "
            "would roll back what it writes. Add `db` to its arguments, or a fixture that "
            "uses it, such as `client`, `runner` or a factory fixture."
        )

    def __repr__(self) -> str:
        return f"<UnrequestedDatabase {self.url!r}>"


class TestConnection(Connection):
    """The connection a test's every session shares, in the engine's place in ``db.engines``.

    Flask-SQLAlchemy shows ``db`` by its engine's URL, and finds this connection there: with
    ``url`` here, a failing test's traceback shows ``db = <SQLAlchemy sqlite://>``.
    """

    @property
    def url(self) -> URL:
        return self.engine.url


def reverse_unordered_selects(engine: Engine) -> None:
    """On SQLite, answer every query without ORDER BY in reverse order from now on.

    SQLite returns such rows in the order they were stored, which is the order most tests
    expect by chance; PostgreSQL promises no order at all. Reversed, a view that forgot its
    ORDER BY fails on SQLite too, in every run, rather than on PostgreSQL now and then.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def reverse(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA reverse_unordered_selects = ON")


def configured_database_url() -> str:
    """The database TestingConfig chooses: TEST_DATABASE_URL's, or the config's default."""
    try:
        settings = settings_from_environment(TestingConfig, os.environ)
    except ConfigurationError as error:
        raise pytest.UsageError(str(error)) from None
    return str(settings.get("SQLALCHEMY_DATABASE_URI", TestingConfig.SQLALCHEMY_DATABASE_URI))


def require_reachable(url: str) -> None:
    """Stop the run before its first test, saying what to do, if the database does not answer."""
    engine = create_engine(url)
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        raise pytest.UsageError(
            f"The test database {engine.url!r} does not answer: {error.orig}\n"
            "Start its server and create the database, or set TEST_DATABASE_URL to one the "
            "tests may empty, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test "
            "(TESTING.md, 'PostgreSQL and parallel runs')."
        ) from None
    finally:
        engine.dispose()


@contextmanager
def database_of_its_own(base_url: str, suffix: str) -> Iterator[str]:
    """A new, empty database named after base_url's plus ``_<suffix>``; dropped on exit."""
    url = make_url(base_url)
    if url.get_backend_name() == "sqlite":
        yield IN_MEMORY_SQLITE
        return
    own = url.set(database=f"{url.database}_{suffix}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        # A run that was killed may have left it behind.
        drop_database(admin, own)
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {quoted_name(admin, own)}"))
        yield own.render_as_string(hide_password=False)
    finally:
        drop_database(admin, own)
        admin.dispose()


def drop_database(admin: Engine, url: URL) -> None:
    """Drop the database, closing whatever connections to it are still open."""
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {quoted_name(admin, url)} WITH (FORCE)"))


def quoted_name(engine: Engine, url: URL) -> str:
    """The URL's database name, quoted as an SQL identifier."""
    return engine.dialect.identifier_preparer.quote(str(url.database))
