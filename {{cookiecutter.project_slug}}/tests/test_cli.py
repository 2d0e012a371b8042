"""The ``flask`` commands, run through the app's CLI runner against the test database."""

from __future__ import annotations

{% if cookiecutter.examples -%}
from datetime import UTC, datetime, timedelta
{% endif -%}
from itertools import chain

import pytest
{%- if cookiecutter.examples %}
import time_machine
{%- endif %}
from sqlalchemy import select

{% if cookiecutter.examples -%}
from {{ cookiecutter.package_name }}.models import INTEGER_MAX, OrderStatus, Product, Role, User
{%- else -%}
from {{ cookiecutter.package_name }}.models import Role, User
{%- endif %}
from {{ cookiecutter.package_name }}.security import verify_password
from {{ cookiecutter.package_name }}.text import CONTROL_CHARACTERS_MESSAGE

from tests.factories import {% if cookiecutter.examples %}OrderFactory, ProductFactory, {% endif %}UserFactory


def find_user(db, email):
    return db.session.scalar(select(User).where(User.email == email))


def test_seed_creates_an_admin(runner, db):
    result = runner.invoke(
        args=["seed", "--email", "Boss@Example.com", "--password", "long-enough-secret"]
    )

    assert result.exit_code == 0, result.output
    admin = find_user(db, "boss@example.com")
    assert admin.role is Role.ADMIN
    assert verify_password(admin, "long-enough-secret")


def test_seed_prompts_for_the_password(runner, db):
    result = runner.invoke(
        args=["seed", "--email", "boss@example.com"], input="long-enough-secret\n" * 2
    )

    assert result.exit_code == 0, result.output
    assert find_user(db, "boss@example.com") is not None


def test_seed_leaves_an_existing_user_alone(runner, db):
    existing = UserFactory(email="boss@example.com", name="Original")

    result = runner.invoke(args=["seed", "--email", "boss@example.com", "--password", "x" * 12])

    assert result.exit_code == 0
    assert "exists; nothing to do" in result.output
    db.session.refresh(existing)
    assert existing.name == "Original"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--name", "Boss\x1b[31m", CONTROL_CHARACTERS_MESSAGE),
        # An argument that is not UTF-8 reaches Python as a lone surrogate.
        (
            "--name",
            "Boss\udcff",
            "Input should be a valid string, unable to parse raw data as a unicode string",
        ),
        ("--name", "N" * 101, "String should have at most 100 characters"),
        (
            "--email",
            "boss",
            "value is not a valid email address: An email address must have an @-sign.",
        ),
        ("--password", "x" * 129, "String should have at most 128 characters"),
    ],
)
def test_seed_checks_its_answers_as_the_api_does(runner, db, option, value, message):
    answers = {"--email": "boss@example.com", "--name": "Boss", "--password": "x" * 12}

    result = runner.invoke(args=["seed", *chain(*{**answers, option: value}.items())])

    assert result.exit_code == 2
    assert f"Invalid value for {option}: {message}" in result.output
    assert db.session.scalars(select(User)).all() == []


def test_seed_rejects_a_short_password(runner, db):
    result = runner.invoke(args=["seed", "--email", "boss@example.com", "--password", "short"])

    assert result.exit_code == 2
    assert "Invalid value for --password: String should have at least 8 characters" in (
        result.output
    )
    assert find_user(db, "boss@example.com") is None
{%- if cookiecutter.examples %}


def find_product(db, sku):
    return db.session.scalar(select(Product).where(Product.sku == sku))


def test_add_product_saves_what_orders_can_buy(runner, db):
    result = runner.invoke(
        args=["add-product", "WIDGET", "Widget", "--price-cents", "250", "--stock", "10"]
    )

    assert result.exit_code == 0, result.output
    product = find_product(db, "WIDGET")
    assert (product.name, product.price_cents, product.stock) == ("Widget", 250, 10)


