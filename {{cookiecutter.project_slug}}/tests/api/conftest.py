"""API fixtures: users of each role and the headers that authenticate them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import pytest

from {{ cookiecutter.package_name }}.models import Role
from {{ cookiecutter.package_name }}.security import issue_token

from tests.factories import UserFactory

if TYPE_CHECKING:
    from flask_sqlalchemy import SQLAlchemy

    from {{ cookiecutter.package_name }}.models import User


class MakeUser(Protocol):
    def __call__(self, **fields: Any) -> User: ...


class MakeHeaders(Protocol):
    def __call__(self, user: User) -> dict[str, str]: ...


@pytest.fixture
def make_user(db: SQLAlchemy) -> MakeUser:
    """A factory: ``make_user(role=Role.ADMIN, name="Ada")`` saves a user with those fields."""

    def make(**fields: Any) -> User:
        user: User = UserFactory(**fields)
        return user

    return make


@pytest.fixture
def admin_user(make_user: MakeUser) -> User:
    """A saved user with the admin role."""
    return make_user(role=Role.ADMIN)


@pytest.fixture
def regular_user(make_user: MakeUser) -> User:
    """A saved user with the ordinary user role."""
    return make_user(role=Role.USER)


@pytest.fixture
def auth_headers_for() -> MakeHeaders:
    """A factory: the Authorization header of a valid bearer token for a user."""

    def make(user: User) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(user)}"}

    return make


@pytest.fixture
def admin_headers(admin_user: User, auth_headers_for: MakeHeaders) -> dict[str, str]:
    """Authorization headers for ``admin_user``."""
    return auth_headers_for(admin_user)


@pytest.fixture
def user_headers(regular_user: User, auth_headers_for: MakeHeaders) -> dict[str, str]:
    """Authorization headers for ``regular_user``."""
    return auth_headers_for(regular_user)
