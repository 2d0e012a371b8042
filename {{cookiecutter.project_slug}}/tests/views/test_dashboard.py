"""The dashboard is for signed-in users; visitors are sent to log in first."""

from __future__ import annotations

from tests.factories import PostFactory


def test_visitor_is_sent_to_login_with_next(client):
    response = client.get("/dashboard")

    assert response.status_code == 302
    assert response.location == "/login?next=%2Fdashboard"


def test_visitor_is_told_why_after_the_redirect(client):
    response = client.get("/dashboard", follow_redirects=True)

    assert response.request.path == "/login"
    assert "Please log in to access this page." in response.text


def test_login_returns_to_the_page_that_was_asked_for(client, user, login):
    response = login(client, user.email, next="/dashboard")

    assert response.request.path == "/dashboard"


def test_dashboard_shows_the_user_and_their_posts(logged_in_client, user):
    post = PostFactory(author=user, title="On compilers")

    response = logged_in_client.get("/dashboard")

    assert response.status_code == 200
    assert f"Hello, {user.name}" in response.text
    assert post.title in response.text


def test_dashboard_without_posts_says_so(logged_in_client):
    assert "You have not written anything yet." in logged_in_client.get("/dashboard").text


def test_home_page_leads_to_the_dashboard(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.location == "/dashboard"
