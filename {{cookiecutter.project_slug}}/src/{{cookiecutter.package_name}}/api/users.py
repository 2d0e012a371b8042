"""Users and their posts: anyone signed in may read, only admins may create or delete."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.package_name }}.api.auth import admin_required, token_required
from {{ cookiecutter.package_name }}.api.errors import ApiError
from {{ cookiecutter.package_name }}.api.schemas import (
    UserCreate,
    parse_body,
    post_document,
    user_document,
)
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Role, User
from {{ cookiecutter.package_name }}.security import hash_password
{%- if cookiecutter.examples %}
from {{ cookiecutter.package_name }}.tasks import enqueue, send_welcome_email
{%- endif %}

blueprint = Blueprint("users", __name__, url_prefix="/users")


def user_or_404(user_id: int) -> User:
    """The user with this id, or a JSON 404."""
    user = db.session.get(User, user_id)
    if user is None:
        raise ApiError(404, f"There is no user with id {user_id}.")
    return user


def list_users() -> dict[str, Any]:
    users = db.session.scalars(select(User).order_by(User.id))
    return {"data": [user_document(user) for user in users]}


def create_user() -> tuple[dict[str, Any], int, dict[str, str]]:
    fields = parse_body(UserCreate)
    user = User(
        name=fields.name,
        email=fields.email.lower(),
        password_hash=hash_password(fields.password),
        role=Role(fields.role),
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(
            409, "A user with this email exists.", {"email": ["This email is taken."]}
        ) from None
{%- if cookiecutter.examples %}
    enqueue(send_welcome_email, user.id)
{%- endif %}
    location = url_for(".get_user", user_id=user.id)
    return user_document(user), 201, {"Location": location}


def get_user(user_id: int) -> dict[str, Any]:
    return user_document(user_or_404(user_id))


def delete_user(user_id: int) -> Response:
    db.session.delete(user_or_404(user_id))
{%- if cookiecutter.examples %}
    try:
        db.session.commit()
    except IntegrityError:
        # Orders keep their customer (models.Order): the database refuses the delete.
        db.session.rollback()
        raise ApiError(
            409, "This user has orders, which are kept as records; the user cannot be deleted."
        ) from None
{%- else %}
    db.session.commit()
{%- endif %}
    return Response(status=204)


def list_user_posts(user_id: int) -> dict[str, Any]:
    user = user_or_404(user_id)
    return {"data": [post_document(post) for post in user.posts]}


# The routes, registered here rather than by decorators on the views: mutation testing
# (TESTING.md) makes mutants of undecorated functions only, so this way the views count.
blueprint.add_url_rule("", view_func=token_required(list_users), methods=["GET"])
blueprint.add_url_rule("", view_func=admin_required(create_user), methods=["POST"])
blueprint.add_url_rule("/<id:user_id>", view_func=token_required(get_user), methods=["GET"])
blueprint.add_url_rule("/<id:user_id>", view_func=admin_required(delete_user), methods=["DELETE"])
blueprint.add_url_rule(
    "/<id:user_id>/posts", view_func=token_required(list_user_posts), methods=["GET"]
)
