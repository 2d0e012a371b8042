"""Placing orders: check stock, save, take from stock, then hand the rest to background jobs.

``place_order`` is the entry point: it runs ``commit_order`` again when the database ends
its transaction for colliding with a concurrent one. The steps ``commit_order`` calls are
module-level functions (``check_stock_levels``, ``save_to_db``, ``enqueue``) on purpose:
each is one seam a test can replace with ``monkeypatch.setattr`` without touching the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Order, OrderLine, Product
from {{ cookiecutter.package_name }}.services.conflicts import retry_on_conflict
from {{ cookiecutter.package_name }}.tasks import (
    enqueue,
    send_order_confirmation,
    send_order_receipt,
)

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
    """An order with this transaction id exists: the request was sent twice, or the id reused."""

    def __init__(self, existing: Order) -> None:
        super().__init__(f"transaction {existing.transaction_id} was placed already")
        self.transaction_id = existing.transaction_id
        self.existing = existing


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

    def is_repeated_by(self, order: Order) -> bool:
        """Whether the order is this transaction, placed before: same customer, same lines."""
        asked = {(sale.product.id, sale.quantity) for sale in self.sales}
        placed = {(line.product_id, line.quantity) for line in order.lines}
        return order.customer_id == self.customer.id and asked == placed


def placed_order(transaction_id: str) -> Order | None:
    """The order placed with this transaction id, if there is one."""
    return db.session.scalar(select(Order).where(Order.transaction_id == transaction_id))


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
    the insert could race with a concurrent request carrying the same id. Stock is taken
    in the order of product ids, whatever the order of the lines: two orders that lock
    the same rows in opposite orders would wait for each other until the database killed
    one of them (a deadlock).
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
    try:
        # A savepoint: on failure only this order's rows are rolled back, not the caller's.
        with db.session.begin_nested():
            db.session.add(order)
            db.session.flush()
            for sale in sorted(transaction.sales, key=lambda sale: sale.product.id):
                take_from_stock(sale)
    except IntegrityError:
        # Only the order's own insert gets here (take_from_stock raises OutOfStockError), and
        # only after the savepoint is gone can the session read the order that won.
        existing = placed_order(transaction.transaction_id)
        if existing is None:
            raise
        raise DuplicateTransactionError(existing) from None
    return order


def commit_order(transaction: Transaction) -> Order:
    """Place an order: save it, then queue its receipt and its confirmation.

    A known transaction id is looked for first, so that a client retrying an order that
    took the last items hears about its order, not about the empty stock. Raises
    DuplicateTransactionError or OutOfStockError, and then nothing was saved.
    """
    existing = placed_order(transaction.transaction_id)
    if existing is not None:
        raise DuplicateTransactionError(existing)
    for sale in transaction.sales:
        check_stock_levels(sale.product, sale.quantity)
    order = save_to_db(transaction)
    # Committed before anything leaves the process: the jobs must find a stored order, and
    # a worker in another process can only read what was committed.
    db.session.commit()
    # Mail is slow and outside our control: it never runs while the client waits.
    enqueue(send_order_receipt, order.id)
    enqueue(send_order_confirmation, order.id)
    return order


def place_order(transaction: Transaction) -> Order:
    """commit_order, run again when it collides with a concurrent order (a deadlock).

    Raises ConflictError when every attempt collided, besides commit_order's errors.
    """
    return retry_on_conflict(commit_order, transaction)
