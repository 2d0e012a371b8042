"""Orders: a signed-in customer places one; the customer and admins may read it."""

from __future__ import annotations

from typing import Annotated, Any

from flask import Blueprint, url_for
from pydantic import Field, StringConstraints, field_validator
from sqlalchemy import select

from {{ cookiecutter.package_name }}.api.auth import current_user, token_required
from {{ cookiecutter.package_name }}.api.errors import ApiError
from {{ cookiecutter.package_name }}.api.schemas import Strict, parse_body
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import SKU_MAX_LENGTH, Order, Product
from {{ cookiecutter.package_name }}.services.conflicts import ConflictError
from {{ cookiecutter.package_name }}.services.orders import (
    DuplicateTransactionError,
    OutOfStockError,
    Sale,
    Transaction,
    place_order,
)

blueprint = Blueprint("orders", __name__, url_prefix="/orders")

# Letters, digits, "-" and "_": ids that are safe in URLs, logs and email subjects.
TransactionId = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
]
Sku = Annotated[str, StringConstraints(min_length=1, max_length=SKU_MAX_LENGTH)]
Quantity = Annotated[int, Field(gt=0, le=1000)]
# A document, its status and its headers.
ApiResponse = tuple[dict[str, Any], int, dict[str, str]]


class OrderLineRequest(Strict):
    sku: Sku
    quantity: Quantity


class OrderRequest(Strict):
    transaction_id: TransactionId
    lines: Annotated[list[OrderLineRequest], Field(min_length=1, max_length=50)]

    @field_validator("lines")
    @classmethod
    def each_sku_once(cls, lines: list[OrderLineRequest]) -> list[OrderLineRequest]:
        """One line per product, so the stock check sees the whole quantity at once."""
        skus = [line.sku for line in lines]
        if len(set(skus)) != len(skus):
            raise ValueError("each sku may appear on one line only")
        return lines


def order_document(order: Order) -> dict[str, Any]:
    """An order as the API shows it; amounts in cents."""
    return {
        "id": order.id,
        "transaction_id": order.transaction_id,
        "customer_id": order.customer_id,
        "status": order.status.value,
        "created_at": order.created_at.isoformat(),
        "lines": [
            {
                "sku": line.product.sku,
                "name": line.product.name,
                "quantity": line.quantity,
                "unit_price_cents": line.unit_price_cents,
                "total_cents": line.total_cents,
            }
            for line in order.lines
        ],
        "total_cents": order.total_cents,
    }


def sales_for(lines: list[OrderLineRequest]) -> tuple[Sale, ...]:
    """The requested lines with their products; a 422 naming each unknown sku."""
    skus = [line.sku for line in lines]
    products = {p.sku: p for p in db.session.scalars(select(Product).where(Product.sku.in_(skus)))}
    unknown = {
        f"lines.{index}.sku": ["There is no product with this sku."]
        for index, line in enumerate(lines)
        if line.sku not in products
    }
    if unknown:
        raise ApiError(422, "The request body is not valid.", unknown)
    return tuple(Sale(products[line.sku], line.quantity) for line in lines)


def repeated_order(transaction: Transaction, existing: Order) -> ApiResponse:
    """The answer to a transaction id that was used before.

    The same customer sending the same lines again is a retry (say, after a timeout): it
    gets the order it placed, with 200, since nothing new was created. Other lines under
    the same id are a mistake of the client's, and someone else's order is not revealed.
    """
    if transaction.is_repeated_by(existing):
        return order_document(existing), 200, {"Location": order_location(existing)}
    if existing.customer_id == transaction.customer.id:
        raise ApiError(
            409,
            f"Transaction {existing.transaction_id} was placed already, with other lines.",
            {"transaction_id": ["Your order with this transaction id has other lines."]},
            headers={"Location": order_location(existing)},
        )
    raise ApiError(
        409,
        f"Transaction {existing.transaction_id} was placed already.",
        {"transaction_id": ["An order with this transaction id exists."]},
    )


def order_location(order: Order) -> str:
    """Where the API shows the order."""
    return url_for(".get_order", order_id=order.id)


def create_order() -> ApiResponse:
    fields = parse_body(OrderRequest)
    transaction = Transaction(fields.transaction_id, current_user(), sales_for(fields.lines))
    try:
        order = place_order(transaction)
    except DuplicateTransactionError as error:
        return repeated_order(transaction, error.existing)
    except OutOfStockError as error:
        raise ApiError(409, f"Not enough of {error.sku} in stock.") from None
    except ConflictError:
        # Rare even under load, and gone a moment later: a 503 tells the client to retry.
        raise ApiError(
            503,
            "Too many orders for the same products at once; try again.",
            headers={"Retry-After": "1"},
        ) from None
    return order_document(order), 201, {"Location": order_location(order)}


def get_order(order_id: int) -> dict[str, Any]:
    order = db.session.get(Order, order_id)
    user = current_user()
    # Someone else's order answers like a missing one: ids must not reveal who bought what.
    if order is None or not (user.is_admin or order.customer_id == user.id):
        raise ApiError(404, f"There is no order with id {order_id}.")
    return order_document(order)


# The routes, registered here rather than by decorators on the views: mutation testing
# (TESTING.md) makes mutants of undecorated functions only, so this way the views count.
blueprint.add_url_rule("", view_func=token_required(create_order), methods=["POST"])
blueprint.add_url_rule("/<id:order_id>", view_func=token_required(get_order), methods=["GET"])
