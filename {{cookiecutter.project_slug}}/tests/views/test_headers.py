"""HTML responses carry security headers; the session cookie is hard to steal or misuse."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.config import ProductionConfig

from tests.factories import DEFAULT_PASSWORD


@pytest.mark.parametrize("path", ["/login", "/register", "/no-such-page"])
def test_html_responses_carry_security_headers(client, path):
    headers = client.get(path).headers

    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_api_responses_are_left_alone(client):
    response = client.get("/api/health")

    assert response.is_json
    assert "Content-Security-Policy" not in response.headers


def session_cookie(response):
    """The Set-Cookie header of the session cookie, lower-cased."""
    cookies = response.headers.getlist("Set-Cookie")
    return next(cookie for cookie in cookies if cookie.startswith("session=")).lower()


def test_session_cookie_is_http_only_and_same_site(client, user):
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})

    cookie = session_cookie(response)
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie.split("; ")


def test_production_session_cookie_is_secure(production_env):
    production = create_app(ProductionConfig)

    # The login form puts its CSRF token in the session, so the page sets the cookie.
    cookie = session_cookie(production.test_client().get("/login"))

    assert "secure" in cookie.split("; ")
    assert "httponly" in cookie
