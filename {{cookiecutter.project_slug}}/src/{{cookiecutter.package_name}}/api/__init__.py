"""The JSON API, mounted under /api: each module is a nested blueprint."""

from __future__ import annotations

from flask import Blueprint

from {{ cookiecutter.package_name }}.api import (
{%- if cookiecutter.examples %}
    avatars,
{%- endif %}
    errors,
    health,
{%- if cookiecutter.examples %}
    orders,
{%- endif %}
    tokens,
    users,
{%- if cookiecutter.examples %}
    weather,
{%- endif %}
)

blueprint = Blueprint("api", __name__, url_prefix="/api")
blueprint.register_blueprint(health.blueprint)
blueprint.register_blueprint(tokens.blueprint)
blueprint.register_blueprint(users.blueprint)
{%- if cookiecutter.examples %}
blueprint.register_blueprint(avatars.blueprint)
blueprint.register_blueprint(orders.blueprint)
blueprint.register_blueprint(weather.blueprint)
{%- endif %}
errors.register(blueprint)
