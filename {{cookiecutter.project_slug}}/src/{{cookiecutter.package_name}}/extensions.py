"""Extensions, created unbound here and attached to an app in ``create_app``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event

from {{ cookiecutter.package_name }}.models import Base

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.engine import Connection, Engine


# Models subclass Base itself rather than db.Model, which mypy sees as Any.
db = SQLAlchemy(model_class=Base)
# Inside the package, so that `flask db` finds the migrations from any directory and an
# installed wheel (the Docker image) ships them.
migrate = Migrate(directory=str(Path(__file__).with_name("migrations")))
# Keeps the signed-in user in the session; visitors of a login_required page are sent to
# the login view, with ?next= to come back.
login_manager = LoginManager()
login_manager.login_view = "views.auth.login"
login_manager.login_message_category = "info"
# CSRF tokens for the HTML forms (the views blueprint calls csrf.protect, see config.py).
csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Attach the extensions to the app and prepare its database engines."""
    db.init_app(app)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    csrf.init_app(app)
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
