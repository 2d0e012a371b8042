"""The application factory: create_app builds the app for one configuration."""

from __future__ import annotations

import os

from flask import Flask

from {{ cookiecutter.package_name }} import api, cli, extensions{% if cookiecutter.examples %}, services{% endif %}{% if cookiecutter.examples %}, tasks{% endif %}, urls, views
from {{ cookiecutter.package_name }}.config import (
    Config,
    config_class,
    instance_path,
    settings_from_environment,
)


def create_app(config: str | type[Config] | None = None) -> Flask:
    """Build the application for a configuration name ("testing") or class.

    Without an argument the name comes from $FLASK_CONFIG, then "development".
    """
    app = Flask(__name__, instance_path=instance_path())
    chosen = config_class(config)
    app.config.from_object(chosen)
    app.config.update(settings_from_environment(chosen, os.environ))

    urls.init_app(app)
    extensions.init_app(app)
{%- if cookiecutter.examples %}
    services.init_app(app)
{%- endif %}
{%- if cookiecutter.background_tasks == "celery" %}
    tasks.make_celery(app)
{%- elif cookiecutter.examples %}
    tasks.init_app(app)
{%- endif %}
    app.register_blueprint(api.blueprint)
    app.register_blueprint(views.blueprint)
    cli.init_app(app)
    return app
