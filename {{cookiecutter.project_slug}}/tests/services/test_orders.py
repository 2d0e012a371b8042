"""commit_order, through the fixtures of the order domain (tests/services/conftest.py)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import delete, event, func, select
from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.package_name }}.models import Order, User
from {{ cookiecutter.package_name }}.services.email import EmailDeliveryError
from {{ cookiecutter.package_name }}.services.orders import (
    DuplicateTransactionError,
    OutOfStockError,
    check_stock_levels,
    commit_order,
    save_to_db,
)


def count_orders(db):
    return db.session.scalar(select(func.count()).select_from(Order))


def test_make_customer_makes_customers_as_asked(make_customer):
    elaine = make_customer(name="Elaine Benes")
    cosmo = make_customer()

    assert elaine.name == "Elaine Benes"
    assert cosmo.name == "Cosmo Kramer"


def test_commit_order_sends_a_receipt(
    make_transaction, make_customer, make_product, make_sale, mock_send_email
):
    assert mock_send_email == []
    widget = make_product(sku="WIDGET-1", name="Widget", price_cents=1250)
    transaction = make_transaction(
        transaction_id="1234",
        customer=make_customer(email="kramer@example.com"),
        sales=[make_sale(quantity=2, product=widget)],
    )

    commit_order(transaction)

    assert mock_send_email == [
        (
            "kramer@example.com",
            "Your order number 1234",
            "Thank you for your order, Cosmo Kramer.\n"
            "\n"
            "2 x Widget (WIDGET-1) at 12.50 = 25.00\n"
            "Total: 25.00\n",
        )
    ]


def test_commit_order_takes_each_sale_from_stock(make_transaction, make_product, make_sale):
    widget, gadget = make_product(stock=5), make_product(stock=1)
    transaction = make_transaction(
        transaction_id="T-1", sales=[make_sale(2, widget), make_sale(1, gadget)]
    )

    order = commit_order(transaction)

    assert (widget.stock, gadget.stock) == (3, 0)
    assert [(line.product, line.quantity) for line in order.lines] == [(widget, 2), (gadget, 1)]


def test_an_order_keeps_the_price_it_was_placed_at(db, make_transaction, make_product, make_sale):
    widget = make_product(price_cents=1000)
    order = commit_order(make_transaction("T-1", sales=[make_sale(3, widget)]))

    widget.price_cents = 2000
    db.session.commit()

    assert order.lines[0].unit_price_cents == 1000
    assert order.total_cents == 3000


def test_the_switches_of_mock_fulfillment(mock_fulfillment, make_transaction):
    assert not mock_fulfillment["out_of_stock"]
    assert commit_order(make_transaction(transaction_id="42"))

    # Now again, but this time the item sells out before the order is placed.
    mock_fulfillment["out_of_stock"] = True
    with pytest.raises(OutOfStockError):
        commit_order(make_transaction(transaction_id="43"))


def test_a_known_transaction_is_a_duplicate(db, mock_fulfillment, make_transaction, make_sale):
    sale = make_sale(quantity=1)
    mock_fulfillment["known_transactions"].add("T-1")

    with pytest.raises(DuplicateTransactionError) as raised:
        commit_order(make_transaction("T-1", sales=[sale]))

    assert raised.value.transaction_id == raised.value.existing.transaction_id == "T-1"
    assert str(raised.value) == "transaction T-1 was placed already"
    assert count_orders(db) == 0
    assert sale.product.stock == 10


def test_the_database_refuses_a_transaction_id_twice(
    db, make_transaction, make_sale, mock_send_email
):
    """What a concurrent request finds when the first one committed after it looked."""
    sale = make_sale(quantity=1)
    first = commit_order(make_transaction("T-1", sales=[sale]))

    with pytest.raises(DuplicateTransactionError) as raised:
        save_to_db(make_transaction("T-1", sales=[sale]))

    assert raised.value.existing == first
    # Only the second attempt was rolled back, to its savepoint: the first order stands.
    assert db.session.scalars(select(Order)).all() == [first]
    assert sale.product.stock == 9
    assert len(mock_send_email) == 1


def test_other_integrity_errors_of_an_order_pass_through(db, make_transaction, make_customer):
    """Not every refused insert is a duplicate: here the customer was deleted meanwhile."""
    customer = make_customer()
    transaction = make_transaction("T-1", customer=customer)
    # Deleted behind the session's back, as another request would.
    db.session.execute(
        delete(User).where(User.id == customer.id),
        execution_options={"synchronize_session": False},
    )

    with pytest.raises(IntegrityError):
        save_to_db(transaction)


def test_too_few_in_stock_is_refused_before_anything_is_saved(
    db, make_transaction, make_product, make_sale, mock_send_email
):
    scarce = make_product(sku="SCARCE", stock=1)

    with pytest.raises(OutOfStockError) as raised:
        commit_order(make_transaction("T-1", sales=[make_sale(2, scarce)]))

    assert raised.value.sku == "SCARCE"
    assert (count_orders(db), scarce.stock, mock_send_email) == (0, 1, [])


def test_the_database_stops_an_oversell_the_stock_check_missed(
    db, mock_fulfillment, make_transaction, make_product, make_sale
):
    # With the switch off, mock_fulfillment's stock check passes whatever the stock is, as
    # a check that read the stock just before a concurrent order took it would.
    plenty, scarce = make_product(stock=5), make_product(sku="SCARCE", stock=1)
    sales = [make_sale(1, plenty), make_sale(2, scarce)]

    with pytest.raises(OutOfStockError, match="SCARCE"):
        commit_order(make_transaction("T-1", sales=sales))

    db.session.expire_all()
    assert (count_orders(db), plenty.stock, scarce.stock) == (0, 5, 1)


def test_check_stock_levels_says_how_many_would_be_left(make_product):
    assert check_stock_levels(make_product(stock=5), 2) == 3


def test_an_undelivered_receipt_is_logged_and_the_order_stands(
    db, fake_email, make_transaction, caplog
):
    fake_email.fail_with = EmailDeliveryError("the relay is down")

    with caplog.at_level(logging.WARNING):
        order = commit_order(make_transaction("T-1"))

    assert count_orders(db) == 1
    assert f"'Your order number {order.transaction_id}' to" in caplog.text


def test_the_receipt_goes_through_the_apps_email_service(fake_email, make_transaction):
    order = commit_order(make_transaction("T-1"))

    [receipt] = fake_email.sent
    assert (receipt.to, receipt.subject) == (order.customer.email, "Your order number T-1")


def test_a_repeated_transaction_finds_its_order_before_the_empty_stock(
    db, make_transaction, make_product, make_sale
):
    """The first attempt took the last item; its retry must hear about its order."""
    last_one = make_product(stock=1)
    transaction = make_transaction("T-1", sales=[make_sale(1, last_one)])
    order = commit_order(transaction)

    with pytest.raises(DuplicateTransactionError) as raised:
        commit_order(transaction)

    assert raised.value.existing == order
    assert transaction.is_repeated_by(order)


def test_a_transaction_with_other_lines_is_not_a_repeat(make_transaction, make_sale):
    order = commit_order(make_transaction("T-1", sales=[make_sale(1)]))
    other_lines = make_transaction("T-1", customer=order.customer, sales=[make_sale(2)])

    assert not other_lines.is_repeated_by(order)


def test_a_transaction_of_another_customer_is_not_a_repeat(make_transaction, make_sale):
    sale = make_sale(1)
    order = commit_order(make_transaction("T-1", sales=[sale]))

    assert not make_transaction("T-1", sales=[sale]).is_repeated_by(order)


def test_stock_is_taken_in_the_order_of_product_ids(db, make_transaction, make_product, make_sale):
    """Two orders for the same products lock their rows in one order, so neither waits for a
    row the other holds while holding one it wants: no deadlock, whatever their line order.
    """
    first, second = make_product(), make_product()
    updated: list[int] = []

    def record_stock_update(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE products SET stock"):
            updated.append(context.compiled_parameters[0]["products_id"])

    connection = db.session.connection()
    event.listen(connection, "before_cursor_execute", record_stock_update)
    try:
        commit_order(make_transaction("T-1", sales=[make_sale(1, second), make_sale(1, first)]))
    finally:
        event.remove(connection, "before_cursor_execute", record_stock_update)

    assert updated == [first.id, second.id]
