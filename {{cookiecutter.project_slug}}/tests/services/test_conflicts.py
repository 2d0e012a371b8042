"""retry_on_conflict: a transaction the database ended for colliding with another runs again.

The collisions are made up: a deadlock needs two connections racing, which the concurrency
tests do against a real PostgreSQL (tests/api/test_concurrency.py). Here the errors are
raised on demand, so every path of the retry runs on any database, in milliseconds.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import DBAPIError

from {{ cookiecutter.package_name }}.models import User
from {{ cookiecutter.package_name }}.services import conflicts
from {{ cookiecutter.package_name }}.services.conflicts import (
    ATTEMPTS,
    BACKOFF,
    ConflictError,
    is_transient,
    retry_on_conflict,
)


class DriverError(Exception):
    """What a database driver raises; psycopg's errors carry the SQLSTATE like this."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def database_error(message: str, sqlstate: str | None = None) -> DBAPIError:
    """The error SQLAlchemy raises around a driver's error."""
    return DBAPIError("UPDATE products SET stock=...", {}, DriverError(message, sqlstate))


def sqlite_error(message: str) -> DBAPIError:
    """The same around SQLite's driver error, which has no SQLSTATE attribute at all."""
    return DBAPIError("UPDATE products SET stock=...", {}, sqlite3.OperationalError(message))


DEADLOCK = database_error("deadlock detected", "40P01")


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses between attempts, recorded instead of slept; time.sleep restored after."""
    slept: list[float] = []
    monkeypatch.setattr(conflicts.time, "sleep", slept.append)
    return slept


class Collider:
    """Work that collides on its first ``collisions`` runs, then returns "done"."""

    def __init__(self, collisions: int, error: DBAPIError = DEADLOCK) -> None:
        self.collisions = collisions
        self.error = error
        self.runs = 0

    def __call__(self) -> str:
        self.runs += 1
        if self.runs <= self.collisions:
            raise self.error
        return "done"


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        pytest.param(database_error("could not serialize access", "40001"), True, id="40001"),
        pytest.param(DEADLOCK, True, id="40P01"),
        pytest.param(database_error("duplicate key value", "23505"), False, id="23505"),
        pytest.param(sqlite_error("database is locked"), True, id="sqlite-locked"),
        pytest.param(sqlite_error("no such table: products"), False, id="sqlite-other"),
    ],
)
def test_which_errors_are_transient(error, transient):
    assert is_transient(error) is transient


def test_a_deadlock_on_the_first_attempt_succeeds_on_the_second(db, pauses):
    work = Collider(collisions=1)

    assert retry_on_conflict(work) == "done"
    assert work.runs == 2
    assert len(pauses) == 1
    assert 0 <= pauses[0] <= BACKOFF


def test_the_pauses_grow_with_each_attempt(db, pauses, monkeypatch):
    # The longest pause random.uniform may choose, every time.
    monkeypatch.setattr(conflicts.random, "uniform", lambda low, high: high)

    retry_on_conflict(Collider(collisions=ATTEMPTS - 1))

    assert pauses == [BACKOFF * attempt for attempt in range(1, ATTEMPTS)]


def test_the_work_gets_its_arguments(db, pauses):
    def work(first: str, *, second: str) -> str:
        return f"{first} and {second}"

    assert retry_on_conflict(work, "this", second="that") == "this and that"


def test_a_deadlock_on_every_attempt_is_a_conflict_error(db, pauses):
    work = Collider(collisions=ATTEMPTS)

    with pytest.raises(ConflictError) as raised:
        retry_on_conflict(work)

    assert str(raised.value) == f"{ATTEMPTS} attempts collided with others"
    assert raised.value.__cause__ is DEADLOCK
    assert work.runs == ATTEMPTS
    # A pause before each retry, longer at most with each: none after the last attempt.
    assert len(pauses) == ATTEMPTS - 1
    assert all(0 <= pause <= BACKOFF * n for n, pause in enumerate(pauses, start=1))


def test_the_last_attempt_may_still_succeed(db, pauses):
    work = Collider(collisions=ATTEMPTS - 1)

    assert retry_on_conflict(work) == "done"
    assert work.runs == ATTEMPTS


def test_other_database_errors_pass_through_at_once(db, pauses):
    duplicate = database_error("duplicate key value", "23505")
    work = Collider(collisions=1, error=duplicate)

    with pytest.raises(DBAPIError) as raised:
        retry_on_conflict(work)

    assert raised.value is duplicate
    assert (work.runs, pauses) == (1, [])


def test_each_attempt_starts_from_a_clean_session(db, pauses):
    """What a failed attempt added to the session is gone when the next one starts."""
    seen: list[int] = []

    def work() -> None:
        seen.append(len(db.session.new))
        db.session.add(User(name="Half", email="half@example.com", password_hash="x"))
        if len(seen) == 1:
            raise DEADLOCK

    retry_on_conflict(work)

    assert seen == [0, 0]
