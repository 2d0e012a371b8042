"""Configuration classes, chosen by name and completed from environment variables.

Variables are read when the application is created, not when this module is imported,
so a test can set or remove one with ``monkeypatch`` and build a fresh app.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


PACKAGE_DIR = Path(__file__).resolve().parent


class ConfigurationError(RuntimeError):
    """The application cannot start with the configuration it was given."""


# What the messages below recommend: 32 random bytes, as Flask's documentation generates them.
SECRET_KEY_COMMAND = "python -c 'import secrets; print(secrets.token_hex())'"  # noqa: S105 - a command
# A key shorter than this is too short to be random; token_hex() gives 64 characters.
SECRET_KEY_MIN_LENGTH = 32
# Random keys of 32 or more characters practically never repeat this few characters
# (a 32-character hex key: about once in 30 million); "changeme" written four times does.
SECRET_KEY_MIN_DISTINCT = 8


def whole_number(value: str, low: int, high: int | None, expected: str) -> int:
    """The value as an int from low to high (no upper limit when high is None)."""
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < low or (high is not None and number > high):
        raise ValueError(f"expected {expected}")
    return number


def positive_int(value: str) -> int:
    """A whole number above zero, as used for durations and sizes."""
    return whole_number(value, 1, None, "a whole number above zero")
{%- if cookiecutter.examples %}


def port_number(value: str) -> int:
    """A TCP port: 1 to 65535."""
    return whole_number(value, 1, 65535, "a port number from 1 to 65535")
{%- endif %}


def database_url(value: str) -> str:
    """A SQLAlchemy database URL whose dialect and driver are installed."""
    try:
        url = make_url(value)
    except ArgumentError:
        raise ValueError(
            "expected a URL such as postgresql+psycopg://user:password@host:5432/name"
        ) from None
    try:
        url.get_dialect().import_dbapi()
    except NoSuchModuleError:
        raise ValueError(f"SQLAlchemy has no dialect named {url.drivername!r}") from None
    except ImportError as error:
        raise ValueError(f"its driver, {error.name}, is not installed") from None
    return value


def debugger_off(value: str) -> bool:
    """FLASK_DEBUG in production: only a value Flask reads as "off" (0, false, no) is accepted.

    Flask turns the interactive debugger on from FLASK_DEBUG (or ``flask --debug``) before
    any configuration is read, and that debugger runs any code a visitor types.
    """
    if value.lower() in {"0", "false", "no"}:
        return False
    raise ValueError(
        "it turns on the interactive debugger, which lets anyone who reaches the server run "
        "code on it; unset it"
    )


def strong_secret_key(value: str) -> str:
    """SECRET_KEY in production: long and varied enough to be random, and not a shipped default."""
    if value in SHIPPED_SECRET_KEYS:
        problem = "it is a default that ships with this project"
    elif len(value) < SECRET_KEY_MIN_LENGTH:
        problem = f"it is shorter than {SECRET_KEY_MIN_LENGTH} characters, too short to be random"
    elif len(set(value)) < SECRET_KEY_MIN_DISTINCT:
        problem = "it repeats a few characters, as no random key does"
    else:
        return value
    raise ValueError(f"{problem} (generate one with: {SECRET_KEY_COMMAND})")


@dataclass(frozen=True)
class EnvVar:
    """An environment variable that fills one Flask setting.

    ``parse`` turns the text into the setting's value, raising ValueError with the reason
    when it cannot. A ``secret`` value is never repeated in an error message.
    """

    name: str
    setting: str
    parse: Callable[[str], Any] = str
    required: bool = False
    secret: bool = False
{%- if cookiecutter.examples %}


# Where the services find the outside world; read by every environment except testing.
# MAIL_HOST is not among them: production requires it, development may leave it out.
SERVICE_VARIABLES = (
    EnvVar("MAIL_PORT", "MAIL_PORT", port_number),
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
    # Outgoing mail goes to the SMTP relay at MAIL_HOST; None writes it to the app's log
    # instead (development needs no mail server). Tests install a fake service.
    MAIL_HOST: str | None = None
    MAIL_PORT = 25
    MAIL_SENDER = "no-reply@example.com"
    # Seconds to wait for a server that does not answer. Mail is sent by background jobs,
    # never while a client waits, but a hung server must not hold a job thread for long.
    MAIL_TIMEOUT = 5.0
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
{%- elif cookiecutter.examples %}
    # Threads per process that run background jobs (tasks.py), and how many jobs may wait
    # for them before new ones are dropped. 0 threads: every job runs when queued.
    JOB_THREADS = 2
    JOB_CAPACITY = 100
{%- endif %}

    ENVIRONMENT: ClassVar[tuple[EnvVar, ...]] = (
        EnvVar("SECRET_KEY", "SECRET_KEY"),
        EnvVar("DATABASE_URL", "SQLALCHEMY_DATABASE_URI", database_url, secret=True),
        EnvVar("TOKEN_MAX_AGE", "TOKEN_MAX_AGE", positive_int),
{%- if cookiecutter.examples %}
        EnvVar("MAIL_HOST", "MAIL_HOST"),
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
{%- elif cookiecutter.examples %}
    # Jobs run where they are queued, so a test sees their effects at once.
    JOB_THREADS = 0
{%- endif %}

    # Never DATABASE_URL: a developer's own database must not be what the tests roll back.
{%- if cookiecutter.background_tasks == "celery" %}
    # REDIS_URL only tells the integration tests where Redis is.
    ENVIRONMENT = (
        EnvVar("TEST_DATABASE_URL", "SQLALCHEMY_DATABASE_URI", database_url, secret=True),
        EnvVar("REDIS_URL", "REDIS_URL"),
    )
{%- else %}
    ENVIRONMENT = (
        EnvVar("TEST_DATABASE_URL", "SQLALCHEMY_DATABASE_URI", database_url, secret=True),
    )
{%- endif %}


class ProductionConfig(Config):
    """Production: secrets from the environment only; a missing or unsafe one stops the start."""

    # Flask fills DEBUG from FLASK_DEBUG when it creates the app; production says its own.
    DEBUG = False
    TESTING = False
    SESSION_COOKIE_SECURE = True
    ENVIRONMENT = (
        EnvVar("FLASK_DEBUG", "DEBUG", debugger_off),
        EnvVar("SECRET_KEY", "SECRET_KEY", strong_secret_key, required=True, secret=True),
        EnvVar(
            "DATABASE_URL", "SQLALCHEMY_DATABASE_URI", database_url, required=True, secret=True
        ),
        EnvVar("TOKEN_MAX_AGE", "TOKEN_MAX_AGE", positive_int),
{%- if cookiecutter.examples %}
        # Customers' receipts must reach them, not a log file.
        EnvVar("MAIL_HOST", "MAIL_HOST", required=True),
        *SERVICE_VARIABLES,
{%- endif %}
{%- if cookiecutter.background_tasks == "celery" %}
        # Without a broker, placed orders would never be confirmed.
        EnvVar("REDIS_URL", "REDIS_URL", required=True, secret=True),
{%- endif %}
    )


# Keys committed in this file: anyone who reads the code knows them.
SHIPPED_SECRET_KEYS = frozenset({DevelopmentConfig.SECRET_KEY, TestingConfig.SECRET_KEY})


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def instance_path(package_dir: Path = PACKAGE_DIR) -> str | None:
    """``instance/`` at the project's root when the app runs from a checkout (a src layout).

    None otherwise, for Flask's own choice: an installed wheel (the Docker image) has no
    project root, and Flask picks ``<prefix>/var/<package>-instance``. Flask alone would
    pick ``src/instance/`` in a checkout, where nobody looks for it.
    """
    if package_dir.parent.name == "src":
        return str(package_dir.parent.parent / "instance")
    return None


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
        except ValueError as error:
            shown = variable.name if variable.secret else f"{variable.name}={raw!r}"
            raise ConfigurationError(f"{shown} is not valid: {error}.") from None
    return settings
