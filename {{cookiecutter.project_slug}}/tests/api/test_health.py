"""The health endpoint tells a load balancer whether the app can reach its database."""

from __future__ import annotations

from sqlalchemy import create_engine


def test_healthy(client):
    response = client.get("/api/health")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_unreachable_database_is_a_503(client, db, monkeypatch, tmp_path):
    """Point the app at a database file in a folder that does not exist."""
    unreachable = create_engine(f"sqlite:///{tmp_path / 'missing' / 'app.db'}")
    monkeypatch.setitem(db.engines, None, unreachable)

    response = client.get("/api/health")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    unreachable.dispose()
