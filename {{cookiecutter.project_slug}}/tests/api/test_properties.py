"""Property-based tests of the whole API: no request, however malformed, gets a server error.

Every error is the API's JSON error document, and a refused request changes nothing. Every
route under /api in the app's URL map is tested, once per method: a new endpoint is covered
without a line here. Hypothesis draws the caller (nobody, a user, an admin), the ids in the
path, the query string and the body, and shrinks a failure to the smallest request that
still fails. The bodies are shaped after every schema of the API (every subclass of
``Strict``), so a new schema's documents are tried too, right and wrong. TESTING.md,
"Property-based tests", explains how to read and replay a failure.
"""

from __future__ import annotations

import functools
import json
import operator
import re
{%- if cookiecutter.examples %}
from contextlib import contextmanager
{%- endif %}
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

import pytest
{%- if cookiecutter.examples %}
import responses
{%- endif %}
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, EmailStr

from {{ cookiecutter.package_name }} import create_app
{%- if cookiecutter.examples %}
from {{ cookiecutter.package_name }}.api.avatars import IMAGE_SIGNATURES
{%- endif %}
from {{ cookiecutter.package_name }}.api.schemas import Strict
{%- if cookiecutter.examples %}
from {{ cookiecutter.package_name }}.config import TestingConfig
{%- endif %}

from tests.factories import DEFAULT_PASSWORD, {% if cookiecutter.examples %}OrderFactory, {% endif %}PostFactory
from tests.properties import (
    ANY_CHARACTER,
    DROPPED_UPLOAD_WARNING,
    EMAILS,
    JSON_VALUES,
{%- if cookiecutter.examples %}
    MULTIPART,
{%- endif %}
    NO_BODY,
    NON_CONTROL_CHARACTER,
{%- if cookiecutter.examples %}
    SHORT_TEXTS,
{%- endif %}
    TEXTS,
    Baseline,
    Body,
    Endpoint,
    endpoints,
    form_bodies,
{%- if cookiecutter.examples %}
    multipart,
{%- endif %}
    paths,
    query_strings,
    rolled_back,
    send,
    subclasses,
    table_rows,
    with_nul,
)

if TYPE_CHECKING:
{%- if cookiecutter.examples %}
    from collections.abc import Iterator
    from pathlib import Path

    from flask import Flask
{%- endif %}
    from flask_sqlalchemy import SQLAlchemy
    from hypothesis.strategies import SearchStrategy
    from werkzeug.test import TestResponse

    from {{ cookiecutter.package_name }}.models import User
{%- if cookiecutter.examples %}

# The multipart fields that upload routes read as files: no schema names them.
UPLOAD_FIELDS = ("avatar",)
CURRENT_WEATHER = f"{TestingConfig.WEATHER_API_URL}/current"
{%- endif %}
JSON = "application/json"
ERROR_KEYS = {"status", "title", "detail"}
# The constraints of a field that pydantic keeps in its metadata (StringConstraints, Field).
CONSTRAINTS = ("min_length", "max_length", "pattern", "gt", "ge", "lt", "le")


pytestmark = pytest.mark.filterwarnings(DROPPED_UPLOAD_WARNING)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test that takes ``endpoint`` once per method of every route under /api."""
    if "endpoint" in metafunc.fixturenames:
        metafunc.parametrize("endpoint", endpoints(create_app("testing"), api=True), ids=str)


@dataclass(frozen=True)
class ApiRequest:
    """What Hypothesis draws for one example; printed as the falsifying example."""

    caller: str
    path: str
    query_string: bytes
    body: Body


def documents(schema: type[BaseModel], baseline: Baseline) -> SearchStrategy[Any]:
    """JSON objects for the schema: accepted ones, and ones with keys missing or values wrong."""
    anything = {
        name: st.one_of(
            accepted_values(name, field.annotation, constraints(field.metadata), baseline),
            at_the_limits(constraints(field.metadata)),
            st.sampled_from(baseline.strings()),
            JSON_VALUES,
        )
        for name, field in schema.model_fields.items()
    }
    return accepted_documents(schema, baseline) | st.fixed_dictionaries({}, optional=anything)


def accepted_documents(schema: type[BaseModel], baseline: Baseline) -> SearchStrategy[Any]:
    """JSON objects whose every value the schema's types and constraints accept."""
    return st.fixed_dictionaries(
        {
            name: accepted_values(name, field.annotation, constraints(field.metadata), baseline)
            for name, field in schema.model_fields.items()
        }
    )


def constraints(metadata: list[Any]) -> dict[str, Any]:
    """A field's constraints by name, from what pydantic keeps in its metadata."""
    return {
        name: getattr(rule, name)
        for rule in metadata
        for name in CONSTRAINTS
        if getattr(rule, name, None) is not None
    }


