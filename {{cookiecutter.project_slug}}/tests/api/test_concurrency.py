"""Orders under real concurrency: many clients at once, against the app served on PostgreSQL.

The test client serves one request at a time, and the ``db`` fixture keeps a test in one
uncommitted transaction, so neither can race. Here a server with a thread per request runs
the app on a database of its own, where commits are real, and a bounded pool of threads
sends requests at the same moment, over 127.0.0.1 only. The row locks, deadlocks and
constraint checks these tests are about are PostgreSQL's: on SQLite, which lets one writer
in at a time, they are skipped.

Each test asserts what must hold however the threads interleave (statuses from a known set,
stock plus sold equal to the stock at the start), never an order of events or a duration,
so a busy machine can make them slower but not flaky.
"""

from __future__ import annotations

import itertools
{%- if cookiecutter.background_tasks == "none" %}
import socket
{%- endif %}
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest
import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }} import create_app{% if cookiecutter.background_tasks == "none" %}, tasks{% endif %}
from {{ cookiecutter.package_name }}.extensions import db as _db
from {{ cookiecutter.package_name }}.models import OrderLine, Product
from {{ cookiecutter.package_name }}.security import issue_token
{%- if cookiecutter.background_tasks == "none" %}
from {{ cookiecutter.package_name }}.services.email import EXTENSION_KEY, SmtpEmailService
{%- else %}
from {{ cookiecutter.package_name }}.services.email import EXTENSION_KEY
{%- endif %}

from tests.database import database_of_its_own
from tests.factories import ProductFactory, UserFactory
from tests.fakes import FakeEmailService

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from flask import Flask

pytestmark = pytest.mark.concurrency

# Threads sending at once: enough to make requests overlap, few enough for a 2-core machine.
CLIENTS = 8
# Seconds a request may take before the test gives up on it: far above a normal answer.
TIMEOUT = 10


@pytest.fixture
def shop_database_url(database_url: str) -> Iterator[str]:
    """A new PostgreSQL database for the served app, where commits are real; dropped after.

    On SQLite the tests never get here: tests/api/conftest.py skips them first.
    """
    with database_of_its_own(database_url, "concurrency") as url:
        yield url


