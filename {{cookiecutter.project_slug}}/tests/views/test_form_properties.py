"""Property-based tests of the pages: no form or query string, however odd, gets a server error.

A refused request changes nothing either. Every route outside /api in the app's URL map is
tested, once per method, by a visitor and by a signed-in user: Hypothesis draws the path,
the query string and a form, every one of the app's forms filled in or fields of any name,
URL-encoded or multipart. TESTING.md, "Property-based tests", explains how to read and
replay a failure.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms import EmailField
from wtforms.fields.core import UnboundField
from wtforms.validators import EqualTo, Length

from {{ cookiecutter.package_name }} import create_app

from tests.factories import DEFAULT_PASSWORD
from tests.properties import (
    ANY_CHARACTER,
    DROPPED_UPLOAD_WARNING,
    EMAILS,
    FORM_URLENCODED,
    NO_BODY,
    NON_CONTROL_CHARACTER,
    TEXTS,
    Baseline,
    Body,
    Endpoint,
    endpoints,
    form_bodies,
    paths,
    query_strings,
    rolled_back,
    send,
    subclasses,
    table_rows,
    urlencoded,
    with_nul,
)

if TYPE_CHECKING:
    from flask import Flask
    from flask_sqlalchemy import SQLAlchemy
    from hypothesis.strategies import SearchStrategy

    from {{ cookiecutter.package_name }}.models import User

    from tests.views.conftest import LogIn

# What the pages read besides their forms' fields: the login page's ?next=.
QUERY_PARAMETERS = ("next",)
# The field Flask-WTF adds to every form when CSRF protection is on.
CSRF_FIELD = "csrf_token"


pytestmark = pytest.mark.filterwarnings(DROPPED_UPLOAD_WARNING)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test that takes ``endpoint`` once per method of every route outside /api."""
    if "endpoint" in metafunc.fixturenames:
        metafunc.parametrize("endpoint", endpoints(create_app("testing"), api=False), ids=str)


@dataclass(frozen=True)
class PageRequest:
    """What Hypothesis draws for one example; printed as the falsifying example."""

    signed_in: bool
    path: str
    query_string: bytes
    body: Body


def forms() -> list[type[FlaskForm]]:
    """Every form of the app: the subclasses of FlaskForm that have fields."""
    return [form for form in subclasses(FlaskForm) if form_fields(form)]


def form_fields(form: type[FlaskForm]) -> dict[str, UnboundField]:
    """A form's fields by name, as declared on its class."""
    return dict(inspect.getmembers(form, lambda member: isinstance(member, UnboundField)))


def accepted_values(name: str, field: UnboundField, baseline: Baseline) -> SearchStrategy[str]:
    """Text the field's type and Length validator accept, as hostile as those allow.

    What a column of the field's name stores (an ``email``) is drawn too, and the password of
    the factories' users: so that some sign-ins succeed and some registrations collide.
    """
    known = [value for value in baseline.stored(name) if isinstance(value, str)]
    stored = st.sampled_from([*known, DEFAULT_PASSWORD])
    if issubclass(field.field_class, EmailField):
        return EMAILS | stored
    lengths = [rule for rule in field.kwargs.get("validators", ()) if isinstance(rule, Length)]
    min_size = max([1, *(rule.min for rule in lengths)])
    max_size = min([rule.max for rule in lengths if rule.max >= 0], default=None)
    texts = st.one_of(
        st.text(alphabet, min_size=min_size, max_size=max_size)
        for alphabet in (ANY_CHARACTER, NON_CONTROL_CHARACTER)
    )
    return texts | with_nul(texts, lambda text: max_size is None or len(text) <= max_size) | stored


def filled_in(
    form: type[FlaskForm], baseline: Baseline, strings: SearchStrategy[str]
) -> SearchStrategy[Body]:
    """The form with every field filled in, as a browser sends it; repeated fields repeat.

    A field with an EqualTo validator ("Repeat password") gets the value of the field it
    names, so that some registrations get as far as the database.
    """
    fields = form_fields(form)
    repeats = {
        name: rule.fieldname
        for name, field in fields.items()
        for rule in field.kwargs.get("validators", ())
        if isinstance(rule, EqualTo)
    }
    drawn = st.fixed_dictionaries(
        {
            name: accepted_values(name, field, baseline) | strings
            for name, field in fields.items()
            if name not in repeats
        }
    )

    def encode(values: dict[str, str]) -> Body:
        repeated = [(name, values[other]) for name, other in repeats.items()]
        return Body(FORM_URLENCODED, urlencoded([*values.items(), *repeated]))

    return drawn.map(encode)


@functools.cache
def page_requests(endpoint: Endpoint, baseline: Baseline) -> SearchStrategy[PageRequest]:
    """Requests to the endpoint: signed in or not, any path values, query string and form.

    Built once per test (endpoint and database): building strategies costs more than
    drawing from them.
    """
    field_names = sorted({CSRF_FIELD, *(name for form in forms() for name in form_fields(form))})
    # Stored values (the user's email), the password that signs in, emails and any text.
    any_string = st.sampled_from([*baseline.strings(), DEFAULT_PASSWORD]) | EMAILS | TEXTS
    bodies = st.one_of(
        st.just(NO_BODY),
        *(filled_in(form, baseline, any_string) for form in forms()),
        form_bodies(field_names, any_string, st.binary()),
    )
    return st.builds(
        PageRequest,
        signed_in=st.booleans(),
        path=paths(endpoint, baseline.integers()),
        query_string=query_strings([*field_names, *QUERY_PARAMETERS], any_string),
        body=bodies,
    )


@pytest.fixture
def baseline(db: SQLAlchemy, user: User) -> Baseline:
    """The database as every example finds it: ``user``, who can sign in."""
    return Baseline(table_rows())


@pytest.fixture
def session_cookie(app: Flask, user: User, login: LogIn) -> str:
    """The Cookie header of ``user`` signed in through the login form, for examples to send.

    Signing in once, before the examples, costs one request instead of two per example; and
    examples must not load ``user`` from the ORM: a lazy load would begin the test session's
    transaction inside an example's savepoint, which rolled_back then removes under it.
    """
    client = app.test_client()
    login(client, user.email)
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None, "signing in set no session cookie"
    return f"{cookie.key}={cookie.value}"


# Hypothesis warns that function-scoped fixtures run once for all the examples of a test.
# Here that is the point (the user signs in once), and every example starts from the same
# database all the same (rolled_back puts it back), with a client of its own.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_page_request_gets_a_server_error(app, session_cookie, baseline, endpoint, data):
    requests = page_requests(endpoint, baseline)
    request = data.draw(requests, label="request")

    with rolled_back():
        headers = {"Cookie": session_cookie} if request.signed_in else {}
        response = send(
            app, endpoint.method, request.path, request.query_string, request.body, headers
        )
        if 400 <= response.status_code < 500:
            # A refused request changes nothing.
            assert table_rows() == baseline.rows

    assert response.status_code < 500, f"{response.status} {response.data[:300]!r}"
