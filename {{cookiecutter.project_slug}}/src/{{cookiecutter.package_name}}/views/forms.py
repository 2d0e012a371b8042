"""The forms of the HTML pages; Flask-WTF adds a CSRF token field to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

# The same limits as the API's schemas (api/schemas.py).
NAME_LENGTH = Length(min=1, max=100)
EMAIL_LENGTH = Length(max=254)
PASSWORD_LENGTH = Length(min=8, max=128)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), EMAIL_LENGTH])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=128)])


class RegistrationForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), NAME_LENGTH])
    email = EmailField("Email", validators=[DataRequired(), Email(), EMAIL_LENGTH])
    password = PasswordField("Password", validators=[DataRequired(), PASSWORD_LENGTH])
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
    )
