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


class Config:
    """Settings shared by every environment."""

    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    # Seconds an API bearer token stays valid after it was issued.
    TOKEN_MAX_AGE = 3600
    # werkzeug's default is deliberately slow to brute-force; TestingConfig trades that for speed.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    ENVIRONMENT: ClassVar[tuple[EnvVar, ...]] = (
        EnvVar("SECRET_KEY", "SECRET_KEY"),
        EnvVar("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"),
        EnvVar("TOKEN_MAX_AGE", "TOKEN_MAX_AGE", positive_int),
    )


class DevelopmentConfig(Config):
    """Local development: debug on, a SQLite file in the instance folder unless told otherwise."""

    DEBUG = True
    SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside a developer's machine
    SQLALCHEMY_DATABASE_URI = "sqlite:///development.sqlite3"


class TestingConfig(Config):
    """The test suite: in-memory SQLite unless TEST_DATABASE_URL names another database."""

    TESTING = True
    SECRET_KEY = "testing-not-secret"  # noqa: S105 - a fixed key keeps tokens reproducible
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # One iteration: tests check that hashing is used, not how slow it is.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # noqa: S105 - a method name, not a password

    # Never DATABASE_URL: a developer's own database must not be what the tests roll back.
    ENVIRONMENT = (EnvVar("TEST_DATABASE_URL", "SQLALCHEMY_DATABASE_URI"),)


class ProductionConfig(Config):
    """Production: secrets come from the environment only, and their absence stops the start."""

    SESSION_COOKIE_SECURE = True
    ENVIRONMENT = (
        EnvVar("SECRET_KEY", "SECRET_KEY", required=True),
        EnvVar("DATABASE_URL", "SQLALCHEMY_DATABASE_URI", required=True),
        EnvVar("TOKEN_MAX_AGE", "TOKEN_MAX_AGE", positive_int),
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
