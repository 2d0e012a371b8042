"""The users resource: what each endpoint returns and stores."""

from __future__ import annotations

from sqlalchemy import select

from {{ cookiecutter.package_name }}.models import Role, User
from {{ cookiecutter.package_name }}.security import verify_password

from tests.factories import PostFactory


def test_list_users_in_order_of_creation(client, user_headers, make_user, regular_user):
    others = [make_user(), make_user()]

    response = client.get("/api/users", headers=user_headers)

    ids = [user["id"] for user in response.get_json()["data"]]
    assert ids == [regular_user.id, *(user.id for user in others)]


def test_user_document_never_shows_the_password(client, user_headers, regular_user):
    response = client.get(f"/api/users/{regular_user.id}", headers=user_headers)

    assert response.get_json() == {
        "id": regular_user.id,
        "name": regular_user.name,
        "email": regular_user.email,
        "role": "user",
        "is_active": True,
        "created_at": regular_user.created_at.isoformat(),
{%- if cookiecutter.examples %}
        "avatar": None,
{%- endif %}
    }


def test_create_user_stores_a_hashed_password(client, db, admin_headers):
    response = client.post(
        "/api/users",
        json={"name": "Grace Hopper", "email": "Grace@Example.com", "password": "cobol-1959"},
        headers=admin_headers,
    )

    assert response.status_code == 201
    created = response.get_json()
    assert response.headers["Location"] == f"/api/users/{created['id']}"
    assert created["email"] == "grace@example.com"
    user = db.session.scalar(select(User).where(User.email == "grace@example.com"))
    assert user.role is Role.USER
    assert verify_password(user, "cobol-1959")


def test_admin_can_create_an_admin(client, admin_headers):
    response = client.post(
        "/api/users",
        json={
            "name": "Second Admin",
            "email": "second@example.com",
            "password": "x" * 12,
            "role": "admin",
        },
        headers=admin_headers,
    )

    assert response.get_json()["role"] == "admin"


def test_create_user_with_a_taken_email(client, admin_headers, make_user):
    make_user(email="taken@example.com")

    response = client.post(
        "/api/users",
        json={"name": "Copycat", "email": "TAKEN@example.com", "password": "x" * 12},
        headers=admin_headers,
    )

    assert response.get_json() == {
        "error": {
            "status": 409,
            "title": "Conflict",
            "detail": "A user with this email exists.",
            "fields": {"email": ["This email is taken."]},
        }
    }


def test_get_missing_user(client, user_headers):
    response = client.get("/api/users/999999", headers=user_headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["detail"] == "There is no user with id 999999."


def test_delete_user_removes_them(client, db, admin_headers, make_user):
    doomed = make_user()
    doomed_id = doomed.id

    response = client.delete(f"/api/users/{doomed_id}", headers=admin_headers)

    assert response.status_code == 204
    assert response.data == b""
    # The request used its own session; ours still caches the object, so forget it first.
    db.session.expire_all()
    assert db.session.get(User, doomed_id) is None
    assert client.delete(f"/api/users/{doomed_id}", headers=admin_headers).status_code == 404


def test_list_a_users_posts(client, user_headers, make_user):
    author = make_user()
    posts = PostFactory.create_batch(3, author=author)
    PostFactory()  # somebody else's post, which must not appear

    response = client.get(f"/api/users/{author.id}/posts", headers=user_headers)

    assert [post["id"] for post in response.get_json()["data"]] == [post.id for post in posts]
    assert response.get_json()["data"][0]["author_id"] == author.id


def test_posts_of_a_missing_user(client, user_headers):
    assert client.get("/api/users/999999/posts", headers=user_headers).status_code == 404
