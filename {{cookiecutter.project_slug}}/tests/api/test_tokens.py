"""The token flow: credentials in, a bearer token out; bad tokens are refused with 401."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import current_app
from itsdangerous import URLSafeTimedSerializer

from {{ cookiecutter.package_name }}.security import TOKEN_SALT

from tests.factories import DEFAULT_PASSWORD, UserFactory


def request_token(client, email, password=DEFAULT_PASSWORD):
    return client.post("/api/tokens", json={"email": email, "password": password})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def detail_of(response):
    """The whole detail of a JSON error: a changed word fails the test, as `in` would not."""
    return response.get_json()["error"]["detail"]


def test_valid_credentials_give_a_working_token(client, regular_user):
    response = request_token(client, regular_user.email)

    assert response.status_code == 200
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == current_app.config["TOKEN_MAX_AGE"]
    assert client.get("/api/users", headers=bearer(body["token"])).status_code == 200


def test_email_is_matched_case_insensitively(client, make_user):
    make_user(email="ada@example.com")

    assert request_token(client, "Ada@Example.COM").status_code == 200


@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        pytest.param("ada@example.com", "wrong password", True, id="wrong-password"),
        pytest.param("nobody@example.com", DEFAULT_PASSWORD, True, id="unknown-email"),
        pytest.param("ada@example.com", DEFAULT_PASSWORD, False, id="inactive-user"),
    ],
)
def test_bad_credentials_get_one_answer(client, make_user, email, password, active):
    """The same 401 for each failure, so the API does not reveal which emails exist."""
    make_user(email="ada@example.com", is_active=active)

    response = request_token(client, email, password)

    assert response.status_code == 401
    assert response.get_json()["error"]["detail"] == "Invalid email or password."


SEND_A_TOKEN = "Send a bearer token: 'Authorization: Bearer <token>'."
NOT_VALID = "The bearer token is not valid (token invalid)."


def test_missing_token_is_challenged(client):
    response = client.get("/api/users")

    assert response.status_code == 401
    assert response.get_json() == {
        "error": {"status": 401, "title": "Unauthorized", "detail": SEND_A_TOKEN}
    }
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        pytest.param("", SEND_A_TOKEN, id="empty"),
        pytest.param("Bearer", SEND_A_TOKEN, id="no-token"),
        pytest.param("Bearer ", SEND_A_TOKEN, id="blank-token"),
        pytest.param("Basic dXNlcjpwYXNz", SEND_A_TOKEN, id="basic-scheme"),
        pytest.param("Token abc", SEND_A_TOKEN, id="other-scheme"),
        # Everything after the first space is the token, spaces and all.
        pytest.param("Bearer abc def", NOT_VALID, id="token-with-a-space"),
    ],
)
def test_malformed_authorization_header(client, authorization, detail):
    response = client.get("/api/users", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert detail_of(response) == detail


def test_the_scheme_is_read_without_case(client, regular_user, auth_headers_for):
    token = auth_headers_for(regular_user)["Authorization"].removeprefix("Bearer ")

    response = client.get("/api/users", headers={"Authorization": f"bEARER {token}"})

    assert response.status_code == 200


def test_tampered_token_is_refused(client, regular_user, auth_headers_for):
    token = auth_headers_for(regular_user)["Authorization"].removeprefix("Bearer ")
    payload, _, signature = token.rpartition(".")
    tampered = f"{payload}.{signature[::-1]}"

    response = client.get("/api/users", headers=bearer(tampered))

    assert response.status_code == 401
    assert detail_of(response) == NOT_VALID


def test_token_signed_with_another_key_is_refused(client, regular_user):
    forged = URLSafeTimedSerializer("not-our-key", salt=TOKEN_SALT).dumps(
        {"user_id": regular_user.id}
    )

    assert client.get("/api/users", headers=bearer(forged)).status_code == 401


@pytest.mark.parametrize(
    "salt",
    # None and leaving the salt out sign with two different salts of itsdangerous's own.
    ["password-reset", None, b"itsdangerous"],
    ids=["another-salt", "no-salt", "itsdangerous-default-salt"],
)
def test_token_signed_with_our_key_for_another_purpose_is_refused(client, regular_user, salt):
    """The salt keeps an API token apart from anything else the app signs with SECRET_KEY."""
    other_purpose = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt).dumps(
        {"user_id": regular_user.id}
    )

    response = client.get("/api/users", headers=bearer(other_purpose))

    assert response.status_code == 401
    assert detail_of(response) == NOT_VALID


def test_expired_token_is_refused(client, regular_user):
    issued_at = datetime.now(UTC)
    with time_machine.travel(issued_at, tick=False):
        token = request_token(client, regular_user.email).get_json()["token"]

    max_age = current_app.config["TOKEN_MAX_AGE"]
    with time_machine.travel(issued_at + timedelta(seconds=max_age - 1), tick=False):
        assert client.get("/api/users", headers=bearer(token)).status_code == 200
    with time_machine.travel(issued_at + timedelta(seconds=max_age + 1), tick=False):
        response = client.get("/api/users", headers=bearer(token))

    assert response.status_code == 401
    assert detail_of(response) == "The bearer token is not valid (token expired)."


@pytest.mark.parametrize(
    "payload", [["user_id", 1], {"user": 1}, {"user_id": "1"}], ids=["list", "no-id", "text-id"]
)
def test_validly_signed_token_with_a_foreign_payload_is_refused(client, payload):
    token = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT).dumps(
        payload
    )

    response = client.get("/api/users", headers=bearer(token))

    assert response.status_code == 401
    assert detail_of(response) == NOT_VALID


@pytest.mark.parametrize("change", ["deactivate", "delete"])
def test_token_stops_working_when_the_user_loses_access(client, db, auth_headers_for, change):
    user = UserFactory()
    headers = auth_headers_for(user)
    if change == "deactivate":
        user.is_active = False
    else:
        db.session.delete(user)
    db.session.commit()

    response = client.get("/api/users", headers=headers)

    assert response.status_code == 401
    assert detail_of(response) == "The bearer token's user no longer has access."
