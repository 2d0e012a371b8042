"""Who may do what: every role against every endpoint, one test case per cell."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.models import Role

from tests.factories import PostFactory, UserFactory

NEW_USER = {"name": "New Person", "email": "new.person@example.com", "password": "x" * 12}

ENDPOINTS = {
    "list users": ("GET", "/api/users"),
    "create user": ("POST", "/api/users"),
    "get user": ("GET", "/api/users/{target}"),
    "delete user": ("DELETE", "/api/users/{target}"),
    "list posts": ("GET", "/api/users/{target}/posts"),
}

MATRIX = [
    # role,      endpoint,       expected status
    (None, "list users", 401),
    (None, "create user", 401),
    (None, "get user", 401),
    (None, "delete user", 401),
    (None, "list posts", 401),
    (Role.USER, "list users", 200),
    (Role.USER, "create user", 403),
    (Role.USER, "get user", 200),
    (Role.USER, "delete user", 403),
    (Role.USER, "list posts", 200),
    (Role.ADMIN, "list users", 200),
    (Role.ADMIN, "create user", 201),
    (Role.ADMIN, "get user", 200),
    (Role.ADMIN, "delete user", 204),
    (Role.ADMIN, "list posts", 200),
]


@pytest.mark.parametrize(
    ("role", "endpoint", "expected"),
    MATRIX,
    ids=[
        f"{role or 'anonymous'}-{endpoint.replace(' ', '-')}-{status}"
        for role, endpoint, status in MATRIX
    ],
)
def test_permission_matrix(client, make_user, auth_headers_for, role, endpoint, expected):
    target = PostFactory(author=UserFactory(name="Target")).author
    headers = auth_headers_for(make_user(role=role)) if role else {}
    method, path = ENDPOINTS[endpoint]

    response = client.open(
        path.format(target=target.id),
        method=method,
        headers=headers,
        json=NEW_USER if method == "POST" else None,
    )

    assert response.status_code == expected, response.get_json()


def test_a_user_is_told_what_only_an_admin_may_do(client, user_headers):
    response = client.post("/api/users", json=NEW_USER, headers=user_headers)

    assert response.get_json() == {
        "error": {"status": 403, "title": "Forbidden", "detail": "Only an admin may do this."}
    }
