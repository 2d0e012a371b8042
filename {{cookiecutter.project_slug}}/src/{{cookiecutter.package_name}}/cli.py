"""``flask`` commands: seed an admin account.

The tables come from the migrations (``flask db upgrade``), not from a command here: a
database built by ``create_all`` would not know which migrations it already has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from sqlalchemy import select

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Role, User
from {{ cookiecutter.package_name }}.security import hash_password

if TYPE_CHECKING:
    from flask import Flask


@click.command("seed")
@click.option("--email", "email", required=True, help="Email of the admin account.")
@click.option("--name", default="Admin", show_default=True, help="Display name of the admin.")
@click.password_option(help="Password of the admin account (prompted for when omitted).")
def seed_command(email: str, name: str, password: str) -> None:
    """Create an admin account, unless one with this email exists."""
    email = email.strip().lower()
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        click.echo(f"A user with email {email} exists; nothing to do.")
        return
    if len(password) < 8:
        raise click.BadParameter("use at least 8 characters.", param_hint="--password")
    admin = User(name=name, email=email, password_hash=hash_password(password), role=Role.ADMIN)
    db.session.add(admin)
    db.session.commit()
    click.echo(f"Created admin {email}.")


def init_app(app: Flask) -> None:
    """Register the commands on the app's ``flask`` command group."""
    app.cli.add_command(seed_command)
