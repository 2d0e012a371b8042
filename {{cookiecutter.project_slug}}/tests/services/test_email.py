"""Email: the SMTP service against a real SMTP server on this machine, the log, send_email."""

from __future__ import annotations

import logging
import socket

import pytest
from flask import Flask

from {{ cookiecutter.package_name }}.services.email import (
    EmailDeliveryError,
    LogEmailService,
    SmtpEmailService,
    email_service,
    init_app,
    send_email,
)

from tests.fakes import SentEmail


def test_smtp_service_delivers_a_message(smtp_server):
    service = SmtpEmailService(smtp_server.host, smtp_server.port, "app@example.com", timeout=5)

    service.send("ada@example.com", "Hello", "First line.\nSecond line.")

    [message] = smtp_server.messages
    assert message["From"] == "app@example.com"
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Hello"
    assert message.get_content().splitlines() == ["First line.", "Second line."]


def test_unreachable_smtp_server_is_a_delivery_error():
    # A port that was free a moment ago: nothing listens there, so the connection is refused.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    service = SmtpEmailService("127.0.0.1", port, "app@example.com", timeout=5)

    with pytest.raises(EmailDeliveryError, match=f"127.0.0.1:{port}"):
        service.send("ada@example.com", "Hello", "Anyone there?")


def test_init_app_builds_the_smtp_service_from_the_mail_settings():
    app = Flask(__name__)
    app.config.update(
        MAIL_HOST="mail.example.com", MAIL_PORT=2525, MAIL_SENDER="app@example.com", MAIL_TIMEOUT=3
    )

    init_app(app)

    with app.app_context():
        assert email_service() == SmtpEmailService("mail.example.com", 2525, "app@example.com", 3)


def test_without_mail_host_the_mail_goes_to_the_log(caplog):
    """Development needs no mail server: MAIL_HOST unset writes each message to the log."""
    app = Flask(__name__)
    app.config.update(MAIL_HOST=None)
    init_app(app)

    with app.app_context(), caplog.at_level(logging.INFO):
        service = email_service()
        service.send("ada@example.com", "Hello", "First line.")

    assert isinstance(service, LogEmailService)
    assert caplog.messages == ["Email to ada@example.com: Hello\nFirst line."]


def test_a_server_that_never_answers_is_a_delivery_error_after_the_timeout():
    """A hung relay: the system accepts the connection, and nobody ever says a word."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        service = SmtpEmailService("127.0.0.1", port, "app@example.com", timeout=0.2)

        with pytest.raises(EmailDeliveryError) as raised:
            service.send("ada@example.com", "Hello", "Anyone there?")

    assert str(raised.value) == f"sending through 127.0.0.1:{port} failed"
    # smtplib reports the wait for the greeting that timed out as a lost connection.
    assert str(raised.value.__cause__) == "Connection unexpectedly closed: timed out"


def test_send_email_says_that_the_message_went(app_context, fake_email):
    assert send_email("ada@example.com", "Hello", "First line.") is True
    assert fake_email.sent == [SentEmail("ada@example.com", "Hello", "First line.")]


def test_send_email_logs_a_failed_delivery_and_says_so(app_context, fake_email, caplog):
    fake_email.fail_with = EmailDeliveryError("the relay is down")

    with caplog.at_level(logging.WARNING):
        assert send_email("ada@example.com", "Hello", "First line.") is False

    assert caplog.messages == ["The email 'Hello' to ada@example.com was not sent."]
    assert caplog.records[0].exc_info[1] is fake_email.fail_with
