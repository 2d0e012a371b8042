"""Each test starts from an empty database, whatever earlier tests or requests committed.

The two ``test_starts_empty_*`` runs do the same thing; pytest-randomly shuffles them, so
whichever runs second proves that the first one's rows, including those committed by a
request handler, were rolled back.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.models import User

from tests.factories import AdminFactory, UserFactory


def count_users(db):
    return db.session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("run", ["first", "second"])
def test_starts_empty_and_leaves_nothing_behind(run, db, client, auth_headers_for):
    assert count_users(db) == 0

    admin = AdminFactory()
    response = client.post(
        "/api/users",
        json={
            "name": f"Made in the {run} run",
            "email": f"{run}@example.com",
            "password": "x" * 12,
        },
        headers=auth_headers_for(admin),
    )

    assert response.status_code == 201
    assert count_users(db) == 2


def test_application_rollback_keeps_the_tests_own_rows(db, client, auth_headers_for):
    """A 409 makes the app roll back its session; only its savepoint goes, not our admin."""
    admin = AdminFactory(email="admin@example.com")

    response = client.post(
        "/api/users",
        json={"name": "Copy", "email": "admin@example.com", "password": "x" * 12},
        headers=auth_headers_for(admin),
    )

    assert response.status_code == 409
    assert count_users(db) == 1


def test_requests_do_not_share_g(client, auth_headers_for):
    """The first request authenticates; the second, without a token, must not inherit that."""
    user = UserFactory()

    assert client.get("/api/users", headers=auth_headers_for(user)).status_code == 200
    assert client.get("/api/users").status_code == 401
