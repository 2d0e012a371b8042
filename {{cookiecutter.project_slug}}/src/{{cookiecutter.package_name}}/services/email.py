"""Sending email through whichever service the app was given.

Interface, for the views and the tests:

    email_service().send(to, subject, body)   # raises EmailDeliveryError when it fails

``email_service()`` returns ``current_app.extensions["email"]``, installed by ``init_app``
(an SmtpEmailService configured by MAIL_HOST, MAIL_PORT and MAIL_SENDER, or without
MAIL_HOST a LogEmailService that writes the messages to the app's log). A test puts a
fake in its place with ``monkeypatch.setitem(app.extensions, "email", fake)``: the
service is injected through the app, never held in a module global.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING, Protocol

from flask import current_app

if TYPE_CHECKING:
    from flask import Flask

EXTENSION_KEY = "email"
{{ python_constant("WELCOME_SUBJECT", "Welcome to " ~ cookiecutter.project_name) }}


class EmailDeliveryError(Exception):
    """The message could not be handed to the mail server."""


class EmailService(Protocol):
    """What the app needs from a mail service: send one plain-text message."""

    def send(self, to: str, subject: str, body: str) -> None:
        """Deliver one message, or raise EmailDeliveryError."""


@dataclass(frozen=True)
class SmtpEmailService:
    """Hands messages to an SMTP server, e.g. the relay of the host the app runs on."""

    host: str
    port: int
    sender: str
    # Seconds to wait for the server: a hung relay must not hold a request forever.
    timeout: float

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            raise EmailDeliveryError(f"sending through {self.host}:{self.port} failed") from error


@dataclass(frozen=True)
class LogEmailService:
    """Writes each message to the app's log: mail in development, without a mail server."""

    def send(self, to: str, subject: str, body: str) -> None:
        current_app.logger.info("Email to %s: %s\n%s", to, subject, body)


def init_app(app: Flask) -> None:
    """Give the app an SMTP service built from its MAIL_* settings; the log without MAIL_HOST."""
    host = app.config["MAIL_HOST"]
    if host is None:
        app.extensions[EXTENSION_KEY] = LogEmailService()
        return
    app.extensions[EXTENSION_KEY] = SmtpEmailService(
        host=host,
        port=app.config["MAIL_PORT"],
        sender=app.config["MAIL_SENDER"],
        timeout=app.config["MAIL_TIMEOUT"],
    )


def email_service() -> EmailService:
    """The email service of the current app."""
    service: EmailService = current_app.extensions[EXTENSION_KEY]
    return service


def send_email(to: str, subject: str, body: str) -> bool:
    """Send a message, or log why not and return False.

    For mail whose loss must not undo the work that came before it: the account or the
    order is stored by then, and an error would only make the client try again.
    """
    try:
        email_service().send(to, subject, body)
    except EmailDeliveryError:
        current_app.logger.warning("The email %r to %s was not sent.", subject, to, exc_info=True)
        return False
    return True


def welcome_text(name: str) -> str:
    """The body of the welcome email."""
    return f"Hello {name},\n\nyour account is ready: sign in with this email address.\n"
