"""The order models: the constraints the database keeps, and the factories that build them."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.package_name }}.models import OrderStatus

from tests.factories import OrderFactory, OrderLineFactory, ProductFactory


def test_order_factory_places_an_order_with_one_line(db):
    order = OrderFactory(lines__quantity=3)

    [line] = order.lines
    assert order.status is OrderStatus.PLACED
    assert line.unit_price_cents == line.product.price_cents
    assert order.total_cents == 3 * line.product.price_cents


def test_order_line_factory_makes_the_order_it_belongs_to(db):
    line = OrderLineFactory(quantity=2)

    assert line.order.lines == [line]


@pytest.mark.parametrize(
    ("make", "broken"),
    [
        (ProductFactory, {"stock": -1}),
        (OrderLineFactory, {"quantity": 0}),
        (OrderLineFactory, {"quantity": -2}),
    ],
    ids=["negative-stock", "zero-quantity", "negative-quantity"],
)
def test_the_database_checks_the_numbers(db, make, broken):
    with pytest.raises(IntegrityError):
        make(**broken)


def test_transaction_ids_are_unique(db):
    OrderFactory(transaction_id="T-1")

    with pytest.raises(IntegrityError):
        OrderFactory(transaction_id="T-1")


def test_representations_name_what_they_show(db):
    line = OrderLineFactory(product__sku="SKU-1", product__stock=4, quantity=2)

    assert repr(line.product) == "<Product SKU-1 stock=4>"
    assert repr(line.order) == f"<Order {line.order.id} {line.order.transaction_id!r} placed>"
    assert repr(line) == f"<OrderLine 2 x {line.product.id}>"
