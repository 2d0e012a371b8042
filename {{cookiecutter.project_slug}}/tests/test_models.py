"""Model behaviour that the database enforces or the model computes."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError, StatementError

from {{ cookiecutter.package_name }}.models import Post, Role, UtcDateTime
from {{ cookiecutter.package_name }}.security import verify_password

from tests.factories import DEFAULT_PASSWORD, AdminFactory, PostFactory, UserFactory


def test_each_row_gets_its_own_created_at(db):
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=UTC), tick=False):
        first = UserFactory()
    with time_machine.travel(datetime(2030, 6, 1, tzinfo=UTC), tick=False):
        second = UserFactory()

    assert first.created_at.year == second.created_at.year == 2030
    assert first.created_at.month == 1
    assert second.created_at.month == 6


# A fixed offset rather than a named zone: no time zone database needed (Windows has none).
SUMMER_IN_PARIS = timezone(timedelta(hours=2))


@pytest.fixture
def local_zone_is_not_utc(monkeypatch):
    """The process's local time zone five hours behind UTC (TZ); the old one restored after.

    Servers and CI machines mostly run in UTC, where converting to "local time" gives UTC
    too: a conversion that forgot to name UTC would pass there and fail on a laptop.
    """
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset() exists on Unix only")
    # A POSIX rule rather than a named zone: no time zone database needed.
    monkeypatch.setenv("TZ", "EST+5")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("local_zone_is_not_utc")
def test_created_at_reads_back_in_utc_from_any_database(db):
    user = UserFactory(created_at=datetime(2030, 6, 1, 9, 30, tzinfo=SUMMER_IN_PARIS))
    db.session.expire_all()  # the next read comes from the database, not from the object

    assert user.created_at.isoformat() == "2030-06-01T07:30:00+00:00"


def test_a_naive_created_at_is_refused(db):
    with pytest.raises(StatementError, match="naive datetime"):
        UserFactory(created_at=datetime(2030, 6, 1, 9, 30))


@pytest.mark.parametrize(
    ("answer", "read"),
    [
        pytest.param(datetime(2030, 6, 1, 9, 30), "2030-06-01T09:30:00+00:00", id="sqlite-naive"),
        pytest.param(
            datetime(2030, 6, 1, 9, 30, tzinfo=SUMMER_IN_PARIS),
            "2030-06-01T07:30:00+00:00",
            id="postgresql-in-the-server-s-zone",
        ),
    ],
)
@pytest.mark.usefixtures("local_zone_is_not_utc")
def test_utc_datetime_reads_each_database_s_answer_as_utc(answer, read):
    """Both branches run on every database, whichever one the suite uses."""
    assert UtcDateTime().process_result_value(answer, sqlite.dialect()).isoformat() == read


def test_utc_datetime_passes_null_through_both_ways():
    column_type = UtcDateTime()

    assert column_type.process_bind_param(None, sqlite.dialect()) is None
    assert column_type.process_result_value(None, sqlite.dialect()) is None


def test_password_is_stored_hashed(db):
    user = UserFactory(password="s3cret-passphrase")

    assert "s3cret-passphrase" not in user.password_hash
    assert verify_password(user, "s3cret-passphrase")
    assert not verify_password(user, DEFAULT_PASSWORD)


def test_new_users_are_active_users_by_default(db):
    user = UserFactory()

    assert user.role is Role.USER
    assert user.is_active
    assert not user.is_admin


def test_admin_factory_makes_admins(db):
    assert AdminFactory().is_admin


def test_email_is_unique(db):
    UserFactory(email="taken@example.com")

    with pytest.raises(IntegrityError):
        UserFactory(email="taken@example.com")


def test_deleting_a_user_deletes_their_posts(db):
    post = PostFactory()
    db.session.delete(post.author)
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_posts_are_listed_in_order_of_creation(db):
    author = UserFactory()
    posts = PostFactory.create_batch(3, author=author)

    assert author.posts == posts


def test_reprs_name_the_record(db):
    post = PostFactory(title="Hello")

    assert repr(post) == f"<Post {post.id} 'Hello'>"
    assert repr(post.author) == f"<User {post.author.id} {post.author.email}>"
