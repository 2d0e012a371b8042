"""What the Celery worker loads: ``celery -A {{ cookiecutter.package_name }}.worker worker``.

Importing this module builds the application from the environment ($FLASK_CONFIG,
$REDIS_URL, $DATABASE_URL ...): only the worker process imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from {{ cookiecutter.package_name }} import create_app

if TYPE_CHECKING:
    from celery import Celery

flask_app = create_app()
# `celery -A` looks for a Celery instance among the module's names and finds this one.
celery_app: Celery[Any] = flask_app.extensions["celery"]
