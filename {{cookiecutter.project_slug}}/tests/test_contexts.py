"""What needs an application context, what needs a request context, and what they share."""

from __future__ import annotations

import pytest
from flask import current_app, g, request, session, url_for


def test_current_app_is_the_app_under_test(app):
    # The autouse app_context fixture has pushed a context for this app.
    assert current_app._get_current_object() is app


def test_url_for_needs_a_request_or_a_server_name(app):
    with pytest.raises(RuntimeError, match="SERVER_NAME"):
        url_for("api.users.get_user", user_id=1)


def test_url_for_inside_a_request_context(request_context):
    assert url_for("api.users.get_user", user_id=1) == "/api/users/1"


def test_request_context_gives_request_and_session(request_context):
    assert request.path == "/"
    assert request_context is request._get_current_object()
    session["seen"] = True
    assert session["seen"]


def test_request_contexts_inside_the_tests_app_context_share_its_g(app):
    """Why the test client serves each request in a fresh context (see conftest.py)."""
    g.marker = "set by the test"

    with app.test_request_context():
        assert g.marker == "set by the test"
