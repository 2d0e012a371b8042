"""``flask`` commands: seed an admin account{% if cookiecutter.examples %}, add products, confirm orders left placed{% endif %}.

The tables come from the migrations (``flask db upgrade``), not from a command here: a
database built by ``create_all`` would not know which migrations it already has.
"""

from __future__ import annotations

{% if cookiecutter.examples -%}
from datetime import timedelta
{% endif -%}
from typing import TYPE_CHECKING

import click
from pydantic import ValidationError
from sqlalchemy import select

from {{ cookiecutter.package_name }}.api.errors import validation_failed
from {{ cookiecutter.package_name }}.api.schemas import UserCreate
from {{ cookiecutter.package_name }}.extensions import db
{%- if cookiecutter.examples %}
from {{ cookiecutter.package_name }}.models import (
    INTEGER_MAX,
    PRODUCT_NAME_MAX_LENGTH,
    SKU_MAX_LENGTH,
    Order,
    OrderStatus,
    Product,
    Role,
    User,
    utcnow,
)
{%- else %}
from {{ cookiecutter.package_name }}.models import Role, User
{%- endif %}
from {{ cookiecutter.package_name }}.security import hash_password
{%- if cookiecutter.examples %}
from {{ cookiecutter.package_name }}.tasks import send_order_confirmation
from {{ cookiecutter.package_name }}.text import (
    CONTROL_CHARACTERS_MESSAGE,
    has_control_characters,
)
{%- endif %}

if TYPE_CHECKING:
    from flask import Flask


@click.command("seed")
@click.option("--email", "email", required=True, help="Email of the admin account.")
@click.option("--name", default="Admin", show_default=True, help="Display name of the admin.")
@click.password_option(help="Password of the admin account (prompted for when omitted).")
def seed_command(email: str, name: str, password: str) -> None:
    """Create an admin account, unless one with this email exists."""
    fields = admin_fields(email, name, password)
    email = fields.email.lower()
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        click.echo(f"A user with email {email} exists; nothing to do.")
        return
    admin = User(
        name=fields.name,
        email=email,
        password_hash=hash_password(fields.password),
        role=Role.ADMIN,
    )
    db.session.add(admin)
    db.session.commit()
    click.echo(f"Created admin {email}.")


def admin_fields(email: str, name: str, password: str) -> UserCreate:
    """The answers, checked as POST /api/users checks them; a usage error names the option."""
    try:
        return UserCreate(name=name, email=email, password=password)
    except ValidationError as error:
        field, messages = next(iter(validation_failed(error).fields.items()))
        # pydantic stops at a field's first failed check: each field has one message.
        raise click.BadParameter(messages[0], param_hint=f"--{field}") from None
{%- if cookiecutter.examples %}


def check_text(value: str, longest: int, param_hint: str) -> str:
    """The value without surrounding spaces; a usage error when that is empty, too long, or
    holds control characters (text.py).
    """
    value = value.strip()
    if has_control_characters(value):
        raise click.BadParameter(CONTROL_CHARACTERS_MESSAGE, param_hint=param_hint)
    if not 0 < len(value) <= longest:
        raise click.BadParameter(f"use 1 to {longest} characters.", param_hint=param_hint)
    return value


@click.command("add-product")
@click.argument("sku")
@click.argument("name")
@click.option(
    "--price-cents",
    type=click.IntRange(min=0, max=INTEGER_MAX),
    required=True,
    help="Price in cents: 250 is 2.50.",
)
@click.option(
    "--stock",
    type=click.IntRange(min=0, max=INTEGER_MAX),
    default=0,
    show_default=True,
    help="Units in stock.",
)
def add_product_command(sku: str, name: str, price_cents: int, stock: int) -> None:
    """Add a product that customers can order by its SKU."""
    sku = check_text(sku, SKU_MAX_LENGTH, "SKU")
    name = check_text(name, PRODUCT_NAME_MAX_LENGTH, "NAME")
    if db.session.scalar(select(Product).where(Product.sku == sku)) is not None:
        raise click.ClickException(f"A product with sku {sku} exists; nothing was changed.")
    db.session.add(Product(sku=sku, name=name, price_cents=price_cents, stock=stock))
    db.session.commit()
    click.echo(f"Added {sku} ({name}): {price_cents} cents, {stock} in stock.")


@click.command("confirm-placed-orders")
@click.option(
    "--older-than",
    type=click.IntRange(min=0),
    default=300,
    show_default=True,
    help="Seconds since the order was placed.",
)
def confirm_placed_orders_command(older_than: int) -> None:
    """Confirm the orders still placed after --older-than seconds.

    Their confirmation job was lost: the process died after storing the order and before
    the job ran. Run this from cron or a scheduler; it runs the same job, which leaves
    confirmed orders alone.
    """
    placed_before = utcnow() - timedelta(seconds=older_than)
    order_ids = db.session.scalars(
        select(Order.id)
        .where(Order.status == OrderStatus.PLACED, Order.created_at < placed_before)
        .order_by(Order.id)
    ).all()
    for order_id in order_ids:
        send_order_confirmation(order_id)
    click.echo(
        f"Confirmed {len(order_ids)} order(s) placed before {placed_before:%Y-%m-%d %H:%M} UTC."
    )
{%- endif %}


def init_app(app: Flask) -> None:
    """Register the commands on the app's ``flask`` command group."""
    app.cli.add_command(seed_command)
{%- if cookiecutter.examples %}
    app.cli.add_command(add_product_command)
    app.cli.add_command(confirm_placed_orders_command)
{%- endif %}
