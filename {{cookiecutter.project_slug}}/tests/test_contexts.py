"""What needs an application context, what needs a request context, and what they share."""

from __future__ import annotations

import pytest
from flask import current_app, g, has_app_context, request, request_started, session, url_for


def test_a_test_that_asks_for_no_context_runs_outside_one():
    """Only a test that asks (app_context, or db, client ... which use it) pays for a context."""
    assert not has_app_context()


def test_current_app_is_the_app_under_test(app, app_context):
    assert current_app._get_current_object() is app


def test_url_for_needs_a_request_or_a_server_name(app_context):
    with pytest.raises(RuntimeError, match="SERVER_NAME"):
        url_for("api.users.get_user", user_id=1)


def test_url_for_inside_a_request_context(request_context):
    assert url_for("api.users.get_user", user_id=1) == "/api/users/1"


def test_request_context_gives_request_and_session(request_context):
    assert request.path == "/"
    assert request_context is request._get_current_object()
    session["seen"] = True
    assert session["seen"]


def test_request_contexts_inside_the_tests_app_context_share_its_g(app, app_context):
    """Why the test client serves each request in a fresh context (see conftest.py)."""
    g.marker = "set by the test"

    with app.test_request_context():
        assert g.marker == "set by the test"


def test_g_is_not_shared_by_request_contexts_of_separate_app_contexts(app):
    with app.app_context(), app.test_request_context():
        g.marker = "set in the first context"

    with app.app_context(), app.test_request_context():
        assert "marker" not in g


def test_g_does_not_leak_into_or_between_client_requests(app, client):
    seen = []

    def look_then_mark(sender, **extra):
        seen.append(g.get("marker"))
        g.marker = "left by an earlier request"

    g.marker = "set by the test"
    with request_started.connected_to(look_then_mark, app):
        client.get("/api/health")
        client.get("/api/health")

    assert seen == [None, None]
