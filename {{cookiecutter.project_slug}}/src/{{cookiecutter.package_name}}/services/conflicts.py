"""Conflicts between concurrent transactions: the database errors a retry cures, and the retry.

PostgreSQL ends one of two transactions that wait for each other's locks (a deadlock) or,
at a stricter isolation level, that cannot both be serialized; SQLite refuses to write
while another connection writes. Each time, running the same work again a moment later
usually succeeds.
"""

from __future__ import annotations

import random
import time
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError

from {{ cookiecutter.package_name }}.extensions import db

if TYPE_CHECKING:
    from collections.abc import Callable

P = ParamSpec("P")
R = TypeVar("R")

# SQLSTATE codes of PostgreSQL's serialization_failure and deadlock_detected.
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})
# How often the work runs at most, and the longest pause before each retry, in seconds:
# a random part of it, so that the transactions that collided do not collide again.
ATTEMPTS = 3
BACKOFF = 0.1


class ConflictError(Exception):
    """The work collided with concurrent transactions on every attempt."""


def is_transient(error: DBAPIError) -> bool:
    """Whether the error is one that running the same transaction again can cure."""
    driver_error = error.orig
    if getattr(driver_error, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    return "database is locked" in str(driver_error)


def retry_on_conflict(work: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run work in the session's transaction; after a transient failure, roll back and rerun.

    Raises ConflictError when every attempt failed that way; other errors pass through.
    """
    attempt = 1
    while True:
        try:
            return work(*args, **kwargs)
        except DBAPIError as error:
            db.session.rollback()
            if not is_transient(error):
                raise
            if attempt == ATTEMPTS:
                raise ConflictError(f"{ATTEMPTS} attempts collided with others") from error
        time.sleep(random.uniform(0, BACKOFF * attempt))  # noqa: S311 - not a secret
        attempt += 1
