"""Configuration classes, chosen by name and completed from environment variables.

Variables are read when the application is created, not when this module is imported,
so a test can set or remove one with ``monkeypatch`` and build a fresh app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


class ConfigurationError(RuntimeError):
    """The application cannot start with the configuration it was given."""


def positive_int(value: str) -> int:
    """Parse a whole number above zero, as used for durations and sizes."""
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


@dataclass(frozen=True)
class EnvVar:
    """An environment variable that fills one Flask setting."""

    name: str
    setting: str
    parse: Callable[[str], Any] = str
    required: bool = False
{%- if cookiecutter.examples %}


# Where the services find the outside world; read by every environment except testing.
SERVICE_VARIABLES = (
    EnvVar("MAIL_HOST", "MAIL_HOST"),
    EnvVar("MAIL_PORT", "MAIL_PORT", positive_int),
    EnvVar("MAIL_SENDER", "MAIL_SENDER"),
    EnvVar("WEATHER_API_URL", "WEATHER_API_URL"),
    EnvVar("UPLOAD_FOLDER", "UPLOAD_FOLDER"),
)
{%- endif %}


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    # A server restart or an idle timeout can close pooled connections: test each one with a
    # ping as it is checked out, rather than fail the request that gets it.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    # Seconds an API bearer token stays valid after it was issued.
    TOKEN_MAX_AGE = 3600
    # werkzeug's default is deliberately slow to brute-force; TestingConfig trades that for speed.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # The session cookie of the HTML views: out of reach of scripts, and not sent along with
    # requests that other sites start (ProductionConfig adds Secure).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # CSRF tokens are checked by the views blueprint only (views/__init__.py): the API
    # authenticates by bearer token, which a browser never sends on its own.
    WTF_CSRF_CHECK_DEFAULT = False
{%- if cookiecutter.examples %}
    # Outgoing mail goes to an SMTP relay; tests install a fake service instead.
    MAIL_HOST = "localhost"
    MAIL_PORT = 25
    MAIL_SENDER = "no-reply@example.com"
    # Seconds to wait for a server that does not answer, so a request cannot hang on it.
    MAIL_TIMEOUT = 10.0
    WEATHER_API_URL = "https://weather.example.com/v1"
    WEATHER_TIMEOUT = 5.0
    # None: the "uploads" folder inside the app's instance folder.
    UPLOAD_FOLDER: str | None = None
    # The largest avatar upload, counted over the whole request (the form adds a few bytes).
    AVATAR_MAX_BYTES = 5 * 1024 * 1024
{%- endif %}
{%- if cookiecutter.background_tasks == "celery" %}
    # Celery's broker and result backend.
    REDIS_URL = "redis://127.0.0.1:6379/0"
    # True runs each job inside .delay(), in the caller's process: no broker, no worker.
    CELERY_TASK_ALWAYS_EAGER = False
{%- endif %}

    ENVIRONMENT: ClassVar[tuple[EnvVar, ...]] = (
        EnvVar("SECRET_KEY", "SECRET_KEY"),
        EnvVar("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"),
        EnvVar("TOKEN_MAX_AGE", "TOKEN_MAX_AGE", positive_int),
{%- if cookiecutter.examples %}
        *SERVICE_VARIABLES,
{%- endif %}
{%- if cookiecutter.background_tasks == "celery" %}
        EnvVar("REDIS_URL", "REDIS_URL"),
{%- endif %}
    )


{%- if cookiecutter.database == "postgresql" %}


# The server a developer runs (README), as the postgres user; DATABASE_URL points elsewhere.
LOCAL_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432"
{%- endif %}


class DevelopmentConfig(Config):
{%- if cookiecutter.database == "postgresql" %}
    """Local development: debug on, PostgreSQL on this machine unless told otherwise."""
{%- else %}
    """Local development: debug on, a SQLite file in the instance folder unless told otherwise."""
{%- endif %}

    DEBUG = True
    SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside a developer's machine
{%- if cookiecutter.database == "postgresql" %}
    SQLALCHEMY_DATABASE_URI = f"{LOCAL_POSTGRESQL}/{{ cookiecutter.package_name }}"
{%- else %}
    SQLALCHEMY_DATABASE_URI = "sqlite:///development.sqlite3"
{%- endif %}


class TestingConfig(Config):
{%- if cookiecutter.database == "postgresql" %}
    """The test suite: a PostgreSQL test database on this machine, or TEST_DATABASE_URL's."""
{%- else %}
    """The test suite: in-memory SQLite unless TEST_DATABASE_URL names another database."""
{%- endif %}

    TESTING = True
    SECRET_KEY = "testing-not-secret"  # noqa: S105 - a fixed key keeps tokens reproducible
{%- if cookiecutter.database == "postgresql" %}
    SQLALCHEMY_DATABASE_URI = f"{LOCAL_POSTGRESQL}/{{ cookiecutter.package_name }}_test"
{%- else %}
    SQLALCHEMY_DATABASE_URI = "sqlite://"
{%- endif %}
    # One iteration: tests check that hashing is used, not how slow it is.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # noqa: S105 - a method name, not a password
    # Tests post forms without first fetching a page for its token; tests/views/test_csrf.py
    # turns the check back on to prove that it works.
    WTF_CSRF_ENABLED = False
    # Every test checks a connection out of the pool; pinging it first would cost each test a
    # round trip to the database, and a test run's connections never sit idle long enough to
    # go stale.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {}

