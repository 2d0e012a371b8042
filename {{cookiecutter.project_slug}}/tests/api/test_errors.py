"""Errors under /api are JSON documents, whatever their cause; elsewhere Flask's own pages."""

from __future__ import annotations

import pytest

from {{ cookiecutter.package_name }} import create_app


def test_unknown_api_url_is_a_json_404(client):
    response = client.get("/api/no-such-thing")

    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "status": 404,
        "title": "Not Found",
        "detail": response.get_json()["error"]["detail"],
    }


def test_the_api_root_is_part_of_the_api(client):
    assert client.get("/api").is_json


def test_wrong_method_is_a_json_405_with_allow(client):
    response = client.put("/api/health")

    assert response.status_code == 405
    assert response.is_json
    assert "GET" in response.headers["Allow"]


def test_a_query_string_that_is_not_utf8_is_a_json_400(client):
    """Raw bytes that some servers pass through: werkzeug cannot decode them into ``args``.

    Refused before any view runs (urls.py), so no route can turn them into a 500.
    """
    response = client.get("/api/health", environ_overrides={"QUERY_STRING": "q=\xff"})

    assert (response.status_code, response.get_json()) == (
        400,
        {
            "error": {
                "status": 400,
                "title": "Bad Request",
                "detail": "The query string is not valid UTF-8.",
            }
        },
    )


def test_a_percent_encoded_invalid_byte_is_fine(client):
    """%FF is how browsers send that byte; werkzeug keeps it percent-encoded in ``args``."""
    assert client.get("/api/health?q=%FF").status_code == 200


def test_errors_outside_the_api_stay_html(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert response.mimetype == "text/html"


@pytest.fixture
def crashing_app():
    """A fresh app with a route that raises, serving errors as production would."""
    app = create_app("testing")
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/crash")
    def crash():
        raise RuntimeError("boom")

    return app


def test_unhandled_exception_is_a_json_500(crashing_app):
    response = crashing_app.test_client().get("/api/crash")

    assert response.status_code == 500
    assert response.get_json()["error"]["title"] == "Internal Server Error"
    assert "boom" not in response.get_data(as_text=True)
