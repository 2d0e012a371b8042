"""What the API accepts (pydantic models) and how it presents records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, EmailStr, StringConstraints, ValidationError

from {{ cookiecutter.package_name }}.api.errors import ApiError, validation_failed

if TYPE_CHECKING:
    from {{ cookiecutter.package_name }}.models import Post, User

Model = TypeVar("Model", bound=BaseModel)

# Angle brackets have no place in a name and are how markup injection starts.
NO_MARKUP = r"^[^<>]*$"
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=NO_MARKUP)
]
Email = Annotated[EmailStr, StringConstraints(max_length=254)]
Password = Annotated[str, StringConstraints(min_length=8, max_length=128)]


class Strict(BaseModel):
    """Reject unknown keys and values of the wrong JSON type instead of coercing them."""

    model_config = ConfigDict(extra="forbid", strict=True)


class TokenRequest(Strict):
    email: Email
    password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class UserCreate(Strict):
    name: Name
    email: Email
    password: Password
    role: Literal["admin", "user"] = "user"


def parse_body(model: type[Model]) -> Model:
    """Validate the request's JSON body against a model: 415 if not JSON, 422 if invalid."""
    if not request.is_json:
        raise ApiError(415, "Send the body as JSON with 'Content-Type: application/json'.")
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as error:
        raise validation_failed(error) from None


def user_document(user: User) -> dict[str, Any]:
    """A user as the API shows it: never the password hash."""
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "role": user.role.value,
        "is_active": user.is_active,
        "created_at": user.created_at.isoformat(),
{%- if cookiecutter.examples %}
        "avatar": user.avatar,
{%- endif %}
    }


def post_document(post: Post) -> dict[str, Any]:
    """A post as the API shows it."""
    return {
        "id": post.id,
        "title": post.title,
        "body": post.body,
        "author_id": post.author_id,
        "created_at": post.created_at.isoformat(),
    }
