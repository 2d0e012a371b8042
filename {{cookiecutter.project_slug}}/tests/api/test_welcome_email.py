"""Creating a user sends a welcome email, through the fake the app was given."""

from __future__ import annotations

import logging

from {{ cookiecutter.package_name }}.api import users
from {{ cookiecutter.package_name }}.services.email import WELCOME_SUBJECT, EmailDeliveryError
from {{ cookiecutter.package_name }}.tasks import send_welcome_email

NEW_USER = {"name": "Grace Hopper", "email": "grace@example.com", "password": "cobol-1959"}
# Spelled out rather than imported: the test pins the subject that new users read.
{{ python_constant("EXPECTED_SUBJECT", "Welcome to " ~ cookiecutter.project_name) }}


def test_new_user_gets_a_welcome_email(client, admin_headers, fake_email):
    response = client.post("/api/users", json=NEW_USER, headers=admin_headers)

    assert response.status_code == 201
    [message] = fake_email.sent
    assert message.to == "grace@example.com"
    assert message.subject == EXPECTED_SUBJECT
    assert "Grace Hopper" in message.body


def test_no_welcome_email_when_no_user_is_created(client, admin_headers, make_user, fake_email):
    make_user(email=NEW_USER["email"])

    response = client.post("/api/users", json=NEW_USER, headers=admin_headers)

    assert response.status_code == 409
    assert fake_email.sent == []


def test_user_is_created_when_the_welcome_email_fails(client, admin_headers, fake_email, caplog):
    fake_email.fail_with = EmailDeliveryError("mail relay down")

    with caplog.at_level(logging.WARNING):
        response = client.post("/api/users", json=NEW_USER, headers=admin_headers)

    assert response.status_code == 201
    assert f"The email {WELCOME_SUBJECT!r} to grace@example.com was not sent." in caplog.messages


def test_the_welcome_email_is_sent_by_a_job_not_by_the_request(
    client, admin_headers, fake_email, monkeypatch
):
    queued = []
    monkeypatch.setattr(users, "enqueue", lambda job, *args: queued.append((job, args)))

    response = client.post("/api/users", json=NEW_USER, headers=admin_headers)

    assert queued == [(send_welcome_email, (response.get_json()["id"],))]
    assert fake_email.sent == []
