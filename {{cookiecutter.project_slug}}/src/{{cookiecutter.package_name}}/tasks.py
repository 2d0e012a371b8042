{%- if cookiecutter.background_tasks == "celery" -%}
"""Background jobs, run by a Celery worker that takes them from Redis.

Interface, for the services and the tests:

    enqueue(send_order_confirmation, order.id)   # -> the job's AsyncResult

A job is a plain function. ``make_celery(app)``, called by ``create_app``, registers every
job in ``JOBS`` as a task of the app's own Celery app, kept in ``app.extensions["celery"]``;
``enqueue`` sends the job there with ``.delay``. With ``CELERY_TASK_ALWAYS_EAGER`` (the
testing configuration) ``.delay`` runs the job at once, in the calling process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ParamSpec

from celery import Celery, Task
from flask import current_app

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Order, OrderStatus

if TYPE_CHECKING:
    from collections.abc import Callable

    from celery.result import AsyncResult
    from flask import Flask

P = ParamSpec("P")
{%- else -%}
"""Background jobs, run inline: there is no broker and no worker.

Interface, for the services and the tests:

    enqueue(send_order_confirmation, order.id)

``enqueue`` runs the job at once, before the request answers. Switching to a task queue
(the template's ``background_tasks=celery``) changes ``enqueue`` and nothing that calls it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ParamSpec

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Order, OrderStatus

if TYPE_CHECKING:
    from collections.abc import Callable

P = ParamSpec("P")
{%- endif %}


def send_order_confirmation(order_id: int) -> str:
    """Confirm a placed order; returns its new status.

    A job gets ids, never objects: it may run in another process, after the request's
    session is gone. An order that no longer exists makes the job fail loudly.
    """
    order = db.session.get_one(Order, order_id)
    order.status = OrderStatus.CONFIRMED
    db.session.commit()
    return order.status.value
{%- if cookiecutter.background_tasks == "celery" %}


JOBS: tuple[Callable[..., Any], ...] = (send_order_confirmation,)


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


def enqueue(job: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> None:
    """Run a job now. With a task queue, this is where it would be sent to a worker."""
    job(*args, **kwargs)
{%- endif %}
