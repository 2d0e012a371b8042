"""Bad input is a 422 with messages per field, never a 500 and never stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.models import User

VALID = {"name": "Test Person", "email": "valid@example.com", "password": "securepass123"}


def without(field):
    return {key: value for key, value in VALID.items() if key != field}


CASES = [
    # test id, request body, the field that must carry an error
    ("empty-email", {**VALID, "email": ""}, "email"),
    ("malformed-email", {**VALID, "email": "not-an-email"}, "email"),
    ("overlong-email", {**VALID, "email": "a" * 256 + "@test.com"}, "email"),
    ("script-in-email", {**VALID, "email": '<script>alert("xss")</script>@test.com'}, "email"),
    ("script-in-name", {**VALID, "name": '<script>alert("xss")</script>'}, "name"),
    ("blank-name", {**VALID, "name": "   "}, "name"),
    ("overlong-name", {**VALID, "name": "n" * 101}, "name"),
    ("short-password", {**VALID, "password": "short"}, "password"),
    ("missing-name", without("name"), "name"),
    ("missing-email", without("email"), "email"),
    ("missing-password", without("password"), "password"),
    ("name-not-a-string", {**VALID, "name": 42}, "name"),
    ("email-not-a-string", {**VALID, "email": ["valid@example.com"]}, "email"),
    ("password-null", {**VALID, "password": None}, "password"),
    ("unknown-role", {**VALID, "role": "superuser"}, "role"),
    ("unexpected-field", {**VALID, "is_admin": True}, "is_admin"),
    ("array-body", [VALID], "body"),
    ("empty-body", {}, "name"),
]


def count_users(db):
    return db.session.scalar(select(func.count()).select_from(User))


def test_the_valid_body_is_accepted(client, admin_headers):
    assert client.post("/api/users", json=VALID, headers=admin_headers).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_create_user_rejects(client, db, admin_headers, body, field):
    users_before = count_users(db)

    response = client.post("/api/users", json=body, headers=admin_headers)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert field in error["fields"], error
    assert count_users(db) == users_before


@pytest.mark.parametrize(
    "raw",
    [b"{", b'{"name": "x",}', b"\xff\xfe", b""],
    ids=["truncated", "trailing-comma", "not-utf8", "empty"],
)
def test_malformed_json_is_a_422(client, admin_headers, raw):
    response = client.post(
        "/api/users", data=raw, headers={**admin_headers, "Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert "body" in response.get_json()["error"]["fields"]


def test_body_that_is_not_json_is_a_415(client, admin_headers):
    response = client.post("/api/users", data=VALID, headers=admin_headers)

    assert response.status_code == 415
    assert response.is_json


@pytest.mark.parametrize(
    "body",
    [
        {"email": "x@example.com"},
        {"email": "not-an-email", "password": "x"},
        {"email": 1, "password": 2},
    ],
    ids=["missing-password", "malformed-email", "wrong-types"],
)
def test_token_request_validation(client, body):
    response = client.post("/api/tokens", json=body)

    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]
