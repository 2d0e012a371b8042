"""The factory builds an app per configuration; production refuses to start unsafe or incomplete.

``production_env`` (tests/conftest.py) sets what production needs; each test breaks one thing.
"""

from __future__ import annotations

import contextvars
import functools
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup

import {{ cookiecutter.package_name }}
from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.config import (
    SECRET_KEY_COMMAND,
    ConfigurationError,
    DevelopmentConfig,
    ProductionConfig,
    TestingConfig,
    instance_path,
)

from tests.database import configured_database_url

REQUIRED_IN_PRODUCTION = [
    variable.name for variable in ProductionConfig.ENVIRONMENT if variable.required
]


def test_the_instance_folder_is_at_the_root_of_the_checkout():
    """Where the development database and uploads go: instance/ beside src/.

    An app of its own, not the session's: mutation testing credits what a session fixture
    runs to the first test that asked for it, and only that test would check the factory.
    """
    project_root = Path({{ cookiecutter.package_name }}.__file__).resolve().parents[2]

    assert create_app("testing").instance_path == str(project_root / "instance")


def test_an_installed_package_leaves_the_instance_folder_to_flask(tmp_path):
    """In a wheel, as in the Docker image, there is no checkout for an instance folder."""
    assert instance_path(tmp_path / "site-packages" / "{{ cookiecutter.package_name }}") is None


def test_testing_config_is_used_by_the_suite(app):
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.mark.parametrize(
    ("name", "config"),
    [("development", DevelopmentConfig), ("testing", TestingConfig)],
)
def test_create_app_by_name(name, config):
    app = create_app(name)

    assert app.config["SECRET_KEY"] == config.SECRET_KEY


def test_create_app_accepts_a_config_class():
    assert create_app(TestingConfig).testing


def test_flask_config_variable_chooses_the_default(monkeypatch):
    monkeypatch.setenv("FLASK_CONFIG", "testing")

    assert create_app().testing


def test_without_flask_config_the_app_is_for_development(monkeypatch):
    monkeypatch.delenv("FLASK_CONFIG", raising=False)

    assert create_app().config["SECRET_KEY"] == DevelopmentConfig.SECRET_KEY


def test_unknown_config_name_lists_the_choices():
    with pytest.raises(ConfigurationError, match=r"'staging'.*development, production, testing"):
        create_app("staging")


def test_test_database_url_overrides_the_testing_database(monkeypatch):
    monkeypatch.setenv("TEST_DATABASE_URL", "sqlite:///elsewhere.sqlite3")

    assert create_app("testing").config["SQLALCHEMY_DATABASE_URI"].endswith("elsewhere.sqlite3")


def test_testing_ignores_the_developers_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://somewhere/precious")
    monkeypatch.delenv("TEST_DATABASE_URL", raising=False)

    assert "precious" not in create_app("testing").config["SQLALCHEMY_DATABASE_URI"]


def test_production_starts_with_its_secrets(production_env):
    app = create_app(ProductionConfig)

    assert app.config["SECRET_KEY"] == production_env["SECRET_KEY"]
    assert app.config["SESSION_COOKIE_SECURE"]
    assert not app.debug
    assert not app.testing


@pytest.mark.parametrize("variable", REQUIRED_IN_PRODUCTION)
def test_production_refuses_to_start_without(variable, production_env, monkeypatch):
    monkeypatch.delenv(variable)

    with pytest.raises(ConfigurationError) as refused:
        create_app("production")

    assert str(refused.value) == (
        f"{variable} is not set: ProductionConfig refuses to start without it."
    )


def test_blank_secret_counts_as_missing(production_env, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "   ")

    with pytest.raises(ConfigurationError, match=r"^SECRET_KEY is not set"):
        create_app("production")


# --- the interactive debugger ----------------------------------------------------------------

DEBUGGER_REFUSED = (
    "is not valid: it turns on the interactive debugger, which lets anyone who reaches the "
    "server run code on it; unset it."
)


