{%- if cookiecutter.background_tasks == "celery" -%}
"""Background jobs, run by a Celery worker that takes them from Redis.

Interface, for the services and the tests:

    enqueue(send_order_confirmation, order.id)   # -> the job's AsyncResult

A job is a plain function that takes ids, never objects: it runs in another process, after
the request's session is gone. ``make_celery(app)``, called by ``create_app``, registers
every job in ``JOBS`` as a task of the app's own Celery app, kept in
``app.extensions["celery"]``; ``enqueue`` sends the job there with ``.delay``. With
``CELERY_TASK_ALWAYS_EAGER`` (the testing configuration) ``.delay`` runs the job at once,
in the calling process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ParamSpec

from celery import Celery, Task
from flask import current_app

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Order, OrderStatus, User
from {{ cookiecutter.package_name }}.services.email import (
    WELCOME_SUBJECT,
    send_email,
    welcome_text,
)
from {{ cookiecutter.package_name }}.services.receipts import receipt_subject, receipt_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from celery.result import AsyncResult
    from flask import Flask

P = ParamSpec("P")
{%- else -%}
"""Background jobs, run by a few threads of the app's own process.

Interface, for the services and the tests:

    enqueue(send_order_confirmation, order.id)

A job is a plain function that takes ids, never objects: it runs after the request's
session is gone. ``enqueue`` hands it to a pool of ``JOB_THREADS`` threads, so the request
answers without waiting for it; with ``JOB_THREADS = 0`` (the testing configuration) it
runs at once, in the caller. Jobs still waiting or running when the process stops or dies
are lost: an order's confirmation runs again by ``flask confirm-placed-orders``, and mail is
sent on a best-effort basis anyway. Switching to a task queue (the template's
``background_tasks=celery``) changes ``enqueue`` and nothing that calls it.
"""

from __future__ import annotations

import functools
import os
import queue
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec

from flask import current_app

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Order, OrderStatus, User
from {{ cookiecutter.package_name }}.services.email import (
    WELCOME_SUBJECT,
    send_email,
    welcome_text,
)
from {{ cookiecutter.package_name }}.services.receipts import receipt_subject, receipt_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from flask import Flask

P = ParamSpec("P")
EXTENSION_KEY = "jobs"
{%- endif %}


def send_order_confirmation(order_id: int) -> str:
    """Confirm a placed order; returns its status. Running it twice changes nothing more.

    Runs again for orders whose first confirmation was lost (``flask confirm-placed-orders``),
    so it must not mind an order that is confirmed already. An order that no longer exists
    makes the job fail loudly.
    """
    order = db.session.get_one(Order, order_id)
    if order.status is OrderStatus.PLACED:
        order.status = OrderStatus.CONFIRMED
        db.session.commit()
    return order.status.value


def send_order_receipt(order_id: int) -> bool:
    """Email the customer the receipt of an order; False, logged, when the mail server fails."""
    order = db.session.get_one(Order, order_id)
    return send_email(order.customer.email, receipt_subject(order), receipt_text(order))


def send_welcome_email(user_id: int) -> bool:
    """Greet a new user; False, logged, when the mail server fails."""
    user = db.session.get_one(User, user_id)
    return send_email(user.email, WELCOME_SUBJECT, welcome_text(user.name))
{%- if cookiecutter.background_tasks == "celery" %}


JOBS: tuple[Callable[..., Any], ...] = (
    send_order_confirmation,
    send_order_receipt,
    send_welcome_email,
)


def job_name(job: Callable[..., Any]) -> str:
    """The name a job is registered under in every Celery app: its import path."""
    return f"{job.__module__}.{job.__qualname__}"


def make_celery(app: Flask) -> Celery[Any]:
    """A Celery app for ``app``, configured from it, whose tasks run in its app context.

    Each Flask app gets its own Celery app, found in ``app.extensions["celery"]`` rather
    than through Celery's process-wide default, so that building a second Flask app (as
    tests do) never changes where the first one sends its jobs.
    """

    class FlaskTask(Task[Any, Any]):
        """Runs the job inside an app context, where ``db`` and ``current_app`` work."""

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.import_name, task_cls=FlaskTask)
    celery_app.conf.update(
        broker_url=app.config["REDIS_URL"],
        result_backend=app.config["REDIS_URL"],
        task_always_eager=app.config["CELERY_TASK_ALWAYS_EAGER"],
        # A job that fails while eager raises in the caller, as a test expects it to.
        task_eager_propagates=True,
        broker_connection_retry_on_startup=True,
    )
    for job in JOBS:
        celery_app.task(name=job_name(job))(job)
    app.extensions["celery"] = celery_app
    return celery_app


def enqueue(job: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> AsyncResult[Any]:
    """Send a job to the worker through the current app's Celery app."""
    celery_app: Celery[Any] = current_app.extensions["celery"]
    return celery_app.tasks[job_name(job)].delay(*args, **kwargs)
{%- else %}


@dataclass
class JobThreads:
    """A few threads of the app's process that run its jobs, with room for ``capacity`` more.

    Bounded, so that a stalled mail server cannot pile up jobs without end: when ``capacity``
    jobs wait, a new one is dropped and logged. The threads start with the first job in each
    process (a server that forks its workers gives each its own), and they do not keep a
    process alive: a worker that is told to stop stops, and the jobs it held are lost, as
    the module's docstring says.
    """

    app: Flask
    threads: int
    capacity: int
    # Jobs waiting or running.
    active: int = field(default=0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _queue: queue.Queue[tuple[Callable[[], object], str]] = field(init=False, repr=False)
    _started_in: int | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._queue = queue.Queue(self.capacity)

    def submit(self, job: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
        """Queue the job; False, logged, when ``capacity`` jobs are waiting already."""
        self._start_threads()
        call = functools.partial(job, *args, **kwargs)
        with self._lock:
            try:
                self._queue.put_nowait((call, f"{job.__name__}{args!r}"))
            except queue.Full:
                self.app.logger.warning("Too many jobs: %s%r was dropped.", job.__name__, args)
                return False
            self.active += 1
        return True

    def join(self) -> None:
        """Wait until every job queued so far has run."""
        self._queue.join()

    def _start_threads(self) -> None:
        """Start the threads once in this process: a forked child has none of its parent's."""
        with self._lock:
            if self._started_in == os.getpid():
                return
            self._started_in = os.getpid()
        for number in range(self.threads):
            threading.Thread(target=self._work, name=f"job_{number}", daemon=True).start()

    def _work(self) -> None:
        """Run queued jobs, each in an app context of its own; log what they raise."""
        while True:
            call, description = self._queue.get()
            try:
                with self.app.app_context():
                    call()
            except Exception:
                self.app.logger.exception("The job %s failed.", description)
            finally:
                with self._lock:
                    self.active -= 1
                self._queue.task_done()


def init_app(app: Flask) -> None:
    """Give the app its job threads; none when JOB_THREADS is 0 (jobs then run at once)."""
    threads = app.config["JOB_THREADS"]
    app.extensions[EXTENSION_KEY] = (
        JobThreads(app, threads, app.config["JOB_CAPACITY"]) if threads else None
    )


def enqueue(job: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
    """Hand a job to the app's job threads, or run it now when the app has none."""
    job_threads: JobThreads | None = current_app.extensions[EXTENSION_KEY]
    if job_threads is None:
        job(*args, **kwargs)
    else:
        job_threads.submit(job, *args, **kwargs)
{%- endif %}
