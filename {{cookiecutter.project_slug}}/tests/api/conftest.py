"""API fixtures: users of each role and the headers that authenticate them."""

from __future__ import annotations

{% if cookiecutter.examples -%}
import functools
{% endif -%}
from typing import TYPE_CHECKING, Any, Protocol

import pytest
{%- if cookiecutter.examples %}
from sqlalchemy import make_url
{%- endif %}

from {{ cookiecutter.package_name }}.models import Role
from {{ cookiecutter.package_name }}.security import issue_token

{% if cookiecutter.examples -%}
from tests.database import configured_database_url
{% endif -%}
from tests.factories import UserFactory

if TYPE_CHECKING:
    from flask_sqlalchemy import SQLAlchemy

    from {{ cookiecutter.package_name }}.models import User


{% if cookiecutter.examples -%}
# One line, shown once in the summary of skipped tests, that says how to run them.
NEEDS_POSTGRESQL = (
    "needs PostgreSQL: run with "
    "TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip the concurrency tests on SQLite before their fixtures start, for one reason."""
    if item.get_closest_marker("concurrency") and not on_postgresql():
        pytest.skip(NEEDS_POSTGRESQL)


@functools.cache
def on_postgresql() -> bool:
    """Whether the suite's database is PostgreSQL; asked once per run."""
    return make_url(configured_database_url()).get_backend_name() == "postgresql"


{% endif -%}
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
