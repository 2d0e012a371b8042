"""The ``flask`` commands, run through the app's CLI runner against the test database."""

from __future__ import annotations

from sqlalchemy import select

from {{ cookiecutter.package_name }}.models import Role, User
from {{ cookiecutter.package_name }}.security import verify_password

from tests.factories import UserFactory


def find_user(db, email):
    return db.session.scalar(select(User).where(User.email == email))


def test_seed_creates_an_admin(runner, db):
    result = runner.invoke(
        args=["seed", "--email", "Boss@Example.com", "--password", "long-enough-secret"]
    )

    assert result.exit_code == 0, result.output
    admin = find_user(db, "boss@example.com")
    assert admin.role is Role.ADMIN
    assert verify_password(admin, "long-enough-secret")


def test_seed_prompts_for_the_password(runner, db):
    result = runner.invoke(
        args=["seed", "--email", "boss@example.com"], input="long-enough-secret\n" * 2
    )

    assert result.exit_code == 0, result.output
    assert find_user(db, "boss@example.com") is not None


def test_seed_leaves_an_existing_user_alone(runner, db):
    existing = UserFactory(email="boss@example.com", name="Original")

    result = runner.invoke(args=["seed", "--email", "boss@example.com", "--password", "x" * 12])

    assert result.exit_code == 0
    assert "exists; nothing to do" in result.output
    db.session.refresh(existing)
    assert existing.name == "Original"


def test_seed_rejects_a_short_password(runner, db):
    result = runner.invoke(args=["seed", "--email", "boss@example.com", "--password", "short"])

    assert result.exit_code == 2
    assert "use at least 8 characters" in result.output
    assert find_user(db, "boss@example.com") is None
