{%- if cookiecutter.background_tasks == "celery" -%}
"""The order confirmation job, on Celery: run eagerly, queued with .delay, and on a worker.

TestingConfig sets CELERY_TASK_ALWAYS_EAGER, so ``.delay`` runs a job at once in the test.
To see that a job is queued without running it, a test replaces the task's ``.delay``.
The integration test at the end starts a real worker that takes jobs from Redis.
"""

from __future__ import annotations

import os
import runpy
import uuid

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from sqlalchemy import make_url
from sqlalchemy.exc import NoResultFound

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.extensions import db as _db
from {{ cookiecutter.package_name }}.models import Order, OrderStatus
from {{ cookiecutter.package_name }}.services.email import EmailDeliveryError
from {{ cookiecutter.package_name }}.services.orders import commit_order
from {{ cookiecutter.package_name }}.tasks import (
    enqueue,
    job_name,
    send_order_confirmation,
    send_order_receipt,
)

from tests.database import database_of_its_own
from tests.factories import OrderFactory
{%- else -%}
"""The background jobs: run at once, replaced to see what is queued, and on real threads.

TestingConfig sets JOB_THREADS = 0, so ``enqueue`` runs a job at once in the test. To see
that a job is queued without running it, a test replaces ``enqueue`` where the order
service looks it up. The JobThreads tests at the end give jobs to real threads.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from flask import current_app
from sqlalchemy.exc import NoResultFound

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.models import OrderStatus
from {{ cookiecutter.package_name }}.services.email import EmailDeliveryError
from {{ cookiecutter.package_name }}.services.orders import commit_order
from {{ cookiecutter.package_name }}.tasks import (
    EXTENSION_KEY,
    JobThreads,
    enqueue,
    send_order_confirmation,
    send_order_receipt,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from flask import Flask
{%- endif %}


def test_placing_an_order_runs_its_confirmation(db, make_transaction):
    order = commit_order(make_transaction("T-1"))

    # The job saved its change in a session of its own: read the order again.
    db.session.refresh(order)
    assert order.status is OrderStatus.CONFIRMED
{%- if cookiecutter.background_tasks == "celery" %}


def test_placing_an_order_queues_its_receipt_and_confirmation(
    app, monkeypatch, make_transaction, fake_email
):
    delayed = []
    for job in (send_order_receipt, send_order_confirmation):
        task = app.extensions["celery"].tasks[job_name(job)]
        monkeypatch.setattr(task, "delay", lambda *args, job=job: delayed.append((job, args)))

    order = commit_order(make_transaction("T-1"))

    assert delayed == [(send_order_receipt, (order.id,)), (send_order_confirmation, (order.id,))]
    # Nothing slow happened while the customer waited: no mail, no confirmation.
    assert fake_email.sent == []
    assert order.status is OrderStatus.PLACED
{%- else %}


def test_placing_an_order_queues_its_receipt_and_confirmation(
    monkeypatch, make_transaction, fake_email
):
    queued = []
    monkeypatch.setattr(
        "{{ cookiecutter.package_name }}.services.orders.enqueue",
        lambda job, *args: queued.append((job, args)),
    )

    order = commit_order(make_transaction("T-1"))

    assert queued == [(send_order_receipt, (order.id,)), (send_order_confirmation, (order.id,))]
    # Nothing slow happened while the customer waited: no mail, no confirmation.
    assert fake_email.sent == []
    assert order.status is OrderStatus.PLACED
{%- endif %}


def test_confirming_an_order_that_is_gone_fails_loudly(db):
    with pytest.raises(NoResultFound):
        send_order_confirmation(999_999)


def test_confirming_twice_changes_nothing_more(db, make_transaction):
    """``flask confirm-placed-orders`` may run the job for an order a worker confirmed."""
    order = commit_order(make_transaction("T-1"))

    assert send_order_confirmation(order.id) == "confirmed"
    assert send_order_confirmation(order.id) == "confirmed"


def test_the_receipt_job_reports_a_failed_delivery(db, make_transaction, fake_email):
    order = commit_order(make_transaction("T-1"))
    fake_email.fail_with = EmailDeliveryError("the relay is down")

    assert send_order_receipt(order.id) is False
{%- if cookiecutter.background_tasks == "celery" %}


def test_each_flask_app_has_a_celery_app_of_its_own(app, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/7")

    other = create_app("testing")

    celery_app = other.extensions["celery"]
    assert celery_app is not app.extensions["celery"]
    assert celery_app.conf.broker_url == "redis://127.0.0.1:6379/7"
    assert celery_app.conf.task_always_eager is True
    assert job_name(send_order_confirmation) in celery_app.tasks


def test_the_worker_module_builds_the_app_from_the_environment(monkeypatch):
    monkeypatch.setenv("FLASK_CONFIG", "testing")

    worker = runpy.run_module("{{ cookiecutter.package_name }}.worker")

    assert isinstance(worker["celery_app"], Celery)
    assert worker["celery_app"] is worker["flask_app"].extensions["celery"]


@pytest.fixture
def redis_url():
    """Where Redis is, from REDIS_URL; the test is skipped, saying how to run it, without it."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs Redis: run with REDIS_URL=redis://127.0.0.1:6379/0 (or your server)")
    return url


