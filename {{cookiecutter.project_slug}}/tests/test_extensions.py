"""SQLite gets SQLAlchemy's transaction recipe, so savepoints behave as on other databases.

The tests build an in-memory SQLite engine of their own, so they check the recipe
whichever database TEST_DATABASE_URL gives the rest of the suite.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.extensions import use_sqlite_transactions_properly
from {{ cookiecutter.package_name }}.models import Base, User

from tests.factories import UserFactory

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy import Engine


@pytest.fixture
def sqlite_engine() -> Iterator[Engine]:
    """An in-memory SQLite engine with the recipe and the models' tables; disposed after."""
    engine = create_engine("sqlite://")
    use_sqlite_transactions_properly(engine)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_rolling_back_a_savepoint_keeps_the_outer_work(sqlite_engine, app_context):
    """Without the recipe, pysqlite (Python < 3.12) would lose or leak these rows."""
    with Session(sqlite_engine) as session:
        session.add(UserFactory.build(email="kept@example.com"))
        session.flush()

        savepoint = session.begin_nested()
        session.add(UserFactory.build(email="discarded@example.com"))
        session.flush()
        savepoint.rollback()

        assert session.scalars(select(User.email)).all() == ["kept@example.com"]


def test_foreign_keys_are_enforced(sqlite_engine):
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_other_databases_get_no_listeners():
    # Any non-SQLite dialect will do; a stand-in module means no driver needs installing.
    driver = SimpleNamespace(paramstyle="pyformat", Error=Exception)
    engine = create_engine("mysql+pymysql://", module=driver)

    use_sqlite_transactions_properly(engine)

    assert not engine.dispatch.begin
