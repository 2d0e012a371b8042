"""A query without ORDER BY promises no order: on SQLite, the suite makes that visible."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.database import reverse_unordered_selects


def test_sqlite_answers_a_query_without_order_by_in_reverse():
    engine = create_engine("sqlite://")
    reverse_unordered_selects(engine)
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE numbers (n INTEGER)"))
        connection.execute(text("INSERT INTO numbers VALUES (1), (2), (3)"))

        unordered = connection.scalars(text("SELECT n FROM numbers")).all()
        ordered = connection.scalars(text("SELECT n FROM numbers ORDER BY n")).all()

    engine.dispose()
    assert (unordered, ordered) == ([3, 2, 1], [1, 2, 3])
