"""The forms of the HTML pages; Flask-WTF adds a CSRF token field to each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from {{ cookiecutter.package_name }}.text import (
    CONTROL_CHARACTERS_MESSAGE,
    has_control_characters,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

# The same limits as the API's schemas (api/schemas.py).
NAME_LENGTH = Length(min=1, max=100)
EMAIL_LENGTH = Length(max=254)
PASSWORD_LENGTH = Length(min=8, max=128)


def refuse_control_characters(form: Any, field: Any) -> None:
    """A form error for text holding NUL and the like (see text.py)."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE)


class Form(FlaskForm):
    """The base of every form here: each text field refuses control characters.

    Added in ``validate`` rather than to each field, so a new field is checked without a word.
    """

    def validate(
        self, extra_validators: Mapping[str, Sequence[Callable[..., Any]]] | None = None
    ) -> bool:
        extra = dict(extra_validators or {})
        for name in self._fields:
            extra[name] = [*extra.get(name, ()), refuse_control_characters]
        valid: bool = super().validate(extra)
        return valid


class LoginForm(Form):
    email = EmailField("Email", validators=[DataRequired(), EMAIL_LENGTH])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=128)])


class RegistrationForm(Form):
    name = StringField("Name", validators=[DataRequired(), NAME_LENGTH])
    email = EmailField("Email", validators=[DataRequired(), Email(), EMAIL_LENGTH])
    password = PasswordField("Password", validators=[DataRequired(), PASSWORD_LENGTH])
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
    )