def accepted_values(
    name: str, annotation: Any, limits: dict[str, Any], baseline: Baseline
) -> SearchStrategy[Any]:
    """Values of the field's type within its constraints, as hostile as those allow.

    Text within the limits may hold NUL, other controls and characters of any width. What a
    column of the field's name stores (an ``email``, a ``sku``) is drawn too, and the password
    of the factories' users: so requests name what exists, and get past the lookups.
    """
    origin = get_origin(annotation)
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is list:
        items = accepted_values(name, get_args(annotation)[0], {}, baseline)
        min_size = limits.get("min_length", 0)
        max_size = min(min_size + 2, limits.get("max_length", min_size + 2))
        return st.lists(items, min_size=min_size, max_size=max_size)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return accepted_documents(annotation, baseline)
    if annotation is int:
        lowest = limits["gt"] + 1 if "gt" in limits else limits.get("ge")
        highest = limits["lt"] - 1 if "lt" in limits else limits.get("le")
        numbers = st.integers(lowest, highest)
        stored = [value for value in baseline.stored(name) if numbers_within(value, limits)]
        return (numbers | st.sampled_from(stored)) if stored else numbers
    if annotation is str or annotation is EmailStr:
        texts = EMAILS if annotation is EmailStr else texts_within(limits)
        texts |= with_nul(texts, allowed=functools.partial(within, limits=limits))
        known = [*baseline.stored(name), DEFAULT_PASSWORD]
        fitting = [value for value in known if isinstance(value, str) and within(value, limits)]
        return (texts | st.sampled_from(fitting)) if fitting else texts
    # A boolean, or a type this test does not know yet: any JSON value.
    return JSON_VALUES


def numbers_within(value: object, limits: dict[str, Any]) -> bool:
    """Whether the value is a whole number that keeps a field's bounds."""
    return (
        isinstance(value, int)
        and ("gt" not in limits or value > limits["gt"])
        and ("ge" not in limits or value >= limits["ge"])
        and ("lt" not in limits or value < limits["lt"])
        and ("le" not in limits or value <= limits["le"])
    )


def texts_within(limits: dict[str, Any]) -> SearchStrategy[str]:
    """Text that a field's length limits and pattern allow, with control characters or not."""
    min_length, max_length = limits.get("min_length", 0), limits.get("max_length")
    alphabets = (ANY_CHARACTER, NON_CONTROL_CHARACTER)
    if "pattern" not in limits:
        return st.one_of(
            st.text(alphabet, min_size=min_length, max_size=max_length) for alphabet in alphabets
        )
    patterns = st.one_of(
        st.from_regex(limits["pattern"], fullmatch=True, alphabet=alphabet)
        for alphabet in alphabets
    )
    return patterns.filter(
        lambda text: within(text, {"min_length": min_length, "max_length": max_length})
    )


def within(text: str, limits: dict[str, Any]) -> bool:
    """Whether the text keeps a field's length limits and pattern."""
    max_length = limits.get("max_length")
    return (
        limits.get("min_length", 0) <= len(text)
        and (max_length is None or len(text) <= max_length)
        and ("pattern" not in limits or re.fullmatch(limits["pattern"], text) is not None)
    )


def at_the_limits(limits: dict[str, Any]) -> SearchStrategy[Any]:
    """Values on a field's limits and just past them: text as long as allowed and one longer."""
    bounds = [limits[name] for name in ("gt", "ge", "lt", "le") if name in limits]
    numbers = sorted({bound + step for bound in bounds for step in (-1, 0, 1)})
    edges = st.sampled_from(numbers) if numbers else st.nothing()
    if "max_length" in limits:
        lengths = st.sampled_from([limits["max_length"], limits["max_length"] + 1])
        edges |= st.builds(operator.mul, ANY_CHARACTER, lengths)
    return edges
{%- if cookiecutter.examples %}


def upload(field: str, filename: str, data: bytes) -> Body:
    """A multipart body with one file, as a browser sends a form with one file input."""
    return Body(MULTIPART, multipart([(field, filename, data)]))
{%- endif %}


def json_bodies(values: SearchStrategy[Any], content_type: str | None) -> SearchStrategy[Body]:
    """Values as JSON text, escaped to ASCII or as raw UTF-8 (lone surrogates invalid)."""

    def encode(value: Any, ascii_only: bool) -> Body:
        text = json.dumps(value, ensure_ascii=ascii_only)
        return Body(content_type, text.encode("utf-8", "surrogatepass"))

    return st.builds(encode, values, st.booleans())


