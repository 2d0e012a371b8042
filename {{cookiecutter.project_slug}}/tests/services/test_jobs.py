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
from {{ cookiecutter.package_name }}.services.orders import commit_order
from {{ cookiecutter.package_name }}.tasks import enqueue, job_name, send_order_confirmation

from tests.database import database_of_its_own
from tests.factories import OrderFactory
{%- else -%}
"""The order confirmation job: run inline, and replaced to see that it is queued.

Without a task queue, ``enqueue`` runs a job at once. To see that a job is queued without
running it, a test replaces ``enqueue`` where the order service looks it up.
"""

from __future__ import annotations

import pytest
from sqlalchemy.exc import NoResultFound

from {{ cookiecutter.package_name }}.models import OrderStatus
from {{ cookiecutter.package_name }}.services.orders import commit_order
from {{ cookiecutter.package_name }}.tasks import send_order_confirmation
{%- endif %}


def test_placing_an_order_runs_its_confirmation(db, make_transaction):
    order = commit_order(make_transaction("T-1"))

    # The job saved its change in a session of its own: read the order again.
    db.session.refresh(order)
    assert order.status is OrderStatus.CONFIRMED
{%- if cookiecutter.background_tasks == "celery" %}


def test_placing_an_order_queues_its_confirmation(app, monkeypatch, make_transaction):
    delayed = []
    task = app.extensions["celery"].tasks[job_name(send_order_confirmation)]
    monkeypatch.setattr(task, "delay", lambda *args: delayed.append(args))

    order = commit_order(make_transaction("T-1"))

    assert delayed == [(order.id,)]
    assert order.status is OrderStatus.PLACED
{%- else %}


def test_placing_an_order_queues_its_confirmation(monkeypatch, make_transaction):
    queued = []
    monkeypatch.setattr(
        "{{ cookiecutter.package_name }}.services.orders.enqueue",
        lambda job, *args: queued.append((job, args)),
    )

    order = commit_order(make_transaction("T-1"))

    assert queued == [(send_order_confirmation, (order.id,))]
    assert order.status is OrderStatus.PLACED
{%- endif %}


def test_confirming_an_order_that_is_gone_fails_loudly(db):
    with pytest.raises(NoResultFound):
        send_order_confirmation(999_999)
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
{%- endif %}
