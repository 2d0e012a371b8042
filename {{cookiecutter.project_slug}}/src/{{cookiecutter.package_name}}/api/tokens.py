"""POST /api/tokens: exchange an email and password for a bearer token."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from {{ cookiecutter.package_name }}.api.auth import unauthorized
from {{ cookiecutter.package_name }}.api.schemas import TokenRequest, parse_body
from {{ cookiecutter.package_name }}.security import authenticate, issue_token

blueprint = Blueprint("tokens", __name__)


def create_token() -> dict[str, Any]:
    credentials = parse_body(TokenRequest)
    user = authenticate(credentials.email, credentials.password)
    if user is None:
        # One answer for every failure, so the API does not reveal which emails exist.
        raise unauthorized("Invalid email or password.")
    return {
        "token": issue_token(user),
        "token_type": "Bearer",
        "expires_in": current_app.config["TOKEN_MAX_AGE"],
    }


# The routes, registered here rather than by decorators on the views: mutation testing
# (TESTING.md) makes mutants of undecorated functions only, so this way the views count.
blueprint.add_url_rule("/tokens", view_func=create_token, methods=["POST"])
