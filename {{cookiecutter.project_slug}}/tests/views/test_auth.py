"""Signing in and out through the forms, and who ``current_user`` is afterwards."""

from __future__ import annotations

import io

import pytest
from flask import url_for
from flask_login import current_user
from markupsafe import escape
from werkzeug.datastructures import MultiDict
from wtforms.validators import ValidationError

from {{ cookiecutter.package_name }}.text import CONTROL_CHARACTERS_MESSAGE
from {{ cookiecutter.package_name }}.views.auth import INVALID_CREDENTIALS
from {{ cookiecutter.package_name }}.views.forms import LoginForm

from tests.factories import DEFAULT_PASSWORD, UserFactory


def test_login_page_shows_the_form(client):
    response = client.get("/login")

    assert response.status_code == 200
    assert 'name="email"' in response.text
    assert 'name="password"' in response.text


def test_login_signs_in_and_shows_the_dashboard(client, user, login):
    # `with client:` keeps the last request's contexts pushed after it returns, so
    # current_user is the user of that request (the dashboard the login redirected to).
    # RequestIsolatedClient served it in a context of its own; Flask pushes the
    # preserved contexts back onto the test's context when the request returns.
    with client:
        response = login(client, user.email)

        assert current_user.is_authenticated
        assert not current_user.is_anonymous
        assert current_user.email == user.email
        # The preserved request context also lets url_for work without one of our own.
        assert response.request.path == url_for("views.dashboard.index")
    # The whole message with its category, which base.html turns into a CSS class.
    welcome = escape(f"Welcome back, {user.name}.")
    assert f'<p class="flash flash-success" role="status">{welcome}</p>' in response.text


def test_current_user_is_anonymous_outside_a_request(client, user, login, request_context):
    login(client, user.email)

    # The test's own request context never saw the client's session cookie.
    assert not current_user.is_authenticated


def test_email_is_matched_without_case_or_spaces(client, user, login):
    with client:
        login(client, f"  {user.email.upper()} ")

        assert current_user.email == user.email


@pytest.mark.parametrize(
    ("email", "password"),
    [
        pytest.param("{user}", "not the password", id="wrong-password"),
        pytest.param("nobody@example.com", "correct horse battery staple", id="unknown-email"),
    ],
)
def test_failed_login_shows_one_message_that_names_no_field(client, user, login, email, password):
    with client:
        response = login(client, email.format(user=user.email), password)

        assert not current_user.is_authenticated
    assert response.status_code == 200
    assert response.text.count(INVALID_CREDENTIALS) == 1
    # Neither field is marked: the page does not tell which one was wrong.
    assert 'aria-invalid="true"' not in response.text


def test_inactive_user_cannot_log_in(client, db, login):
    inactive = UserFactory(is_active=False)

    with client:
        response = login(client, inactive.email)

        assert not current_user.is_authenticated
    assert INVALID_CREDENTIALS in response.text


@pytest.mark.parametrize("field", ["email", "password"])
def test_control_characters_are_a_field_error(client, user, field):
    """A NUL in the email used to reach PostgreSQL, which refuses it: a 500."""
    form = {"email": user.email, "password": DEFAULT_PASSWORD}
    form[field] = f"{form[field]}\x00"

    response = client.post("/login", data=form)

    assert response.status_code == 200
    assert CONTROL_CHARACTERS_MESSAGE in response.text
    assert INVALID_CREDENTIALS not in response.text


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        pytest.param({"data": {"email": (io.BytesIO(b""), "0"), "password": "x"}}, 1, id="file"),
        pytest.param({"json": {"email": 5, "password": ["x"]}}, 2, id="json"),
    ],
)
def test_only_text_fields_are_read(client, body, missing):
    """An upload or a JSON body is not a form: its fields count as missing, never a 500."""
    response = client.post("/login", **body)

    assert response.status_code == 200
    assert response.text.count("This field is required.") == missing


def test_a_next_parameter_that_is_not_utf8_is_a_400(client, user):
    response = client.post(
        "/login",
        data={"email": user.email, "password": DEFAULT_PASSWORD},
        environ_overrides={"QUERY_STRING": "next=/\xff"},
    )

    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_incomplete_form_marks_the_missing_field(client):
    response = client.post("/login", data={"email": "", "password": "secret"})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert INVALID_CREDENTIALS not in response.text


def test_deactivated_user_is_signed_out_on_the_next_request(logged_in_client, user, db):
    user.is_active = False
    db.session.commit()

    response = logged_in_client.get("/dashboard")

    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_deleted_user_is_signed_out_on_the_next_request(logged_in_client, user, db):
    db.session.delete(user)
    db.session.commit()

    assert logged_in_client.get("/dashboard").status_code == 302


def test_signed_in_user_is_sent_from_login_to_the_dashboard(logged_in_client):
    response = logged_in_client.get("/login")

    assert response.status_code == 302
    assert response.location == "/dashboard"


def test_logout_signs_out_and_says_so(logged_in_client):
    with logged_in_client:
        response = logged_in_client.post("/logout", follow_redirects=True)

        assert not current_user.is_authenticated
    assert response.request.path == "/login"
    assert '<p class="flash flash-info" role="status">You have signed out.</p>' in response.text
    assert logged_in_client.get("/dashboard").status_code == 302


def test_logout_by_get_is_not_allowed(logged_in_client):
    # A GET could be triggered by a link or an <img> on another site.
    assert logged_in_client.get("/logout").status_code == 405
    assert logged_in_client.get("/dashboard").status_code == 200


def test_a_callers_extra_validators_run_beside_the_control_character_check(request_context):
    """Form.validate adds its check to the validators a caller passes, and drops none."""
    form = LoginForm(
        formdata=MultiDict({"email": "ada@example.com\x00", "password": "x"}),
        meta={"csrf": False},
    )

    def not_this_email(form, field):
        raise ValidationError("Not this one.")

    assert form.validate(extra_validators={"email": [not_this_email]}) is False
    assert form.errors == {"email": ["Not this one.", CONTROL_CHARACTERS_MESSAGE]}