@pytest.mark.parametrize("value", ["1", "true", "yes", "on", "TRUE"])
def test_production_refuses_flask_debug(value, production_env, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", value)

    with pytest.raises(ConfigurationError) as refused:
        create_app("production")

    assert str(refused.value) == f"FLASK_DEBUG={value!r} {DEBUGGER_REFUSED}"


@pytest.mark.parametrize("value", ["0", "false", "no", "False"])
def test_production_accepts_flask_debug_switched_off(value, production_env, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", value)

    assert not create_app("production").debug


def test_flask_debug_option_cannot_start_production(production_env):
    """`flask --debug run` sets FLASK_DEBUG before it loads the app: the app refuses to load."""
    flask_command = FlaskGroup(create_app=lambda: create_app("production"), load_dotenv=False)
    # --debug writes FLASK_DEBUG into os.environ; named in env, the runner restores it after.
    invoke = functools.partial(CliRunner().invoke, env={"FLASK_DEBUG": None})

    # `flask routes` would use the test's own app context instead of loading the app: run the
    # command in a fresh context, where none is pushed.
    result = contextvars.Context().run(invoke, flask_command, ["--debug", "routes"])

    assert isinstance(result.exception, ConfigurationError)
    assert str(result.exception) == f"FLASK_DEBUG='1' {DEBUGGER_REFUSED}"
    assert "FLASK_DEBUG" not in os.environ


# --- the secret key --------------------------------------------------------------------------


def refusal_of_secret_key(problem: str) -> str:
    return f"SECRET_KEY is not valid: {problem} (generate one with: {SECRET_KEY_COMMAND})."


TOO_SHORT = "it is shorter than 32 characters, too short to be random"


@pytest.mark.parametrize(
    ("secret_key", "problem"),
    [
        ("a", TOO_SHORT),
        ("dev", TOO_SHORT),
        ("changeme", TOO_SHORT),
        ("0123456789abcdef0123456789abcde", TOO_SHORT),  # 31 characters
        (DevelopmentConfig.SECRET_KEY, "it is a default that ships with this project"),
        (TestingConfig.SECRET_KEY, "it is a default that ships with this project"),
        ("changeme" * 4, "it repeats a few characters, as no random key does"),
        ("x" * 64, "it repeats a few characters, as no random key does"),
    ],
)
def test_production_refuses_a_weak_secret_key(secret_key, problem, production_env, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secret_key)

    with pytest.raises(ConfigurationError) as refused:
        create_app("production")

    assert str(refused.value) == refusal_of_secret_key(problem)


@pytest.mark.parametrize(
    "secret_key",
    [
        "0123456789abcdef0123456789abcdef",  # exactly 32 characters
        "abcdefgh" * 4,  # exactly 8 different characters
    ],
)
def test_production_accepts_a_secret_key_at_the_limits(secret_key, production_env, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secret_key)

    assert create_app("production").config["SECRET_KEY"] == secret_key


def test_a_refused_secret_is_not_repeated(production_env, monkeypatch):
    """Error messages end up in logs, which more people read than the vault."""
    monkeypatch.setenv("SECRET_KEY", "hunter2-hunter2")

    with pytest.raises(ConfigurationError) as refused:
        create_app("production")

    assert "hunter2" not in str(refused.value)


# --- the database URL ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("not a url", "expected a URL such as postgresql+psycopg://user:password@host:5432/name"),
        ("nosuchdatabase://db/app", "SQLAlchemy has no dialect named 'nosuchdatabase'"),
        ("mysql+pymysql://app:hunter2@db/app", "its driver, pymysql, is not installed"),
    ],
)
def test_production_names_an_unusable_database_url(url, problem, production_env, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", url)

    with pytest.raises(ConfigurationError) as refused:
        create_app("production")

    # The URL is not repeated: it usually holds a password.
    assert str(refused.value) == f"DATABASE_URL is not valid: {problem}."


def test_an_unusable_test_database_url_stops_the_run(monkeypatch):
    monkeypatch.setenv("TEST_DATABASE_URL", "not a url")

    with pytest.raises(pytest.UsageError) as refused:
        configured_database_url()

    assert str(refused.value) == (
        "TEST_DATABASE_URL is not valid: "
        "expected a URL such as postgresql+psycopg://user:password@host:5432/name."
    )


# --- numbers ---------------------------------------------------------------------------------

POSITIVE = "expected a whole number above zero"
{%- if cookiecutter.examples %}
PORT = "expected a port number from 1 to 65535"
{%- endif %}
# Each setting's refused values, the first just outside its range, and the message.
REFUSED_NUMBERS = [
    *[("TOKEN_MAX_AGE", value, POSITIVE) for value in ["0", "-5", "soon", "1.5"]],
{%- if cookiecutter.examples %}
    *[("MAIL_PORT", value, PORT) for value in ["0", "65536", "smtp"]],
{%- endif %}
]
# ... and the values at the very edges of the range, which are accepted.
ACCEPTED_NUMBERS = [
    ("TOKEN_MAX_AGE", "1"),
    ("TOKEN_MAX_AGE", "60"),
{%- if cookiecutter.examples %}
    ("MAIL_PORT", "1"),
    ("MAIL_PORT", "65535"),
{%- endif %}
]


@pytest.mark.parametrize(("variable", "value", "expected"), REFUSED_NUMBERS)
def test_a_number_out_of_range_is_named(variable, value, expected, production_env, monkeypatch):
    monkeypatch.setenv(variable, value)

    with pytest.raises(ConfigurationError) as refused:
        create_app("production")

    assert str(refused.value) == f"{variable}={value!r} is not valid: {expected}."


@pytest.mark.parametrize(("variable", "value"), ACCEPTED_NUMBERS)
def test_a_number_at_the_edge_of_its_range_is_taken(variable, value, production_env, monkeypatch):
    monkeypatch.setenv(variable, value)

    assert create_app("production").config[variable] == int(value)
