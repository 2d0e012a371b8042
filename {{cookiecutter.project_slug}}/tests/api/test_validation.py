"""Bad input is a 422 with messages per field, never a 500 and never stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.models import User
from {{ cookiecutter.package_name }}.text import CONTROL_CHARACTERS_MESSAGE

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
    ("nul-in-email", {**VALID, "email": "a\x00b@example.com"}, "email"),
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
    assert response.get_json() == {
        "error": {
            "status": 415,
            "title": "Unsupported Media Type",
            "detail": "Send the body as JSON with 'Content-Type: application/json'.",
        }
    }


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


# One of each kind the API refuses: NUL (which PostgreSQL cannot store), the rest of C0,
# DEL and C1. On SQLite a NUL used to be stored; on PostgreSQL it was a 500.
CONTROL_CHARACTERS = {
    "nul": "\x00",
    "tab": "\t",
    "newline": "\n",
    "escape": "\x1b",
    "unit-separator": "\x1f",
    "delete": "\x7f",
    "next-line": "\x85",
    "last-c1": "\x9f",
}


def control_character_refused(field, detail="The request body is not valid."):
    """The whole 422 document that names one field for its control character."""
    return {
        "error": {
            "status": 422,
            "title": "Unprocessable Entity",
            "detail": detail,
            "fields": {field: [CONTROL_CHARACTERS_MESSAGE]},
        }
    }


@pytest.mark.parametrize("field", ["name", "password"])
@pytest.mark.parametrize(
    "character", list(CONTROL_CHARACTERS.values()), ids=list(CONTROL_CHARACTERS)
)
def test_control_characters_are_a_field_error(client, db, admin_headers, field, character):
    users_before = count_users(db)

    body = {**VALID, field: f"Ada{character}Lovelace"}
    response = client.post("/api/users", json=body, headers=admin_headers)

    assert (response.status_code, response.get_json()) == (422, control_character_refused(field))
    assert count_users(db) == users_before


def test_characters_next_to_the_control_ranges_are_accepted(client, admin_headers):
    """Space (after C0), "~" (before DEL) and a no-break space (after C1) are text."""
    name = "Ada ~\xa0Lovelace"

    response = client.post("/api/users", json={**VALID, "name": name}, headers=admin_headers)

    assert response.status_code == 201
    assert response.get_json()["name"] == name


def test_a_lone_surrogate_is_not_json(client, admin_headers):
    """JSON may spell a surrogate that no UTF-8 text can hold; the parser refuses it."""
    raw = b'{"name": "\\ud800", "email": "valid@example.com", "password": "securepass123"}'

    response = client.post(
        "/api/users", data=raw, headers={**admin_headers, "Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["body"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"email": "ada\x00@example.com", "password": "x" * 12}, "email", id="email"),
        pytest.param(
            {"email": "ada@example.com", "password": "x\x00" * 6}, "password", id="password"
        ),
    ],
)
def test_control_characters_in_a_token_request(client, body, field):
    response = client.post("/api/tokens", json=body)

    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]
