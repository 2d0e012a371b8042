"""The receipt of an order: its subject and text, as the customer's email shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from {{ cookiecutter.package_name }}.models import Order


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
