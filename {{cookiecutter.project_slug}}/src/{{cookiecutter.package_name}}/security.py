"""Password hashing, sign-in by email and password, and signed, expiring API tokens."""

from __future__ import annotations

from functools import cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User

# Separates API tokens from anything else signed with SECRET_KEY.
TOKEN_SALT = "api-token"  # noqa: S105 - a namespace, not a secret


class InvalidTokenError(Exception):
    """A bearer token that is malformed, tampered with or expired."""


def hash_password(password: str) -> str:
    """Hash a password with the method the current configuration names."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(user: User, password: str) -> bool:
    """Whether the password matches the user's stored hash."""
    return check_password_hash(user.password_hash, password)


@cache
def _hash_of_nothing(method: str) -> str:
    return generate_password_hash("", method=method)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None.

    A password is hashed even when no user has the email, so that the time an answer
    takes does not tell an attacker which emails have accounts.
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password_hash(_hash_of_nothing(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not verify_password(user, password) or not user.is_active:
        return None
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def issue_token(user: User) -> str:
    """A token that identifies the user until TOKEN_MAX_AGE seconds have passed."""
    return _serializer().dumps({"user_id": user.id})


def user_id_from_token(token: str) -> int:
    """The user id a token was issued for; raises InvalidTokenError when it is not valid."""
    try:
        payload = _serializer().loads(token, max_age=current_app.config["TOKEN_MAX_AGE"])
    except SignatureExpired:
        raise InvalidTokenError("token expired") from None
    except BadSignature:
        raise InvalidTokenError("token invalid") from None
    user_id = payload.get("user_id") if isinstance(payload, dict) else None
    if not isinstance(user_id, int):
        raise InvalidTokenError("token invalid")
    return user_id
