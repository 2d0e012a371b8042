"""``next`` may only lead to a path on this site: no open redirect."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }}.views.redirects import local_path

LOCAL = ["/dashboard", "/dashboard?tab=posts#top", "/a/b/../c", "/"]
FOREIGN = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    "evil.example",
    " /dashboard",
    "",
    None,
]


@pytest.mark.parametrize("target", LOCAL)
def test_local_paths_are_kept(target):
    assert local_path(target) == target


@pytest.mark.parametrize("target", FOREIGN)
def test_anything_else_is_refused(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", [t for t in FOREIGN if t])
def test_login_ignores_a_foreign_next(client, user, login, target):
    response = login(client, user.email, next=target)

    assert response.request.path == "/dashboard"
    assert response.history[0].location == "/dashboard"


def test_login_follows_a_local_next_with_its_query(client, user, login):
    response = login(client, user.email, next="/dashboard?tab=posts")

    assert response.history[0].location == "/dashboard?tab=posts"
