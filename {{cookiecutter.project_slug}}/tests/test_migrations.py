"""The migrations build the models' schema from nothing, undo it, and agree with the models.

They run through the real ``flask db`` commands, in an empty database of their own: the
suite's database already has its tables, made by ``create_all`` (see TESTING.md).
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest
from sqlalchemy import inspect

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.extensions import db

from tests.database import database_of_its_own

if TYPE_CHECKING:
    from collections.abc import Iterator

    from click.testing import Result
    from flask import Flask


class FlaskDb(Protocol):
    def __call__(self, *args: str) -> Result: ...


@pytest.fixture
def empty_database_app(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """An app, in its pushed context, on a new empty database; drops that database after."""
    with database_of_its_own(database_url, "migrations") as url:
        monkeypatch.setenv("TEST_DATABASE_URL", url)
        app = create_app("testing")
        with app.app_context():
            yield app
            db.engine.dispose()


@pytest.fixture
def flask_db(empty_database_app: Flask, caplog: pytest.LogCaptureFixture) -> FlaskDb:
    """Runs ``flask db <args>`` on the empty database; a failed command fails the test."""
    runner = empty_database_app.test_cli_runner()

    def run(*args: str) -> Result:
        result = runner.invoke(args=["db", *args])
        # Flask-Migrate reports errors, a detected drift included, through logging.
        assert result.exit_code == 0, f"flask db {' '.join(args)}: {caplog.text}"
        return result

    return run


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_builds_every_table_of_the_models(flask_db):
    flask_db("upgrade")

    assert table_names() == {*db.metadata.tables, "alembic_version"}


def test_downgrade_to_base_and_up_again(flask_db):
    flask_db("upgrade")
    flask_db("downgrade", "base")

    assert table_names() == {"alembic_version"}

    # Fails if the downgrade left anything behind, such as a PostgreSQL enum type.
    flask_db("upgrade")
    assert table_names() == {*db.metadata.tables, "alembic_version"}


def test_models_and_migrations_agree(flask_db):
    """`flask db check` fails when a model changed without a migration to match."""
    flask_db("upgrade")

    flask_db("check")


def test_a_new_migration_needs_nothing_of_the_app(flask_db, empty_database_app, tmp_path):
    """`flask db migrate` writes the app's own column types as plain SQLAlchemy ones.

    From the models alone (a copy of the migrations folder, without its revisions), it
    writes the whole schema; the script runs, so it names no type it does not import.
    """
    migrations = tmp_path / "migrations"
    shutil.copytree(Path(empty_database_app.root_path) / "migrations", migrations)
    for revision in (migrations / "versions").glob("*.py"):
        revision.unlink()

    flask_db("migrate", "--directory", str(migrations), "--message", "everything")
    flask_db("upgrade", "--directory", str(migrations))

    (script,) = (migrations / "versions").glob("*_everything.py")
    assert "sa.DateTime(timezone=True)" in script.read_text(encoding="utf-8")
    assert table_names() == {*db.metadata.tables, "alembic_version"}
    # The first revision of a history is numbered as the shipped one is.
    assert script.name == "0001_everything.py"


def test_a_new_revision_is_numbered_after_the_head(flask_db, empty_database_app, tmp_path):
    """Revisions are 0001, 0002, ...: a new one takes the number after the head's."""
    migrations = tmp_path / "migrations"
    shutil.copytree(Path(empty_database_app.root_path) / "migrations", migrations)
    head = max(path.name[:4] for path in (migrations / "versions").glob("0*.py"))

    flask_db("revision", "--directory", str(migrations), "--message", "add tags")

    number = f"{int(head) + 1:04d}"
    script = runpy.run_path(str(migrations / "versions" / f"{number}_add_tags.py"))
    assert (script["revision"], script["down_revision"]) == (number, head)
