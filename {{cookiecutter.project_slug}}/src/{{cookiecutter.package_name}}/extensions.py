"""Extensions, created unbound here and attached to an app in ``create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event

from {{ cookiecutter.package_name }}.models import Base

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.engine import Connection, Engine


# Models subclass Base itself rather than db.Model, which mypy sees as Any.
db = SQLAlchemy(model_class=Base)


def init_app(app: Flask) -> None:
    """Attach the extensions to the app and prepare its database engines."""
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            use_sqlite_transactions_properly(engine)


def use_sqlite_transactions_properly(engine: Engine) -> None:
    """On SQLite, let SQLAlchemy rather than the pysqlite driver emit BEGIN, so SAVEPOINT works.

    The driver's own transaction handling (before Python 3.12) breaks nested
    transactions; this is the recipe from SQLAlchemy's SQLite dialect documentation.
    Foreign keys are switched on so that SQLite enforces them like other databases.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")
