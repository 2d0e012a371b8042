"""The factory builds an app per configuration, and production refuses to start half-configured."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.config import (
    ConfigurationError,
    DevelopmentConfig,
    ProductionConfig,
    TestingConfig,
)

PRODUCTION_ENV = {
    "SECRET_KEY": "s3cret-from-the-vault",
    "DATABASE_URL": "sqlite://",
{%- if cookiecutter.background_tasks == "celery" %}
    "REDIS_URL": "redis://broker.internal:6379/0",
{%- endif %}
}


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Sets every variable production needs; tests remove or break one of them."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    return PRODUCTION_ENV


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


@pytest.mark.parametrize("variable", list(PRODUCTION_ENV))
def test_production_refuses_to_start_without(variable, production_env, monkeypatch):
    monkeypatch.delenv(variable)

    with pytest.raises(ConfigurationError, match=rf"^{variable} is not set"):
        create_app("production")


def test_blank_secret_counts_as_missing(production_env, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "   ")

    with pytest.raises(ConfigurationError, match=r"^SECRET_KEY is not set"):
        create_app("production")


@pytest.mark.parametrize("value", ["soon", "0", "-5"])
def test_invalid_token_max_age_is_named(value, production_env, monkeypatch):
    monkeypatch.setenv("TOKEN_MAX_AGE", value)

    with pytest.raises(ConfigurationError, match=f"TOKEN_MAX_AGE='{value}' is not valid"):
        create_app("production")


def test_token_max_age_from_environment(production_env, monkeypatch):
    monkeypatch.setenv("TOKEN_MAX_AGE", "60")

    assert create_app("production").config["TOKEN_MAX_AGE"] == 60
