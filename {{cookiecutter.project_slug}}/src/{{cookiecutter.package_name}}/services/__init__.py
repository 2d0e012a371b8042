"""The work behind the endpoints: email, the weather API and placing orders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from {{ cookiecutter.package_name }}.services import email

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    """Install the app's services on ``app.extensions``, where tests can swap in fakes."""
    email.init_app(app)
