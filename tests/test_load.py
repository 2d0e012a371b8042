"""A bounded load on a PostgreSQL project served by gunicorn, while its mail server hangs.

The project runs as in production: its migrations on a PostgreSQL database of the test's own,
FLASK_CONFIG=production, gunicorn with WORKERS sync workers on 127.0.0.1 and, for a Celery
project, a worker taking its jobs from a Redis database of the test's own. MAIL_HOST names a
server on 127.0.0.1 that takes every connection and never finishes its greeting: whatever
MAIL_TIMEOUT says, a mail sent there waits until the server hangs up, so a request that sent
mail while its client waited would never be answered.

Customers are created through the API, each queueing a welcome email; once the mail server
holds one, CLIENTS threads send ORDERS orders for the lines [A, B] and [B, A] in turn, while
one more thread checks the health, one check after another. What must hold however the
requests interleave: every request is answered within TIMEOUT, an order with 201, 409 (A runs
out) or the README's 503 with Retry-After, a health check with 200; in the database, each
product's stock plus the quantities ordered equals its stock at the start, and there are as
many orders as 201s. No duration is asserted: TIMEOUT only tells a slow answer from none.

Two projects: the `postgresql` combination, whose jobs run on a Celery worker, and one this
module renders, whose jobs run on threads of gunicorn's workers (JobThreads).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import psycopg
import pytest
from conftest import COMBINATIONS_BY_ID, REDIS_SERVER, Combination, bake, build_venv, tail

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from conftest import Memo, ProjectEnv, RenderedProject

# No combination has PostgreSQL, the examples, jobs on threads of the web process
# (background_tasks=none) and gunicorn (docker=true, its `server` extra) together; the
# `postgresql` combination runs its jobs on Celery. This module renders the other one.
JOB_THREADS = Combination(
    "load-postgresql-job-threads",
    {"database": "postgresql", "docker": "true"},
)
LOAD_COMBINATIONS = {"postgresql": COMBINATIONS_BY_ID["postgresql"], JOB_THREADS.id: JOB_THREADS}

WORKERS = 4
CLIENTS = 8
ORDERS = 150
# Seconds between a health check's answer and the next check.
HEALTH_INTERVAL = 0.2
CUSTOMERS = 4
# Fewer A than orders: the last orders find it sold out, and none may oversell it.
INITIAL_STOCK = {"A": 100, "B": 1000}
# What the README promises an order under load: placed, out of stock, or "come back".
ORDER_ANSWERS = {"201", "409", "503 Retry-After: 1"}
# Seconds: a request's answer usually takes a fraction of one. Below gunicorn's worker
# timeout (30 s), so that a request held in a worker is seen as unanswered, not as reset.
TIMEOUT = 20.0
# Seconds for gunicorn's workers, or a Celery worker, to start on a busy 2-core machine.
STARTUP_TIMEOUT = 120.0
# Seconds a stopped server may take to finish its requests before it is killed.
STOP_TIMEOUT = 30.0
# Seconds between two lines of the mail server's greeting: far below MAIL_TIMEOUT (5).
GREETING_INTERVAL = 1.0
ADMIN_EMAIL = "admin@example.com"
PASSWORD = "load-test-password"
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+) ")
# Marks the Redis database this test uses, so that a concurrent run picks another one.
REDIS_CLAIM = "cookiecutter-flask-tested:test_load"


class HangingMailServer:
    """An SMTP server on 127.0.0.1 that takes every connection and never finishes its greeting.

    Every GREETING_INTERVAL it sends each client another continuation line ("220-"): the
    client gets a line before its timeout fires and waits for the last one, which never
    comes. A silent server would let the client give up after MAIL_TIMEOUT.
    """

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        # accept() gives up every 50 ms to greet and to look at `closing`.
        self.listener.settimeout(0.05)
        self.address: tuple[str, int] = self.listener.getsockname()[:2]
        self.clients: list[socket.socket] = []
        self.connections_taken = 0
        self.closing = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        """Take connections and keep greeting them, until hang_up."""
        next_greeting = time.monotonic()
        while not self.closing.is_set():
            with suppress(TimeoutError):
                client = self.listener.accept()[0]
                # A client that stops reading is dropped rather than let it block the others.
                client.setblocking(False)
                self.clients.append(client)
                self.connections_taken += 1
            if time.monotonic() >= next_greeting:
                self.greet()
                next_greeting = time.monotonic() + GREETING_INTERVAL

    def greet(self) -> None:
        """Send every client one more line of the greeting; drop the clients that left."""
        for client in list(self.clients):
            try:
                client.sendall(b"220-mail.example.com is busy, please wait\r\n")
            except OSError:
                self.clients.remove(client)
                client.close()

    def hang_up(self) -> None:
        """Close everything: the clients see the connection end, later ones are refused."""
        if self.closing.is_set():
            return
        self.closing.set()
        self.thread.join()
        self.listener.close()
        for client in self.clients:
            client.close()

    def took_a_client(self, within: float) -> bool:
        """Whether a client connects, or connected already, within that many seconds."""
        deadline = time.monotonic() + within
        while self.connections_taken == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.connections_taken > 0


@dataclass(frozen=True)
class Answer:
    """A response's status, Retry-After header and JSON document, or why none came."""

    status: int | None
    retry_after: str | None = None
    document: Any = None
    failure: str = ""

    def label(self) -> str:
        """How the load's tally counts it: "201", "503 Retry-After: 1", "no answer: ..."."""
        if self.status is None:
            return f"no answer: {self.failure}"
        if self.retry_after is not None:
            return f"{self.status} Retry-After: {self.retry_after}"
        return str(self.status)


