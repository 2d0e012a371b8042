"""A test that reaches the database without the ``db`` fixture fails at once, naming it.

Without the fixture nothing rolls a test's writes back: its rows would stay in the test
database and every later test would see them. So the app's engine is out of reach until
``db`` puts the test's connection in its place (tests/conftest.py).
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, make_url, select

from {{ cookiecutter.package_name }}.extensions import db as _db
from {{ cookiecutter.package_name }}.models import User

from tests.database import DatabaseNotRequestedError
from tests.factories import UserFactory

NOT_REQUESTED = (
    "This test used the database (engine.connect) without the `db` fixture, so nothing "
    "would roll back what it writes. Add `db` to its arguments, or a fixture that uses it, "
    "such as `client`, `runner` or a factory fixture."
)


def test_a_factory_without_db_fails_naming_the_fixture(app_context):
    with pytest.raises(DatabaseNotRequestedError) as refused:
        UserFactory()

    assert str(refused.value) == NOT_REQUESTED


def test_a_query_without_db_fails(app_context):
    with pytest.raises(DatabaseNotRequestedError):
        _db.session.scalar(select(func.count()).select_from(User))


def test_a_request_without_db_fails(app):
    """A test client made by hand, not the ``client`` fixture, reaches the guard too."""
    with pytest.raises(DatabaseNotRequestedError):
        app.test_client().get("/api/health")


def test_db_puts_the_tests_connection_in_reach(db):
    UserFactory()

    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_db_shows_its_database_in_a_traceback(db, database_url):
    """A failing test prints its fixtures: ``db`` must say which database, not fail to."""
    assert repr(db) == f"<SQLAlchemy {make_url(database_url)!r}>"
