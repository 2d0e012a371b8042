"""The JSON API, mounted under /api: each module is a nested blueprint."""

from __future__ import annotations

from flask import Blueprint

from {{ cookiecutter.package_name }}.api import errors, health, tokens, users

blueprint = Blueprint("api", __name__, url_prefix="/api")
blueprint.register_blueprint(health.blueprint)
blueprint.register_blueprint(tokens.blueprint)
blueprint.register_blueprint(users.blueprint)
errors.register(blueprint)