def test_add_product_refuses_a_taken_sku(runner, db):
    existing = ProductFactory(sku="WIDGET", stock=3)

    result = runner.invoke(args=["add-product", "WIDGET", "Other", "--price-cents", "1"])

    assert result.exit_code == 1
    assert "A product with sku WIDGET exists" in result.output
    db.session.refresh(existing)
    assert existing.stock == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["W", "Widget", "--price-cents", "-1"], "--price-cents", id="negative-price"),
        pytest.param(["W", "Widget"], "Missing option '--price-cents'", id="no-price"),
        pytest.param(
            ["W", "Widget", "--price-cents", "1", "--stock", "-5"], "--stock", id="negative-stock"
        ),
        pytest.param(
            ["X" * 33, "Widget", "--price-cents", "1"],
            "Invalid value for SKU: use 1 to 32 characters.",
            id="long-sku",
        ),
        pytest.param(
            ["  ", "Widget", "--price-cents", "1"],
            "Invalid value for SKU: use 1 to 32 characters.",
            id="blank-sku",
        ),
        pytest.param(
            ["W", "N" * 201, "--price-cents", "1"],
            "Invalid value for NAME: use 1 to 200 characters.",
            id="long-name",
        ),
        pytest.param(
            ["W\x00", "Widget", "--price-cents", "1"],
            f"Invalid value for SKU: {CONTROL_CHARACTERS_MESSAGE}",
            id="nul-in-sku",
        ),
        pytest.param(
            ["W", "Wid\tget", "--price-cents", "1"],
            f"Invalid value for NAME: {CONTROL_CHARACTERS_MESSAGE}",
            id="tab-in-name",
        ),
        pytest.param(
            ["W", "Widget", "--price-cents", str(INTEGER_MAX + 1)],
            "--price-cents",
            id="huge-price",
        ),
        pytest.param(
            ["W", "Widget", "--price-cents", "1", "--stock", str(INTEGER_MAX + 1)],
            "--stock",
            id="huge-stock",
        ),
    ],
)
def test_add_product_rejects_bad_input_and_saves_nothing(runner, db, args, message):
    result = runner.invoke(args=["add-product", *args])

    assert result.exit_code == 2
    assert message in result.output
    assert db.session.scalars(select(Product)).all() == []


PLACED_AT = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds_later", "status"),
    [(299, OrderStatus.PLACED), (301, OrderStatus.CONFIRMED)],
)
def test_confirm_placed_orders_confirms_those_older_than_asked(runner, db, seconds_later, status):
    """An order whose confirmation job was lost stays placed until the command runs."""
    order = OrderFactory(created_at=PLACED_AT)

    with time_machine.travel(PLACED_AT + timedelta(seconds=seconds_later), tick=False):
        result = runner.invoke(args=["confirm-placed-orders", "--older-than", "300"])

    assert result.exit_code == 0, result.output
    db.session.refresh(order)
    assert order.status is status
    confirmed = int(status is OrderStatus.CONFIRMED)
    placed_before = (PLACED_AT + timedelta(seconds=seconds_later - 300)).strftime("%Y-%m-%d %H:%M")
    assert result.output == f"Confirmed {confirmed} order(s) placed before {placed_before} UTC.\n"


def test_confirm_placed_orders_leaves_confirmed_orders_alone(runner, db):
    OrderFactory(created_at=PLACED_AT, status=OrderStatus.CONFIRMED)

    with time_machine.travel(PLACED_AT + timedelta(days=1), tick=False):
        result = runner.invoke(args=["confirm-placed-orders"])

    assert result.output.startswith("Confirmed 0 order(s)")


def test_add_product_takes_the_largest_price_and_stock_a_column_holds(runner, db):
    largest = str(INTEGER_MAX)

    result = runner.invoke(
        args=["add-product", "W", "Widget", "--price-cents", largest, "--stock", largest]
    )

    assert result.exit_code == 0, result.output
    assert (find_product(db, "W").price_cents, find_product(db, "W").stock) == (
        INTEGER_MAX,
        INTEGER_MAX,
    )


def test_add_product_takes_a_sku_and_a_name_of_the_longest_length(runner, db):
    """The other side of the long-sku and long-name refusals above: one character fewer."""
    sku, name = "X" * 32, "N" * 200

    result = runner.invoke(args=["add-product", sku, name, "--price-cents", "1"])

    assert result.exit_code == 0, result.output
    assert find_product(db, sku).name == name
{%- endif %}