@pytest.fixture
def worker_database_url(database_url, tmp_path):
    """A database for the worker test alone, where commits are real; removed after.

    The usual ``db`` fixture keeps a test's data in one uncommitted transaction on one
    connection, which a worker, on its own connection, could never see.
    """
    if make_url(database_url).get_backend_name() != "sqlite":
        with database_of_its_own(database_url, "worker") as url:
            yield url
        return
    # Unlike in-memory SQLite, a file is one database for every connection and thread.
    yield f"sqlite:///{tmp_path / 'worker.sqlite3'}"


@pytest.fixture
def worker_app(redis_url, worker_database_url, monkeypatch):
    """A second app, as the worker process would build it: jobs go through Redis.

    Its context is pushed for the test (factories and ``enqueue`` use it); its tables are
    created in the worker database and dropped after.
    """
    monkeypatch.setenv("TEST_DATABASE_URL", worker_database_url)
    app = create_app("testing")
    app.extensions["celery"].conf.update(
        task_always_eager=False,
        # A queue of this test's own, so that no other run's worker takes its jobs.
        task_default_queue=f"test-{uuid.uuid4().hex}",
        # Leave logging to pytest.
        worker_hijack_root_logger=False,
    )
    with app.app_context():
        _db.create_all()
        try:
            yield app
        finally:
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()


@pytest.fixture
def celery_worker(worker_app):
    """A real Celery worker in a thread of this process, consuming from Redis; stopped after."""
    with start_worker(worker_app.extensions["celery"], pool="solo", perform_ping_check=False):
        yield


@pytest.mark.integration
# Celery's Redis result backend calls setex, which redis-py 8 flags although Redis keeps it;
# redis-py drops the warning again after 8.1 (redis/redis-py#4337).
@pytest.mark.filterwarnings("ignore:Call to deprecated setex:DeprecationWarning")
def test_a_worker_confirms_an_order_through_redis(worker_app, celery_worker):
    order_id = OrderFactory().id
    # SQLite lets nobody write while another connection still reads: end this session's
    # transaction before the worker writes.
    _db.session.close()

    result = enqueue(send_order_confirmation, order_id)

    # The job's return value comes back through the result backend (Redis too) ...
    assert result.get(timeout=10) == "confirmed"
    # ... and its change was committed where this test can read it.
    assert _db.session.get_one(Order, order_id).status is OrderStatus.CONFIRMED
{%- else %}


@dataclass
class Gate:
    """Where a job waits until the test opens it; it says when a job has arrived."""

    arrived: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def gate() -> Iterator[Gate]:
    """A closed gate for jobs to wait at; opened after the test in any case."""
    closed = Gate()
    yield closed
    closed.opened.set()


