"""Password hashing and signed, expiring API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

if TYPE_CHECKING:
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
