"""Placing orders: check stock, save, take from stock, send a receipt, confirm later.

``commit_order`` is the entry point. The steps it calls are module-level functions
(``check_stock_levels``, ``save_to_db``, ``send_email``) on purpose: each is one seam a
test can replace with ``monkeypatch.setattr`` without touching the others
(``send_email`` comes from services.email, imported by name so that it is replaceable here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Order, OrderLine, Product
from {{ cookiecutter.package_name }}.services.email import send_email
from {{ cookiecutter.package_name }}.tasks import enqueue, send_order_confirmation

if TYPE_CHECKING:
    from {{ cookiecutter.package_name }}.models import User


class OrderError(Exception):
    """An order that cannot be placed as asked."""


class OutOfStockError(OrderError):
    """Fewer items of a product are in stock than the order asks for."""

    def __init__(self, sku: str) -> None:
        super().__init__(f"{sku} is out of stock")
        self.sku = sku


class DuplicateTransactionError(OrderError):
    """An order with this transaction id exists: the request was sent twice."""

    def __init__(self, transaction_id: str) -> None:
        super().__init__(f"transaction {transaction_id} was placed already")
        self.transaction_id = transaction_id


@dataclass(frozen=True)
class Sale:
    """One line of a transaction: so many of one product."""

    product: Product
    quantity: int


@dataclass(frozen=True)
class Transaction:
    """What a customer asks to buy, before it is an order."""

    transaction_id: str
    customer: User
    sales: tuple[Sale, ...]


def format_cents(cents: int) -> str:
    """1250 -> "12.50"."""
    return f"{cents // 100}.{cents % 100:02d}"


def receipt_subject(order: Order) -> str:
    """The subject of the receipt email."""
    return f"Your order number {order.transaction_id}"


def receipt_text(order: Order) -> str:
    """The receipt: one line per product, then the total."""
    lines = [
        f"{line.quantity} x {line.product.name} ({line.product.sku}) at "
        f"{format_cents(line.unit_price_cents)} = {format_cents(line.total_cents)}"
        for line in order.lines
    ]
    return "\n".join(
        [
            f"Thank you for your order, {order.customer.name}.",
            "",
            *lines,
            f"Total: {format_cents(order.total_cents)}",
            "",
        ]
    )


def check_stock_levels(product: Product, quantity: int) -> int:
    """How many would be left after the sale; raises OutOfStockError if too few are left."""
    left = product.stock - quantity
    if left < 0:
        raise OutOfStockError(product.sku)
    return left


def take_from_stock(sale: Sale) -> None:
    """Lower the product's stock by the sale's quantity, in the database.

    The database computes the new value, so two concurrent orders cannot overwrite each
    other's decrement, and its CHECK (stock >= 0) stops the one that would oversell even
    if the stock check before it saw an older number.
    """
    sku = sale.product.sku  # read now: a failed flush leaves the product unreadable
    sale.product.stock = Product.stock - sale.quantity
    try:
        db.session.flush()
    except IntegrityError:
        raise OutOfStockError(sku) from None


def save_to_db(transaction: Transaction) -> Order:
    """Store the order and take its lines from stock: all of it, or nothing.

    The unique constraint on transaction_id is what detects a duplicate: a lookup before
    the insert could race with a concurrent request carrying the same id.
    """
    order = Order(
        transaction_id=transaction.transaction_id,
        customer=transaction.customer,
        lines=[
            OrderLine(
                product=sale.product,
                quantity=sale.quantity,
                unit_price_cents=sale.product.price_cents,
            )
            for sale in transaction.sales
        ],
    )
    # A savepoint: on failure only this order's rows are rolled back, not the caller's work.
    with db.session.begin_nested():
        db.session.add(order)
        try:
            db.session.flush()
        except IntegrityError:
            raise DuplicateTransactionError(transaction.transaction_id) from None
        for sale in transaction.sales:
            take_from_stock(sale)
    return order


def commit_order(transaction: Transaction) -> Order:
    """Place an order: check stock, save it, email a receipt, queue its confirmation.

    Raises OutOfStockError or DuplicateTransactionError, and then nothing was saved.
    """
    for sale in transaction.sales:
        check_stock_levels(sale.product, sale.quantity)
    order = save_to_db(transaction)
    # Committed before anything leaves the process: the receipt must describe a stored
    # order, and a worker in another process can only read what was committed.
    db.session.commit()
    send_email(transaction.customer.email, receipt_subject(order), receipt_text(order))
    enqueue(send_order_confirmation, order.id)
    return order