@pytest.fixture
def job_threads(app: Flask, gate: Gate) -> Iterator[JobThreads]:
    """The app's jobs on one real thread, room for two more; lets them finish after."""
    threads = JobThreads(app, threads=1, capacity=2)
    yield threads
    gate.opened.set()
    threads.join()


def wait_at(gate: Gate, ran: list[str], name: str) -> None:
    """A job: arrives at the gate, waits until it opens (10 s at most), records where it ran."""
    gate.arrived.set()
    gate.opened.wait(timeout=10)
    ran.append(f"{name} in {current_app.name} on {threading.current_thread().name}")


def do_nothing(name: str) -> None:
    """A job that finishes at once."""


def fail(name: str) -> None:
    """A job that raises."""
    raise RuntimeError(name)


def test_a_job_runs_on_a_thread_while_its_caller_goes_on(app, job_threads, gate):
    ran: list[str] = []

    assert job_threads.submit(wait_at, gate, ran, "receipt") is True

    # Back in the caller while the job waits at the gate: it has not finished.
    assert ran == []
    gate.opened.set()
    job_threads.join()
    assert ran == [f"receipt in {app.name} on job_0"]


def test_a_job_gets_its_keyword_arguments(app, job_threads, gate):
    ran: list[str] = []

    job_threads.submit(wait_at, gate, ran=ran, name="receipt")
    gate.opened.set()
    job_threads.join()

    assert ran == [f"receipt in {app.name} on job_0"]


def test_a_full_queue_drops_new_jobs_and_says_so(app, job_threads, gate, caplog):
    job_threads.submit(wait_at, gate, [], "running")
    # The thread holds that one now: the queue has room for two more.
    assert gate.arrived.wait(timeout=10)

    with caplog.at_level(logging.WARNING):
        accepted = [
            job_threads.submit(do_nothing, "first"),
            job_threads.submit(do_nothing, "second"),
            job_threads.submit(do_nothing, "third"),
        ]

    assert accepted == [True, True, False]
    assert caplog.messages == ["Too many jobs: do_nothing('third',) was dropped."]
    assert job_threads.active == 3


def test_a_failing_job_is_logged_and_makes_room(app, job_threads, caplog):
    with caplog.at_level(logging.ERROR):
        job_threads.submit(fail, "the relay is down")
        job_threads.join()

    assert caplog.messages == ["The job fail('the relay is down',) failed."]
    assert caplog.records[0].exc_info[1].args == ("the relay is down",)
    assert job_threads.active == 0


def test_enqueue_hands_jobs_to_the_apps_threads(app, app_context, job_threads, gate, monkeypatch):
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, job_threads)
    ran: list[str] = []

    assert enqueue(wait_at, gate, ran=ran, name="receipt") is None

    assert ran == []
    gate.opened.set()
    job_threads.join()
    assert ran == [f"receipt in {app.name} on job_0"]


def note_thread(threads: list[threading.Thread]) -> None:
    """A job that records the thread it runs on."""
    threads.append(threading.current_thread())


def test_without_threads_enqueue_runs_the_job_at_once(app, app_context):
    """TestingConfig's JOB_THREADS = 0: the job runs in the caller, with every argument."""
    threads: list[threading.Thread] = []

    enqueue(note_thread, threads=threads)

    assert threads == [threading.current_thread()]


def test_job_threads_do_not_keep_a_stopping_process_alive(app, job_threads):
    """gunicorn tells a worker to stop, and it stops: the interpreter waits for no daemon
    thread, so the jobs it held (mail to a hung server, say) are lost, as tasks.py says.
    """
    threads: list[threading.Thread] = []

    job_threads.submit(note_thread, threads)
    job_threads.join()

    assert [thread.daemon for thread in threads] == [True]


def test_job_threads_come_from_the_configuration(app):
    assert app.extensions[EXTENSION_KEY] is None  # TestingConfig: JOB_THREADS = 0

    development_app = create_app("development")
    development = development_app.extensions[EXTENSION_KEY]

    assert (development.app, development.threads, development.capacity) == (
        development_app,
        2,
        100,
    )
{%- endif %}