@dataclass(frozen=True)
class Site:
    """The app as gunicorn serves it on 127.0.0.1, and the logs its servers write."""

    port: int
    logs: tuple[Path, ...]

    def request(
        self,
        method: str,
        path: str,
        document: object = None,
        token: str | None = None,
        timeout: float = TIMEOUT,
    ) -> Answer:
        """Send one request on a connection of its own; never raises for a missing answer."""
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        body = None if document is None else json.dumps(document)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            return Answer(None, failure=f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        return Answer(response.status, response.getheader("Retry-After"), parsed(content))

    def token(self, email: str) -> str:
        """A bearer token for a user whose password is PASSWORD."""
        answer = self.request("POST", "/api/tokens", {"email": email, "password": PASSWORD})
        assert answer.status == 200, f"{answer.label()} {answer.document}\n{self.excerpt()}"
        return str(answer.document["token"])

    def customer_token(self, admin_token: str, number: int) -> str:
        """A bearer token for a new customer, created by the admin: a welcome email is queued."""
        email = f"customer{number}@example.com"
        customer = {"name": f"Customer {number}", "email": email, "password": PASSWORD}
        answer = self.request("POST", "/api/users", customer, admin_token)
        assert answer.status == 201, f"{answer.label()} {answer.document}\n{self.excerpt()}"
        return self.token(email)

    def excerpt(self) -> str:
        """For a failure message: each log's first traceback, or its last lines."""
        parts = []
        for log in self.logs:
            text = log.read_text(encoding="utf-8", errors="replace")
            start = text.find("Traceback")
            shown = text[start:].splitlines()[:40] if start != -1 else tail(text, 20).splitlines()
            parts.append(f"--- {log.name} ---\n" + "\n".join(shown))
        return "\n".join(parts)


def parsed(content: bytes) -> Any:
    """A response body: its JSON document, or its text where it is not JSON."""
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", errors="replace")


def order(number: int) -> dict[str, Any]:
    """The number-th order: one A and one B, named in turn as [A, B] and [B, A]."""
    skus = ("A", "B") if number % 2 == 0 else ("B", "A")
    return {
        "transaction_id": f"T-{number}",
        "lines": [{"sku": sku, "quantity": 1} for sku in skus],
    }


@dataclass(frozen=True)
class LoadAnswers:
    """The answers to a load: to each order, in the order sent, and to each health check."""

    orders: list[Answer]
    health_checks: list[Answer]


def send_load(site: Site, tokens: list[str]) -> LoadAnswers:
    """ORDERS orders from CLIENTS threads at once, and health checks one after another meanwhile.

    Once a request went unanswered no more are sent, so that a server that stopped
    answering fails the test in one TIMEOUT rather than in one per request.
    """
    unanswered = threading.Event()
    orders_done = threading.Event()

    def send(path: str, document: object = None, token: str | None = None) -> Answer:
        if unanswered.is_set():
            return Answer(None, failure="not sent, an earlier request went unanswered")
        answer = site.request("POST" if document else "GET", path, document, token)
        if answer.status is None:
            unanswered.set()
        return answer

    def send_order(number: int) -> Answer:
        return send("/api/orders", order(number), tokens[number % len(tokens)])

    def check_health() -> list[Answer]:
        answers = [send("/api/health")]
        while not orders_done.wait(HEALTH_INTERVAL) and not unanswered.is_set():
            answers.append(send("/api/health"))
        return answers

    with ThreadPoolExecutor(CLIENTS + 1) as pool:
        health_checks = pool.submit(check_health)
        try:
            orders = list(pool.map(send_order, range(ORDERS)))
        finally:
            orders_done.set()
        return LoadAnswers(orders, health_checks.result())


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL as psycopg takes it: without the driver's name."""
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


def stock_plus_ordered(database_url: str) -> dict[str, int]:
    """Each product's stock plus the quantities of it in stored orders, by sku."""
    with psycopg.connect(libpq_url(database_url)) as connection:
        rows = connection.execute(
            "SELECT p.sku, p.stock + COALESCE(SUM(l.quantity), 0) FROM products p "
            "LEFT JOIN order_lines l ON l.product_id = p.id GROUP BY p.id"
        ).fetchall()
    return {sku: int(total) for sku, total in rows}


def stored_orders(database_url: str) -> int:
    """How many orders the database holds."""
    with psycopg.connect(libpq_url(database_url)) as connection:
        row = connection.execute("SELECT count(*) FROM orders").fetchone()
    assert row is not None
    return int(row[0])


def deadlocks(database_url: str) -> int:
    """How many deadlocks PostgreSQL broke in the database, by ending one of the transactions.

    Each connection reports its count about once a second, so the last second's may be
    missing; a deadlock-free load reads 0 whenever it is asked.
    """
    with psycopg.connect(libpq_url(database_url)) as connection:
        row = connection.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    assert row is not None
    return int(row[0])


def redis_command(server: str, database: int, *command: str) -> bytes:
    """Run one command in a database of the Redis server; gives its reply's first line."""
    url = urlsplit(server)
    address = (url.hostname or "127.0.0.1", url.port or 6379)
    with (
        socket.create_connection(address, timeout=5) as connection,
        connection.makefile("rwb") as stream,
    ):
        for words in (("SELECT", str(database)), command):
            stream.write(f"*{len(words)}\r\n".encode())
            for word in words:
                stream.write(f"${len(word.encode())}\r\n{word}\r\n".encode())
            stream.flush()
            reply = stream.readline()
            if reply.startswith(b"-"):
                raise OSError(f"Redis refused {' '.join(words)}: {reply.decode().strip()}")
        return reply


def claim_empty_database(server: str) -> int | None:
    """The first database from 1 to 15 of the Redis server that held nothing, now claimed.

    The claim is a key that expires after an hour, should a run die before it empties the
    database. None when every database holds something, or the server has fewer of them.
    """
    for database in range(1, 16):
        try:
            claimed = redis_command(server, database, "SET", REDIS_CLAIM, str(os.getpid()),
                                    "NX", "EX", "3600")  # fmt: skip
        except OSError:
            return None
        if claimed == b"+OK\r\n":
            if redis_command(server, database, "DBSIZE") == b":1\r\n":
                return database
            redis_command(server, database, "DEL", REDIS_CLAIM)
    return None


@contextmanager
def redis_database_of_its_own(server: str) -> Iterator[str]:
    """An empty database of the Redis server, claimed, and emptied after; gives its URL.

    Not database 0, where the generated suites' integration tests queue their jobs.
    """
    database = claim_empty_database(server)
    if database is None:
        pytest.fail(f"no Redis database from 1 to 15 is empty at {server}")
    try:
        yield f"redis://{urlsplit(server).netloc}/{database}"
    finally:
        redis_command(server, database, "FLUSHDB")


@contextmanager
def running(env: ProjectEnv, command: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A command running in the project, its output in log; stopped after, its children too.

    SIGTERM first, to let it finish its requests; then, after STOP_TIMEOUT at most, SIGKILL
    to the process group it leads, for whatever is left of it.
    """
    variables = env.variables()
    executable = shutil.which(command[0], path=variables["PATH"]) or command[0]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [executable, *command[1:]],
            cwd=env.project.path,
            env=variables,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def gunicorn_command(package: str) -> list[str]:
    """gunicorn as the project's Dockerfile starts it, with WORKERS workers on 127.0.0.1.

    Port 0 lets the system choose a free one. Without --no-control-socket, gunicorn 25 and
    later open a control socket in ~/.gunicorn, shared by every gunicorn of the user.
    """
    return [
        "gunicorn",
        "--bind",
        "127.0.0.1:0",
        "--workers",
        str(WORKERS),
        "--no-control-socket",
        f"{package}:create_app()",
    ]


def celery_command(package: str) -> list[str]:
    """The Celery worker as the project's README starts it, with two processes.

    Without mingle and gossip it talks to no other worker on the same Redis server.
    """
    return [
        "celery",
        "-A",
        f"{package}.worker",
        "worker",
        "--loglevel=INFO",
        "--concurrency",
        "2",
        "--without-mingle",
        "--without-gossip",
    ]


def listening_port(gunicorn: subprocess.Popen[bytes], log: Path) -> int:
    """The port gunicorn says it bound; fails with its log if it exits or never says."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if match := LISTENING.search(log.read_text(encoding="utf-8", errors="replace")):
            return int(match[1])
        if gunicorn.poll() is not None:
            break
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not start listening:\n{tail(log.read_text(encoding='utf-8'))}")


@pytest.fixture(params=list(LOAD_COMBINATIONS))
def load_project(
    request: pytest.FixtureRequest,
    bakery: Memo[str, RenderedProject],
    tmp_path_factory: pytest.TempPathFactory,
    cookiecutter_config: Path,
) -> RenderedProject:
    """A PostgreSQL project with the examples and gunicorn: jobs on Celery, or on threads."""
    combination = LOAD_COMBINATIONS[str(request.param)]
    if combination.id in COMBINATIONS_BY_ID:
        return bakery(combination.id)
    return bake(combination, tmp_path_factory.mktemp(f"bake-{combination.id}"), cookiecutter_config)


@pytest.fixture
def database_url(load_project: RenderedProject, postgresql_databases: Memo[str, str]) -> str:
    """A new PostgreSQL database for the served project; dropped at the end of the session."""
    return postgresql_databases(f"load_{load_project.combination.id}")


@pytest.fixture
def task_broker_url(load_project: RenderedProject, redis_url: str | None) -> Iterator[str | None]:
    """For a Celery project, a Redis database of its own, emptied after; else None."""
    if load_project.answers["background_tasks"] != "celery":
        yield None
        return
    if redis_url is None:
        pytest.skip(f"no Redis server answers at {REDIS_SERVER} (TEMPLATE_REDIS_URL)")
    with redis_database_of_its_own(redis_url) as url:
        yield url


@pytest.fixture
def mail_server() -> Iterator[HangingMailServer]:
    """A mail server that never finishes its greeting; hangs up on its clients after."""
    server = HangingMailServer()
    yield server
    server.hang_up()


@pytest.fixture
def production_env(
    database_url: str,
    task_broker_url: str | None,
    load_project: RenderedProject,
    mail_server: HangingMailServer,
    tmp_path: Path,
) -> ProjectEnv:
    """The project installed with its `server` extra (gunicorn), configured for production.

    Its own database, a random SECRET_KEY, the hanging mail server, and for Celery its own
    Redis database; its tables, an admin and the products of INITIAL_STOCK made by its CLI.
    """
    env = build_venv(load_project, "server", tmp_path / "venv")
    host, port = mail_server.address
    environment = {
        "FLASK_APP": f"{load_project.package}:create_app",
        "FLASK_CONFIG": "production",
        "SECRET_KEY": secrets.token_hex(),
        "DATABASE_URL": database_url,
        "MAIL_HOST": host,
        "MAIL_PORT": str(port),
    }
    if task_broker_url is not None:
        environment["REDIS_URL"] = task_broker_url
    env = replace(env, environment=environment)
    env.run("flask", "db", "upgrade")
    env.run("flask", "seed", "--email", ADMIN_EMAIL, "--password", PASSWORD)
    for sku, stock in INITIAL_STOCK.items():
        env.run(
            "flask", "add-product", sku, f"Product {sku}",
            "--price-cents", "250", "--stock", str(stock),
        )  # fmt: skip
    return env


@pytest.fixture
def site(
    production_env: ProjectEnv, mail_server: HangingMailServer, tmp_path: Path
) -> Iterator[Site]:
    """The app served by gunicorn, and a Celery project's worker; all stopped after.

    The mail server hangs up first, so that the jobs waiting for it end and let the
    servers stop.
    """
    package = production_env.project.package
    gunicorn_log = tmp_path / "gunicorn.log"
    logs = [gunicorn_log]
    with ExitStack() as stack:
        if production_env.project.answers["background_tasks"] == "celery":
            logs.append(tmp_path / "celery.log")
            stack.enter_context(running(production_env, celery_command(package), logs[-1]))
        gunicorn = stack.enter_context(
            running(production_env, gunicorn_command(package), gunicorn_log)
        )
        stack.callback(mail_server.hang_up)
        served = Site(listening_port(gunicorn, gunicorn_log), tuple(logs))
        # Workers that fail to boot make the arbiter exit, which resets this request.
        answer = served.request("GET", "/api/health", timeout=STARTUP_TIMEOUT)
        assert answer.status == 200, f"{answer.label()}\n{served.excerpt()}"
        yield served


@pytest.mark.slow
def test_orders_hold_under_load_while_the_mail_server_hangs(
    site: Site, production_env: ProjectEnv, mail_server: HangingMailServer
) -> None:
    admin_token = site.token(ADMIN_EMAIL)
    tokens = [site.customer_token(admin_token, number) for number in range(CUSTOMERS)]
    # The welcome emails' jobs: the load starts once the mail server holds one of them.
    assert mail_server.took_a_client(within=STARTUP_TIMEOUT), (
        f"no job reached the mail server\n{site.excerpt()}"
    )

    answers = send_load(site, tokens)

    orders = Counter(answer.label() for answer in answers.orders)
    health = Counter(answer.label() for answer in answers.health_checks)
    report = f"orders: {dict(orders)}; health checks: {dict(health)}\n{site.excerpt()}"
    assert set(orders) <= ORDER_ANSWERS, report
    assert set(health) == {"200"}, report
    database_url = production_env.environment["DATABASE_URL"]
    assert stock_plus_ordered(database_url) == INITIAL_STOCK, report
    assert stored_orders(database_url) == orders["201"], report
    # Orders take their products' rows in one order, so none wait for each other in a circle
    # (README): the retries would hide a deadlock from the clients, not from PostgreSQL.
    assert deadlocks(database_url) == 0, report