{%- if cookiecutter.background_tasks == "celery" %}
    # Jobs run where they are queued; the integration tests start a worker of their own.
    CELERY_TASK_ALWAYS_EAGER = True
{%- endif %}

    # Never DATABASE_URL: a developer's own database must not be what the tests roll back.
{%- if cookiecutter.background_tasks == "celery" %}
    # REDIS_URL only tells the integration tests where Redis is.
    ENVIRONMENT = (
        EnvVar("TEST_DATABASE_URL", "SQLALCHEMY_DATABASE_URI"),
        EnvVar("REDIS_URL", "REDIS_URL"),
    )
{%- else %}
    ENVIRONMENT = (EnvVar("TEST_DATABASE_URL", "SQLALCHEMY_DATABASE_URI"),)
{%- endif %}


class ProductionConfig(Config):
    """Production: secrets come from the environment only, and their absence stops the start."""

    SESSION_COOKIE_SECURE = True
    ENVIRONMENT = (
        EnvVar("SECRET_KEY", "SECRET_KEY", required=True),
        EnvVar("DATABASE_URL", "SQLALCHEMY_DATABASE_URI", required=True),
        EnvVar("TOKEN_MAX_AGE", "TOKEN_MAX_AGE", positive_int),
{%- if cookiecutter.examples %}
        *SERVICE_VARIABLES,
{%- endif %}
{%- if cookiecutter.background_tasks == "celery" %}
        # Without a broker, placed orders would never be confirmed.
        EnvVar("REDIS_URL", "REDIS_URL", required=True),
{%- endif %}
    )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_class(name: str | type[Config] | None) -> type[Config]:
    """Return the config class for a name; the default comes from $FLASK_CONFIG."""
    if isinstance(name, type):
        return name
    name = name or os.environ.get("FLASK_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        choices = ", ".join(sorted(CONFIGS))
        raise ConfigurationError(
            f"Unknown configuration {name!r}; use one of: {choices}."
        ) from None


def settings_from_environment(config: type[Config], environ: Mapping[str, str]) -> dict[str, Any]:
    """Read the variables a config class declares, failing with the name of a bad one."""
    settings: dict[str, Any] = {}
    for variable in config.ENVIRONMENT:
        raw = environ.get(variable.name, "").strip()
        if not raw:
            if variable.required:
                raise ConfigurationError(
                    f"{variable.name} is not set: {config.__name__} refuses to start without it."
                )
            continue
        try:
            settings[variable.setting] = variable.parse(raw)
        except ValueError:
            raise ConfigurationError(
                f"{variable.name}={raw!r} is not valid: expected a {variable.parse.__name__}."
            ) from None
    return settings
