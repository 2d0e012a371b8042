"""SQLite gets SQLAlchemy's transaction recipe, so savepoints behave as on other databases."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import create_engine, func, select

from {{ cookiecutter.package_name }}.extensions import use_sqlite_transactions_properly
from {{ cookiecutter.package_name }}.models import User
from tests.factories import UserFactory


def test_rolling_back_a_savepoint_keeps_the_outer_work(db):
    """Without the recipe, pysqlite (Python < 3.12) would lose or leak these rows."""
    UserFactory(email="kept@example.com")

    savepoint = db.session.begin_nested()
    db.session.add(UserFactory.build(email="discarded@example.com"))
    db.session.flush()
    savepoint.rollback()

    emails = db.session.scalars(select(User.email)).all()
    assert emails == ["kept@example.com"]


def test_foreign_keys_are_enforced(db):
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert db.session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_other_databases_get_no_listeners():
    # Any non-SQLite dialect will do; a stand-in module means no driver needs installing.
    driver = SimpleNamespace(paramstyle="pyformat", Error=Exception)
    engine = create_engine("mysql+pymysql://", module=driver)

    use_sqlite_transactions_properly(engine)

    assert not engine.dispatch.begin
