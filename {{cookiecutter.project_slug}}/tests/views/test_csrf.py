"""With CSRF protection on, as in production, a form post needs the token of its page."""

from __future__ import annotations

import re

from tests.factories import DEFAULT_PASSWORD

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(page_html: str) -> str:
    """The token a page's form carries in its hidden field."""
    match = TOKEN.search(page_html)
    assert match, "the page has no CSRF token field"
    return match.group(1)


def test_login_without_a_token_is_rejected(csrf_enabled, client, user):
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 400
    assert "The CSRF token is missing." in response.text


def test_login_with_the_pages_token_is_accepted(csrf_enabled, client, user):
    token = csrf_token(client.get("/login").text)

    response = client.post(
        "/login",
        data={"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 302
    assert response.location == "/dashboard"


# csrf_enabled comes after logged_in_client: fixtures are set up in the order they are listed,
# and the login helper posts without a token.
def test_logout_without_a_token_is_rejected(logged_in_client, csrf_enabled):
    assert logged_in_client.post("/logout").status_code == 400
    assert logged_in_client.get("/dashboard").status_code == 200


def test_logout_with_the_token_of_a_page_is_accepted(logged_in_client, csrf_enabled):
    token = csrf_token(logged_in_client.get("/dashboard").text)

    response = logged_in_client.post("/logout", data={"csrf_token": token})

    assert response.status_code == 302
    assert logged_in_client.get("/dashboard").status_code == 302


def test_the_api_needs_no_token(csrf_enabled, client, user):
    # Bearer tokens, not cookies, authenticate API calls: a browser never sends them on its own.
    response = client.post("/api/tokens", json={"email": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 200
