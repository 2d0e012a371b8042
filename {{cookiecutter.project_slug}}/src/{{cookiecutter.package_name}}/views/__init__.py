"""The HTML pages: session login (Flask-Login), forms with CSRF tokens (Flask-WTF).

Each module is a nested blueprint, as in the API. Only these pages authenticate by
cookie, so only they need CSRF protection; the API authenticates by bearer token.
"""

from __future__ import annotations

from flask import Blueprint, current_app

from {{ cookiecutter.package_name }}.extensions import csrf
from {{ cookiecutter.package_name }}.views import auth, dashboard, headers


def check_csrf_token() -> None:
    """Answer a POST to any page with 400 unless it carries its form's CSRF token."""
    # Flask-WTF's app-wide check is off (WTF_CSRF_CHECK_DEFAULT), so this one honours the switch.
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()


blueprint = Blueprint("views", __name__)
blueprint.register_blueprint(auth.blueprint)
blueprint.register_blueprint(dashboard.blueprint)
# Registered by calls, not decorators: mutation testing reaches undecorated functions only.
blueprint.before_request(check_csrf_token)
blueprint.after_app_request(headers.add_security_headers)
