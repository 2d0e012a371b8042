"""The orders resource: every answer POST /api/orders can give, and who may read an order."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from {{ cookiecutter.package_name }}.models import Order, Product, Role
from {{ cookiecutter.package_name }}.services import conflicts, orders

from tests.factories import OrderFactory, ProductFactory


def order_body(transaction_id="T-1", **line):
    """A request body with one line: two WIDGETs unless ``line`` says otherwise."""
    return {"transaction_id": transaction_id, "lines": [{"sku": "WIDGET", "quantity": 2, **line}]}


TWO_LINES = {
    "transaction_id": "T-1",
    "lines": [{"sku": "WIDGET", "quantity": 1}, {"sku": "GADGET", "quantity": 1}],
}
SAME_SKU_TWICE = {
    "transaction_id": "T-1",
    "lines": [{"sku": "WIDGET", "quantity": 1}, {"sku": "WIDGET", "quantity": 1}],
}

CASES = [
    # test id, request body, status, the field that must carry an error (or None)
    ("placed", order_body(), 201, None),
    ("two-lines", TWO_LINES, 201, None),
    ("out-of-stock", order_body(quantity=6), 409, None),
    ("duplicate-transaction", order_body("T-TAKEN"), 409, "transaction_id"),
    ("unknown-sku", order_body(sku="NO-SUCH-THING"), 422, "lines.0.sku"),
    ("zero-quantity", order_body(quantity=0), 422, "lines.0.quantity"),
    ("negative-quantity", order_body(quantity=-1), 422, "lines.0.quantity"),
    ("quantity-as-a-string", order_body(quantity="2"), 422, "lines.0.quantity"),
    ("huge-quantity", order_body(quantity=10**6), 422, "lines.0.quantity"),
    ("empty-sku", order_body(sku=""), 422, "lines.0.sku"),
    ("nul-in-sku", order_body(sku="WIDGET\x00"), 422, "lines.0.sku"),
    ("no-lines", {"transaction_id": "T-1", "lines": []}, 422, "lines"),
    ("missing-lines", {"transaction_id": "T-1"}, 422, "lines"),
    ("same-sku-twice", SAME_SKU_TWICE, 422, "lines"),
    ("missing-transaction-id", {"lines": order_body()["lines"]}, 422, "transaction_id"),
    ("blank-transaction-id", order_body(""), 422, "transaction_id"),
    ("transaction-id-with-spaces", order_body("T 1"), 422, "transaction_id"),
    ("unexpected-field", {**order_body(), "coupon": "FREE"}, 422, "coupon"),
    ("unexpected-line-field", order_body(price_cents=1), 422, "lines.0.price_cents"),
]


@pytest.fixture
def shop(db):
    """Two products in stock, and an order that already used transaction id T-TAKEN."""
    ProductFactory(sku="WIDGET", name="Widget", price_cents=1250, stock=5)
    ProductFactory(sku="GADGET", name="Gadget", price_cents=999, stock=1)
    OrderFactory(transaction_id="T-TAKEN")


def count_orders(db):
    return db.session.scalar(select(func.count()).select_from(Order))


@pytest.mark.parametrize(
    ("body", "status", "field"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_place_order_answers(client, db, shop, user_headers, body, status, field):
    orders_before = count_orders(db)

    response = client.post("/api/orders", json=body, headers=user_headers)

    assert response.status_code == status, response.get_json()
    assert count_orders(db) == orders_before + (status == 201)
    if field is not None:
        assert field in response.get_json()["error"]["fields"]


def test_a_placed_order_is_described_and_located(client, shop, regular_user, user_headers):
    response = client.post("/api/orders", json=order_body(quantity=2), headers=user_headers)

    order = response.get_json()
    assert response.headers["Location"] == f"/api/orders/{order['id']}"
    assert order == {
        "id": order["id"],
        "transaction_id": "T-1",
        "customer_id": regular_user.id,
{%- if cookiecutter.background_tasks == "celery" %}
        # The confirmation job ran eagerly, but in an app context and session of its own,
        # as on a worker: the request's session still holds the order as it placed it.
        "status": "placed",
{%- else %}
        # The confirmation job ran inline, in the request's session, before the answer.
        "status": "confirmed",
{%- endif %}
        "created_at": order["created_at"],
        "lines": [
            {
                "sku": "WIDGET",
                "name": "Widget",
                "quantity": 2,
                "unit_price_cents": 1250,
                "total_cents": 2500,
            }
        ],
        "total_cents": 2500,
    }


def test_placing_an_order_takes_it_from_stock_and_sends_a_receipt(
    client, db, shop, regular_user, user_headers, fake_email
):
    client.post("/api/orders", json=order_body(quantity=2), headers=user_headers)

    assert db.session.scalar(select(Product.stock).where(Product.sku == "WIDGET")) == 3
    [receipt] = fake_email.sent
    assert (receipt.to, receipt.subject) == (regular_user.email, "Your order number T-1")


def test_out_of_stock_names_the_product(client, shop, user_headers):
    response = client.post("/api/orders", json=order_body(quantity=6), headers=user_headers)

    assert response.get_json()["error"]["detail"] == "Not enough of WIDGET in stock."


def test_each_unknown_sku_is_named(client, shop, user_headers):
    body = {
        "transaction_id": "T-1",
        "lines": [
            {"sku": "NOPE-1", "quantity": 1},
            {"sku": "WIDGET", "quantity": 1},
            {"sku": "NOPE-2", "quantity": 1},
        ],
    }

    response = client.post("/api/orders", json=body, headers=user_headers)

    assert response.status_code == 422
    assert response.get_json()["error"]["detail"] == "The request body is not valid."
    assert response.get_json()["error"]["fields"] == {
        "lines.0.sku": ["There is no product with this sku."],
        "lines.2.sku": ["There is no product with this sku."],
    }


READERS = [
    # who asks,   expected status
    ("anonymous", 401),
    ("customer", 200),
    ("someone-else", 404),
    ("admin", 200),
]


@pytest.mark.parametrize(("reader", "expected"), READERS, ids=[r[0] for r in READERS])
def test_who_may_read_an_order(client, make_user, auth_headers_for, reader, expected):
    order = OrderFactory()
    users = {
        "customer": order.customer,
        "someone-else": make_user(),
        "admin": make_user(role=Role.ADMIN),
    }
    headers = auth_headers_for(users[reader]) if reader in users else {}

    response = client.get(f"/api/orders/{order.id}", headers=headers)

    assert response.status_code == expected
    if expected == 200:
        assert response.get_json()["transaction_id"] == order.transaction_id


def test_reading_a_missing_order(client, admin_headers):
    response = client.get("/api/orders/999999", headers=admin_headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["detail"] == "There is no order with id 999999."


def test_placing_an_order_needs_a_token(client, shop):
    assert client.post("/api/orders", json=order_body()).status_code == 401


def test_a_customer_with_orders_cannot_be_deleted(client, db, admin_headers):
    order = OrderFactory()
    customer_id = order.customer.id

    response = client.delete(f"/api/users/{customer_id}", headers=admin_headers)

    assert response.status_code == 409
    assert response.get_json()["error"]["detail"] == (
        "This user has orders, which are kept as records; the user cannot be deleted."
    )
    db.session.expire_all()
    assert db.session.get(Order, order.id).customer_id == customer_id


def test_a_retry_gets_the_order_it_placed(client, db, shop, user_headers):
    """A client whose request timed out sends it again: same id, same lines. The first one
    took the last GADGET, yet the retry hears about its order, not about the stock.
    """
    body = order_body("T-RETRY", sku="GADGET", quantity=1)
    placed = client.post("/api/orders", json=body, headers=user_headers)

    retried = client.post("/api/orders", json=body, headers=user_headers)

    assert (placed.status_code, retried.status_code) == (201, 200)
    assert retried.get_json() == placed.get_json()
    assert retried.headers["Location"] == placed.headers["Location"]
    assert count_orders(db) == 2  # T-TAKEN and this one


def test_other_lines_under_a_used_transaction_id_name_the_order(client, shop, user_headers):
    placed = client.post("/api/orders", json=order_body("T-1", quantity=1), headers=user_headers)

    response = client.post("/api/orders", json=order_body("T-1", quantity=2), headers=user_headers)

    assert response.status_code == 409
    assert response.headers["Location"] == placed.headers["Location"]
    assert response.get_json()["error"] == {
        "status": 409,
        "title": "Conflict",
        "detail": "Transaction T-1 was placed already, with other lines.",
        "fields": {"transaction_id": ["Your order with this transaction id has other lines."]},
    }


def test_someone_elses_transaction_id_reveals_nothing(client, shop, user_headers):
    response = client.post("/api/orders", json=order_body("T-TAKEN"), headers=user_headers)

    assert response.status_code == 409
    assert "Location" not in response.headers
    assert response.get_json()["error"] == {
        "status": 409,
        "title": "Conflict",
        "detail": "Transaction T-TAKEN was placed already.",
        "fields": {"transaction_id": ["An order with this transaction id exists."]},
    }


def test_a_deadlock_on_every_attempt_is_a_503(client, db, shop, user_headers, monkeypatch):
    """The retries of services/conflicts.py ran out: the client is told to try again soon."""
    deadlock = DBAPIError("UPDATE products ...", {}, Exception("deadlock detected"))
    deadlock.orig.sqlstate = "40P01"

    def collide(transaction):
        raise deadlock

    monkeypatch.setattr(orders, "commit_order", collide)
    monkeypatch.setattr(conflicts.time, "sleep", lambda _: None)

    response = client.post("/api/orders", json=order_body(), headers=user_headers)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.get_json()["error"] == {
        "status": 503,
        "title": "Service Unavailable",
        "detail": "Too many orders for the same products at once; try again.",
    }
    assert count_orders(db) == 1  # T-TAKEN only
