"""The forms of the HTML pages; Flask-WTF adds a CSRF token field to each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import request
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
    """The base of every form here: it reads text fields only, and refuses control characters.

    The check is added in ``validate`` rather than to each field, so that a new field is
    checked without a word.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """The request's text fields, not the files or the JSON Flask-WTF would add.

            A text field given an upload or a JSON number made its validators raise
            TypeError (a 500): these pages take text only.
            """
            wrapped = super().wrap_formdata(form, formdata)
            return request.form if wrapped is not None and wrapped is not formdata else wrapped

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
