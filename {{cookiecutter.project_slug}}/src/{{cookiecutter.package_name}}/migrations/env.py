"""Alembic's environment, run by ``flask db ...`` inside the app's context, on the app's engine."""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
from logging.config import fileConfig
from typing import TYPE_CHECKING, Any, Literal

from alembic import context
from alembic.script import ScriptDirectory, write_hooks
from flask import current_app
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from collections.abc import Mapping

    from alembic.autogenerate.api import AutogenContext
    from alembic.operations import MigrationScript
    from alembic.runtime.migration import MigrationContext

config = context.config
# alembic.ini's logging is for the command line: a test run or a server keeps its own.
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

migrate = current_app.extensions["migrate"]
engine = migrate.db.engine
target_metadata = migrate.db.metadata


def next_revision_id() -> str | None:
    """The number after the head's, in four digits: 0001, 0002, ... as the shipped ones.

    None, for Alembic's own random id, when the head is not a number: a history that uses
    those keeps them.
    """
    head = ScriptDirectory.from_config(config).get_current_head() or "0"
    return f"{int(head) + 1:04d}" if head.isdigit() else None


def shape_new_revisions(
    _context: MigrationContext, _revision: Any, directives: list[MigrationScript]
) -> None:
    """Number a new revision after the head, and write none when the models did not change."""
    script = directives[0]
    if getattr(config.cmd_opts, "autogenerate", False) and script.upgrade_ops.is_empty():
        directives.clear()
        logging.getLogger("alembic.env").info("No changes in schema detected.")
        return
    script.rev_id = next_revision_id() or script.rev_id


@write_hooks.register("ruff")
def format_with_ruff(filename: str, _options: Mapping[str, str]) -> None:
    """Fix and format a new revision as the project's lint would (alembic.ini runs this).

    With only the test tools installed there is no ruff: the revision is left as written.
    """
    if importlib.util.find_spec("ruff") is None:
        logging.getLogger("alembic.env").warning(
            "ruff is not installed, so %s was not formatted: uv sync (or pip install --group dev)",
            filename,
        )
        return
    ruff = [sys.executable, "-m", "ruff"]
    # check --fix first: it sorts imports, which the formatter then lays out.
    subprocess.run([*ruff, "check", "--fix", "--quiet", filename], check=False)  # noqa: S603
    subprocess.run([*ruff, "format", "--quiet", filename], check=True)  # noqa: S603


def render_item(type_: str, obj: Any, _autogen_context: AutogenContext) -> str | Literal[False]:
    """Have `flask db migrate` write the app's own column types as the type they store.

    models.UtcDateTime becomes sa.DateTime(timezone=True): a migration imports nothing of the
    app, whose models keep changing after it was written. False lets Alembic render the item.
    """
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run_migrations_offline() -> None:
    """Print the SQL (``flask db upgrade --sql``) instead of running it."""
    context.configure(url=engine.url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on a connection of the app's engine, in one transaction."""
    options = {
        "process_revision_directives": shape_new_revisions,
        "render_item": render_item,
        **migrate.configure_args,
    }
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
