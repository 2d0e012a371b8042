"""An id in a path that the id column cannot hold is a JSON 404, not a database error.

The routes are read from the app, so a new API route with a number in its path is checked
too. Before the ``id`` converter (urls.py), such a number reached the database: PostgreSQL
answered "integer out of range", SQLite an OverflowError from 2**63, and the client a 500.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing.converters import NumberConverter

from {{ cookiecutter.package_name }}.models import INTEGER_MAX

# "<id:user_id>" -> ("id", "user_id"); "<user_id>" -> ("", "user_id")
PATH_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def takes_only_numbers(app, rule):
    """Whether every argument in the rule's path is converted to a number."""
    names = [name or "default" for name, _ in PATH_ARGUMENT.findall(rule.rule)]
    converters = [app.url_map.converters[name] for name in names]
    return bool(converters) and all(issubclass(c, NumberConverter) for c in converters)


def numeric_api_routes(app):
    """(method, rule text) of every API route whose path holds only numbers."""
    return sorted(
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and takes_only_numbers(app, rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def with_number(rule, number):
    """The rule's path with the number in place of every argument."""
    return PATH_ARGUMENT.sub(number, rule)


def test_the_api_has_routes_with_ids(app):
    """The tests below check something: the API has id routes, and they use numbers."""
    assert ("GET", "/api/users/<id:user_id>") in numeric_api_routes(app)


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("0", id="zero"),
        pytest.param(str(INTEGER_MAX + 1), id="INTEGER_MAX+1"),
        pytest.param(str(2**63), id="2**63"),
        pytest.param("9" * 5000, id="more-digits-than-int-reads"),
        pytest.param("\u0665", id="arabic-indic-five"),
    ],
)
def test_an_id_outside_the_column_is_a_json_404(app, client, admin_headers, number):
    not_found = {"status": 404, "title": "Not Found", "detail": NotFound.description}

    for method, rule in numeric_api_routes(app):
        response = client.open(with_number(rule, number), method=method, headers=admin_headers)

        assert (response.status_code, response.get_json()) == (404, {"error": not_found}), (
            method,
            rule,
        )


def test_the_largest_id_reaches_the_view(client, admin_headers):
    """INTEGER_MAX itself is a valid id: the view looks it up and finds nobody."""
    response = client.get(f"/api/users/{INTEGER_MAX}", headers=admin_headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["detail"] == f"There is no user with id {INTEGER_MAX}."
