"""Bearer-token authentication and role checks for API views."""

from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from flask import g, request

from {{ cookiecutter.package_name }}.api.errors import ApiError
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User
from {{ cookiecutter.package_name }}.security import InvalidTokenError, user_id_from_token

if TYPE_CHECKING:
    from collections.abc import Callable

P = ParamSpec("P")
R = TypeVar("R")


def unauthorized(description: str) -> ApiError:
    """A 401 whose challenge header tells the client to send a bearer token."""
    return ApiError(401, description, headers={"WWW-Authenticate": 'Bearer realm="api"'})


def authenticated_user() -> User:
    """The active user the request's bearer token was issued for, or a 401."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise unauthorized("Send a bearer token: 'Authorization: Bearer <token>'.")
    try:
        user_id = user_id_from_token(token.strip())
    except InvalidTokenError as error:
        raise unauthorized(f"The bearer token is not valid ({error}).") from None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise unauthorized("The bearer token's user no longer has access.")
    return user


def current_user() -> User:
    """The user authenticated for this request by token_required."""
    user: User = g.current_user
    return user


def check_admin() -> None:
    """A 403 unless the authenticated user is an admin."""
    if not current_user().is_admin:
        raise ApiError(403, "Only an admin may do this.")


# The two decorators run at import, when the routes are registered: a mutant of their own
# lines would be fixed before any test could choose it, so mutmut is told to make none
# (TESTING.md, "Mutation testing"). What they check is in the functions above.
def token_required(view: Callable[P, R]) -> Callable[P, R]:  # pragma: no mutate block
    """Let the view run only for a request with a valid bearer token."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        g.current_user = authenticated_user()
        return view(*args, **kwargs)

    return wrapper


def admin_required(view: Callable[P, R]) -> Callable[P, R]:  # pragma: no mutate block
    """Let the view run only for an authenticated admin; other users get 403."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        check_admin()
        return view(*args, **kwargs)

    return token_required(wrapper)
