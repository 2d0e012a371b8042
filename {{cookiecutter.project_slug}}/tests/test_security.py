"""Signing in checks a password hash whether or not the email has an account."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }} import security

from tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def hash_checks(monkeypatch):
    """Records every password hash check that signing in makes; the patch is undone after."""
    checked: list[str] = []
    real_check = security.check_password_hash

    def check(pwhash: str, password: str) -> bool:
        checked.append(password)
        return real_check(pwhash, password)

    monkeypatch.setattr(security, "check_password_hash", check)
    return checked


def test_the_right_password_signs_in(db):
    user = UserFactory(email="ada@example.com")

    assert security.authenticate(" Ada@Example.com ", DEFAULT_PASSWORD) == user


@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        pytest.param("ada@example.com", "wrong password", True, id="wrong-password"),
        pytest.param("nobody@example.com", DEFAULT_PASSWORD, True, id="unknown-email"),
        pytest.param("ada@example.com", DEFAULT_PASSWORD, False, id="inactive-user"),
    ],
)
def test_every_refusal_costs_one_hash_check(db, hash_checks, email, password, active):
    """An unknown email takes as long as a wrong password: timing reveals no accounts."""
    UserFactory(email="ada@example.com", is_active=active)

    assert security.authenticate(email, password) is None
    assert hash_checks == [password]


def test_passwords_are_hashed_with_the_configured_method(app_context):
    """TestingConfig's one-round PBKDF2 keeps factories fast; production names scrypt."""
    method, _salt, _digest = security.hash_password("a password").split("$")

    assert method == "pbkdf2:sha256:1"
