"""What the API accepts (pydantic models) and how it presents records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from flask import request
from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from {{ cookiecutter.package_name }}.api.errors import ApiError, validation_failed
from {{ cookiecutter.package_name }}.text import (
    CONTROL_CHARACTERS_MESSAGE,
    has_control_characters,
)

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
    """Reject unknown keys, values of the wrong JSON type, and text with control characters.

    Every request schema derives from this one, so a new field is checked without a word.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*")
    @classmethod
    def refuse_control_characters(cls, value: object) -> object:
        """A per-field 422 for text holding NUL and the like (see text.py)."""
        if isinstance(value, str) and has_control_characters(value):
            raise PydanticCustomError("control_characters", CONTROL_CHARACTERS_MESSAGE)
        return value


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
