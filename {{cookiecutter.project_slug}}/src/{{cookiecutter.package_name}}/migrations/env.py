"""Alembic's environment, run by ``flask db ...`` inside the app's context, on the app's engine."""

from __future__ import annotations

import logging
from logging.config import fileConfig
from typing import TYPE_CHECKING, Any, Literal

from alembic import context
from flask import current_app
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
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


def skip_empty_revisions(
    _context: MigrationContext, _revision: Any, directives: list[MigrationScript]
) -> None:
    """`flask db migrate` writes no revision file when the models did not change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives.clear()
        logging.getLogger("alembic.env").info("No changes in schema detected.")


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
        "process_revision_directives": skip_empty_revisions,
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