@functools.cache
def api_requests(
    endpoint: Endpoint, callers: tuple[str, ...], baseline: Baseline
) -> SearchStrategy[ApiRequest]:
    """Requests to the endpoint: any caller, ids, query string, content type and body.

    Built once per test (endpoint and database): building strategies costs more than
    drawing from them.
    """
    vocabulary = [*baseline.strings(), DEFAULT_PASSWORD]
    known_schemas = subclasses(Strict)
    field_names = sorted({name for schema in known_schemas for name in schema.model_fields})
    any_document = st.sampled_from(known_schemas).flatmap(
        lambda schema: documents(schema, baseline)
    )
{%- if cookiecutter.examples %}
    # Random bytes, and random bytes that start like an image, so that some uploads succeed.
    signatures = st.sampled_from([signature for signature, _ in IMAGE_SIGNATURES])
    files = st.binary() | st.builds(operator.add, signatures, st.binary())
    form_fields = [*field_names, *UPLOAD_FIELDS]
{%- else %}
    files = st.binary()
    form_fields = field_names
{%- endif %}
    any_string = st.sampled_from(vocabulary) | TEXTS
    bodies = st.one_of(
        st.just(NO_BODY),
        # A kind of body for each schema, so that most documents are meant for some endpoint.
        *(json_bodies(documents(schema, baseline), JSON) for schema in known_schemas),
        json_bodies(JSON_VALUES, JSON),
        # Said to be JSON, and not JSON at all.
        st.binary().map(lambda data: Body(JSON, data)),
        # JSON, but not said to be.
        json_bodies(any_document, "text/plain"),
        json_bodies(any_document, None),
        form_bodies(form_fields, any_string, files),
{%- if cookiecutter.examples %}
        # One file in a field an upload reads: the upload itself, most of the time refused.
        st.builds(upload, st.sampled_from(UPLOAD_FIELDS), SHORT_TEXTS, files),
{%- endif %}
    )
    return st.builds(
        ApiRequest,
        caller=st.sampled_from(callers),
        path=paths(endpoint, baseline.integers()),
        query_string=query_strings(field_names, any_string),
        body=bodies,
    )


@pytest.fixture
def callers(
    user_headers: dict[str, str], admin_headers: dict[str, str]
) -> dict[str, dict[str, str]]:
    """The headers of each kind of caller, by name: nobody, a user, an admin."""
    return {"nobody": {}, "user": user_headers, "admin": admin_headers}


@pytest.fixture
def baseline(db: SQLAlchemy, callers: dict[str, dict[str, str]], regular_user: User) -> Baseline:
    """The callers and a row in every other table, as every example finds them."""
    PostFactory(author=regular_user)
{%- if cookiecutter.examples %}
    OrderFactory(customer=regular_user)
{%- endif %}
    return Baseline(table_rows())
{%- if cookiecutter.examples %}


@pytest.fixture
def upload_folder(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """UPLOAD_FOLDER moved to an empty folder in tmp_path; the setting is restored after."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(folder))
    return folder


@pytest.fixture
def outside_apis(mocked_responses: responses.RequestsMock) -> Iterator[None]:
    """An answer from every outside API the app calls, for the examples that get that far.

    Most examples never call one (no token, a bad query): the answers are taken back before
    ``mocked_responses`` fails the test for an answer that nobody asked for.
    """
    mocked_responses.get(CURRENT_WEATHER, json={"temperature": 21.5, "condition": "sunny"})
    yield
    mocked_responses.remove(responses.GET, CURRENT_WEATHER)


@contextmanager
def emptied_after(folder: Path) -> Iterator[None]:
    """Delete what the block wrote into the folder, so the next example finds it empty."""
    try:
        yield
    finally:
        for path in folder.iterdir():
            path.unlink()
{%- endif %}


def assert_error_document(response: TestResponse) -> None:
    """The body is ``{"error": {"status", "title", "detail"[, "fields"]}}``, status matching."""
    assert response.is_json, f"not JSON: {response.content_type} {response.data[:200]!r}"
    document = response.get_json()
    assert document.keys() == {"error"}
    error = document["error"]
    assert error.keys() - {"fields"} == ERROR_KEYS
    assert error["status"] == response.status_code
    assert isinstance(error["title"], str)
    assert isinstance(error["detail"], str)
    if "fields" in error:
        fields = error["fields"]
        assert fields, "fields, when present, name at least one field"
        for messages in fields.values():
            assert isinstance(messages, list)
            assert messages
            assert all(isinstance(message, str) for message in messages)


def describe(response: TestResponse) -> str:
    """The status and the start of the body, for an assertion's message."""
    return f"{response.status} {response.data[:300]!r}"


# Hypothesis warns that function-scoped fixtures run once for all the examples of a test.
# Here that is the point (users and tokens are made once), and every example starts from
# the same database{% if cookiecutter.examples %} and upload folder{% endif %} all the same: rolled_back{% if cookiecutter.examples %} and emptied_after{% endif %} put them back.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
{%- if cookiecutter.examples %}
def test_no_request_gets_a_server_error(
    app, endpoint, callers, baseline, upload_folder, outside_apis, data
):
{%- else %}
def test_no_request_gets_a_server_error(app, endpoint, callers, baseline, data):
{%- endif %}
    requests = api_requests(endpoint, tuple(callers), baseline)
    request = data.draw(requests, label="request")

    with rolled_back(){% if cookiecutter.examples %}, emptied_after(upload_folder){% endif %}:
        response = send(
            app,
            endpoint.method,
            request.path,
            request.query_string,
            request.body,
            callers[request.caller],
        )
        if 400 <= response.status_code < 500:
            # A refused request changes nothing.
            assert table_rows() == baseline.rows
{%- if cookiecutter.examples %}
            assert list(upload_folder.iterdir()) == []
{%- endif %}

    assert response.status_code < 500, describe(response)
    if response.status_code >= 400:
        assert_error_document(response)