@pytest.fixture
def shop_app(shop_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """A second app on that database, its tables created and its mail faked.

    After the test its connections are closed; the database goes with its tables. No
    drop_all: a request thread may still be ending its session, and would block it.
    """
    monkeypatch.setenv("TEST_DATABASE_URL", shop_database_url)
    app = create_app("testing")
    app.extensions[EXTENSION_KEY] = FakeEmailService()
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.engine.dispose()


@pytest.fixture
def shop_url(shop_app: Flask, mocked_responses: Any) -> Iterator[str]:
    """The app served by a thread per request on 127.0.0.1; yields its URL, then stops it.

    ``mocked_responses`` answers every ``requests`` call; this server is let through.
    """
    server = make_server("127.0.0.1", 0, shop_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    mocked_responses.add_passthru(url)
    yield url
    server.shutdown()
    thread.join()
    server.server_close()


class Shop:
    """Products and customers in the served app's database, and a way to read it back."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def add_product(self, sku: str, stock: int) -> None:
        with self.app.app_context():
            ProductFactory(sku=sku, stock=stock)

    def customer_headers(self) -> dict[str, str]:
        """Authorization headers of a new customer."""
        with self.app.app_context():
            return {"Authorization": f"Bearer {issue_token(UserFactory())}"}

    def stock(self, sku: str) -> int:
        with self.app.app_context():
            stock: int = _db.session.scalar(select(Product.stock).where(Product.sku == sku))
            return stock

    def sold(self, sku: str) -> int:
        """How many of the product all stored orders hold."""
        with self.app.app_context():
            sold = _db.session.scalar(
                select(func.coalesce(func.sum(OrderLine.quantity), 0))
                .join(Product)
                .where(Product.sku == sku)
            )
            return int(sold)


@pytest.fixture
def shop(shop_app: Flask) -> Shop:
    """The served app's data, for the test to fill and to read back."""
    return Shop(shop_app)


def order(transaction_id: str, *lines: tuple[str, int]) -> dict[str, Any]:
    return {
        "transaction_id": transaction_id,
        "lines": [{"sku": sku, "quantity": quantity} for sku, quantity in lines],
    }


def all_at_once(requests_to_send: list[Callable[[], requests.Response]]) -> list[int]:
    """Send the requests from CLIENTS threads at once; their statuses, in the order given."""
    with ThreadPoolExecutor(CLIENTS) as pool:
        responses = pool.map(lambda send: send(), requests_to_send)
        return [response.status_code for response in responses]


def test_the_last_items_are_sold_once(shop, shop_url):
    shop.add_product("LAST5", stock=5)

    statuses = all_at_once(
        [
            lambda n=n: requests.post(
                f"{shop_url}/api/orders",
                json=order(f"T-{n}", ("LAST5", 1)),
                headers=shop.customer_headers(),
                timeout=TIMEOUT,
            )
            for n in range(30)
        ]
    )

    assert Counter(statuses) == {201: 5, 409: 25}
    assert (shop.stock("LAST5"), shop.sold("LAST5")) == (0, 5)


def test_one_transaction_id_makes_one_order(shop, shop_url):
    """The same request sent many times at once, as an impatient client might: one order,
    and every copy answered with it.
    """
    shop.add_product("WIDGET", stock=100)
    headers = shop.customer_headers()

    def send() -> requests.Response:
        body = order("T-ONCE", ("WIDGET", 3))
        return requests.post(f"{shop_url}/api/orders", json=body, headers=headers, timeout=TIMEOUT)

    statuses = all_at_once([send] * 20)

    assert Counter(statuses) == {201: 1, 200: 19}
    assert (shop.stock("WIDGET"), shop.sold("WIDGET")) == (97, 3)


def test_a_retry_of_the_order_that_took_the_last_item_gets_that_order(shop, shop_url):
    shop.add_product("LAST1", stock=1)
    headers = shop.customer_headers()

    def send() -> requests.Response:
        body = order("T-LAST", ("LAST1", 1))
        return requests.post(f"{shop_url}/api/orders", json=body, headers=headers, timeout=TIMEOUT)

    statuses = all_at_once([send, send])

    # Never "409 Not enough of LAST1 in stock" for the copy: its order exists.
    assert sorted(statuses) == [200, 201]
    assert (shop.stock("LAST1"), shop.sold("LAST1")) == (0, 1)


def test_opposite_line_orders_take_stock_without_an_error(shop, shop_url):
    """[A, B] and [B, A] at once used to lock A and B in opposite orders: PostgreSQL killed
    one of each deadlocked pair, and its client got a 500.
    """
    shop.add_product("A", stock=1000)
    shop.add_product("B", stock=1000)
    line_orders = itertools.cycle([(("A", 1), ("B", 1)), (("B", 1), ("A", 1))])

    statuses = all_at_once(
        [
            lambda n=n, lines=lines: requests.post(
                f"{shop_url}/api/orders",
                json=order(f"T-{n}", *lines),
                headers=shop.customer_headers(),
                timeout=TIMEOUT,
            )
            for n, lines in zip(range(60), line_orders, strict=False)
        ]
    )

    # A 503 asks the client to come back; it is allowed, an error is not.
    assert set(statuses) <= {201, 503}, Counter(statuses)
    for sku in ("A", "B"):
        assert shop.stock(sku) + shop.sold(sku) == 1000
        assert shop.sold(sku) == statuses.count(201)
{%- if cookiecutter.background_tasks == "none" %}


@pytest.fixture
def silent_smtp_server() -> Iterator[socket.socket]:
    """A mail server that never answers, as a hung relay; closed after.

    It listens and accepts nobody: the system completes each connection all the same, and
    the client waits for a greeting that never comes. Closing the socket resets them.
    """
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server


def test_a_mail_server_that_never_answers_does_not_hold_the_request(
    shop, shop_app, shop_url, silent_smtp_server, monkeypatch
):
    """The receipt goes to a job thread: the order is answered while its mail still waits."""
    # Longer than the client waits: a receipt sent inside the request would time the test out.
    host, port = silent_smtp_server.getsockname()[:2]
    mail = SmtpEmailService(host, port, "shop@example.com", timeout=3 * TIMEOUT)
    monkeypatch.setitem(shop_app.extensions, EXTENSION_KEY, mail)
    monkeypatch.setitem(shop_app.config, "JOB_THREADS", 1)
    tasks.init_app(shop_app)
    job_threads = shop_app.extensions[tasks.EXTENSION_KEY]
    shop.add_product("WIDGET", stock=10)
    try:
        response = requests.post(
            f"{shop_url}/api/orders",
            json=order("T-1", ("WIDGET", 1)),
            headers=shop.customer_headers(),
            timeout=TIMEOUT,
        )

        assert response.status_code == 201
        assert requests.get(f"{shop_url}/api/health", timeout=TIMEOUT).status_code == 200
        # The receipt still waits for the server, and the confirmation waits behind it.
        assert job_threads.active == 2
    finally:
        # The receipt ends once the server hangs up; the jobs end before the database goes.
        silent_smtp_server.close()
        job_threads.join()
{%- endif %}
