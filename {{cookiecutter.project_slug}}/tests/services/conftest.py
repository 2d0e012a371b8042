"""Service fixtures: real servers for the service classes to talk to, and the order domain.

The order fixtures follow "Five advanced pytest fixture patterns": factory fixtures
(``make_customer``, ``make_product``, ``make_sale``), a factory composed of them
(``make_transaction``), two-way binding through a closure (``mock_send_email``), error
switches (``mock_fulfillment``) and a factory whose files a finalizer releases
(``make_receipt_file``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes, policy
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

import pytest
from aiosmtpd.controller import Controller

from {{ cookiecutter.package_name }}.models import Order
from {{ cookiecutter.package_name }}.services.orders import (
    DuplicateTransactionError,
    OutOfStockError,
    Sale,
    Transaction,
    save_to_db,
)
from {{ cookiecutter.package_name }}.services.receipts import receipt_text

from tests.factories import ProductFactory, UserFactory

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from email.message import EmailMessage
    from pathlib import Path
    from typing import TextIO

    from flask_sqlalchemy import SQLAlchemy

    from {{ cookiecutter.package_name }}.models import Product, User


@dataclass
class RecordingHandler:
    """An aiosmtpd handler that keeps every message it is given."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"


class LoopbackController(Controller):
    """aiosmtpd's threaded server on 127.0.0.1, at a port the OS picks.

    Controller checks the server by connecting to ``self.port``, which would still be 0
    (aio-libs/aiosmtpd#388): learn the bound port first.
    """

    def __init__(self, handler: RecordingHandler) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=0)

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass(frozen=True)
class SmtpServer:
    """Where the stand-in listens, and what it has received so far."""

    host: str
    port: int
    messages: list[EmailMessage]


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1 that records messages; stopped after the test."""
    handler = RecordingHandler()
    controller = LoopbackController(handler)
    controller.start()
    try:
        yield SmtpServer(controller.hostname, controller.port, handler.messages)
    finally:
        # finally, not only code after yield: the server stops even if the generator is
        # closed instead of resumed, and its port and thread are released.
        controller.stop()


# --- the order domain ------------------------------------------------------------------------


class MakeCustomer(Protocol):
    def __call__(self, name: str = ..., **fields: Any) -> User: ...


class MakeProduct(Protocol):
    def __call__(self, **fields: Any) -> Product: ...


class MakeSale(Protocol):
    def __call__(self, quantity: int = ..., product: Product | None = ...) -> Sale: ...


class MakeTransaction(Protocol):
    def __call__(
        self,
        transaction_id: str,
        customer: User | None = ...,
        sales: Sequence[Sale] | None = ...,
    ) -> Transaction: ...


class MakeReceiptFile(Protocol):
    def __call__(self, order: Order) -> TextIO: ...


class FulfillmentState(TypedDict):
    """The switches of ``mock_fulfillment``."""

    out_of_stock: bool
    known_transactions: set[str]


@pytest.fixture
def make_customer(db: SQLAlchemy) -> MakeCustomer:
    """A factory: ``make_customer(name="Elaine Benes")`` saves a customer, who is a User."""

    def make(name: str = "Cosmo Kramer", **fields: Any) -> User:
        customer: User = UserFactory(name=name, **fields)
        return customer

    return make


@pytest.fixture
def make_product(db: SQLAlchemy) -> MakeProduct:
    """A factory: ``make_product(stock=0, price_cents=1250)`` saves a product."""

    def make(**fields: Any) -> Product:
        product: Product = ProductFactory(**fields)
        return product

    return make


@pytest.fixture
def make_sale(make_product: MakeProduct) -> MakeSale:
    """A factory: ``make_sale(quantity=2)`` is a sale of ``product``, or of a new product."""

    def make(quantity: int = 1, product: Product | None = None) -> Sale:
        if product is None:
            product = make_product()
        return Sale(product, quantity)

    return make


@pytest.fixture
def make_transaction(make_customer: MakeCustomer, make_sale: MakeSale) -> MakeTransaction:
    """A factory built from the factories above: what the test leaves out, they make."""

    def make(
        transaction_id: str,
        customer: User | None = None,
        sales: Sequence[Sale] | None = None,
    ) -> Transaction:
        if customer is None:
            customer = make_customer()
        if sales is None:
            sales = [make_sale()]
        return Transaction(transaction_id, customer, tuple(sales))

    return make


@pytest.fixture
def mock_send_email(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Replaces the jobs' ``send_email``; gives the list of (to, subject, body) they sent.

    The replacement appends to the very list the test receives (a closure), so the test
    reads what was sent, or changes the list, while the code under test runs.
    """
    sent_emails: list[tuple[str, str, str]] = []

    def _send_email(to: str, subject: str, body: str) -> bool:
        sent_emails.append((to, subject, body))
        return True

    monkeypatch.setattr("{{ cookiecutter.package_name }}.tasks.send_email", _send_email)
    return sent_emails


@pytest.fixture
def mock_fulfillment(monkeypatch: pytest.MonkeyPatch) -> FulfillmentState:
    """Switches that make the order service's stock check or save fail; undone after.

    ``mock_fulfillment["out_of_stock"] = True`` makes every stock check raise
    OutOfStockError (while it is False every check passes, whatever the stock). A
    transaction id added to ``mock_fulfillment["known_transactions"]`` makes saving it
    raise DuplicateTransactionError; any other transaction is saved for real.
    """
    state: FulfillmentState = {"out_of_stock": False, "known_transactions": set()}

    def _check_stock_levels(product: Product, quantity: int) -> int:
        if state["out_of_stock"]:
            raise OutOfStockError(product.sku)
        return product.stock

    def _save_to_db(transaction: Transaction) -> Order:
        if transaction.transaction_id in state["known_transactions"]:
            # The order that was there first, as the database would have found it.
            raise DuplicateTransactionError(
                Order(transaction_id=transaction.transaction_id, customer=transaction.customer)
            )
        return save_to_db(transaction)

    orders = "{{ cookiecutter.package_name }}.services.orders"
    monkeypatch.setattr(f"{orders}.check_stock_levels", _check_stock_levels)
    monkeypatch.setattr(f"{orders}.save_to_db", _save_to_db)
    return state


@pytest.fixture
def receipts_dir(tmp_path: Path) -> Path:
    """An empty folder for receipt files, inside the test's ``tmp_path``."""
    path = tmp_path / "receipts"
    path.mkdir()
    return path


@pytest.fixture
def make_receipt_file(request: pytest.FixtureRequest, receipts_dir: Path) -> MakeReceiptFile:
    """A factory: ``make_receipt_file(order)`` writes the order's receipt and opens it.

    A factory cannot ``yield`` once per object it makes, so each call registers its own
    cleanup with ``request.addfinalizer``: after the test, the file is closed and deleted.
    """

    def make(order: Order) -> TextIO:
        path = receipts_dir / f"{order.transaction_id}.txt"
        path.write_text(receipt_text(order), encoding="utf-8")
        receipt = path.open(encoding="utf-8")

        def release() -> None:
            receipt.close()
            path.unlink()

        request.addfinalizer(release)
        return receipt

    return make
