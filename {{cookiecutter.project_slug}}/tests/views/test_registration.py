"""The registration page creates an ordinary user and signs them in."""

from __future__ import annotations

import pytest
from flask_login import current_user
from sqlalchemy import select

from {{ cookiecutter.package_name }}.models import Role, User
from {{ cookiecutter.package_name }}.security import verify_password
from {{ cookiecutter.package_name }}.text import CONTROL_CHARACTERS_MESSAGE

from tests.factories import UserFactory

PASSWORD = "a long enough password"


def registration(**changes: str) -> dict[str, str]:
    """A valid registration form, with some fields changed."""
    form = {
        "name": "Grace Hopper",
        "email": "Grace@Example.com",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    return {**form, **changes}


def test_registration_page_shows_the_form(client):
    response = client.get("/register")

    assert response.status_code == 200
    assert 'name="confirm"' in response.text


def test_registration_creates_a_user_and_signs_them_in(client, db):
    with client:
        response = client.post("/register", data=registration(), follow_redirects=True)

        assert current_user.email == "grace@example.com"
    assert response.request.path == "/dashboard"
    assert (
        '<p class="flash flash-success" role="status">Welcome, Grace Hopper: your account is '
        "ready.</p>" in response.text
    )
    user = db.session.scalars(select(User)).one()
    assert user.role is Role.USER
    assert verify_password(user, PASSWORD)


def test_taken_email_is_a_form_error(client, db):
    UserFactory(email="grace@example.com")

    response = client.post("/register", data=registration())

    assert response.status_code == 200
    assert '<span class="error">This email is taken.</span>' in response.text
    assert db.session.scalars(select(User)).one().name != "Grace Hopper"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("email", "not-an-email", "Invalid email address."),
        ("password", "short", "Field must be between 8 and 128 characters long."),
        ("confirm", "something else", "The passwords differ."),
        ("name", "Grace\x00Hopper", CONTROL_CHARACTERS_MESSAGE),
        ("name", "Grace\x1b[31mHopper", CONTROL_CHARACTERS_MESSAGE),
        ("email", "grace\x00@example.com", CONTROL_CHARACTERS_MESSAGE),
    ],
)
def test_invalid_registration_names_the_field(client, db, field, value, message):
    response = client.post("/register", data=registration(**{field: value}))

    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalars(select(User)).first() is None


def test_signed_in_user_is_sent_from_registration_to_the_dashboard(logged_in_client):
    response = logged_in_client.get("/register")

    assert response.status_code == 302
    assert response.location == "/dashboard"
