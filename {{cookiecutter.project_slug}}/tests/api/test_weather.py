"""GET /api/weather: the outside API is answered by ``responses``, never reached."""

from __future__ import annotations

import logging

import pytest
import requests
from responses import matchers

from {{ cookiecutter.package_name }}.config import TestingConfig

CURRENT_WEATHER = f"{TestingConfig.WEATHER_API_URL}/current"


def test_weather_from_the_outside_api(client, user_headers, mocked_responses):
    mocked_responses.get(
        CURRENT_WEATHER,
        json={"temperature": 21.5, "condition": "sunny", "humidity": 40},
        match=[matchers.query_param_matcher({"city": "Lisbon"})],
    )

    response = client.get("/api/weather?city=Lisbon", headers=user_headers)

    assert response.status_code == 200
    assert response.get_json() == {"city": "Lisbon", "temperature": 21.5, "condition": "sunny"}
    # The call must not be able to hang: requests got an explicit timeout.
    assert mocked_responses.calls[0].request.req_kwargs["timeout"] == TestingConfig.WEATHER_TIMEOUT


def test_a_weather_api_url_with_a_trailing_slash_is_asked_the_same(
    app, client, user_headers, mocked_responses, monkeypatch
):
    monkeypatch.setitem(app.config, "WEATHER_API_URL", f"{TestingConfig.WEATHER_API_URL}/")
    mocked_responses.get(CURRENT_WEATHER, json={"temperature": 21.5, "condition": "sunny"})

    response = client.get("/api/weather?city=Lisbon", headers=user_headers)

    assert response.status_code == 200
    assert mocked_responses.calls[0].request.url == f"{CURRENT_WEATHER}?city=Lisbon"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param({"status": 429, "json": {"error": "rate limited"}}, id="rate-limited"),
        pytest.param({"status": 500, "body": "Internal Server Error"}, id="server-error"),
        pytest.param({"body": requests.Timeout("read timed out")}, id="timeout"),
        pytest.param({"body": requests.ConnectionError("no route")}, id="connection-error"),
        pytest.param({"json": {"temperature": "warm"}}, id="unusable-answer"),
        pytest.param({"body": "<html>maintenance</html>"}, id="not-json"),
    ],
)
def test_weather_api_failure_is_a_503(client, user_headers, mocked_responses, answer):
    mocked_responses.get(CURRENT_WEATHER, **answer)

    response = client.get("/api/weather?city=Lisbon", headers=user_headers)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    assert response.get_json()["error"]["detail"] == (
        "The weather service is unavailable; try again later."
    )


def test_a_weather_api_failure_is_logged_with_the_city_and_the_cause(
    client, user_headers, mocked_responses, caplog
):
    mocked_responses.get(CURRENT_WEATHER, body=requests.ConnectionError("no route"))

    with caplog.at_level(logging.WARNING):
        client.get("/api/weather?city=Lisbon", headers=user_headers)

    [record] = caplog.records
    assert record.getMessage() == "The weather API failed."
    assert str(record.exc_info[1]) == "weather for 'Lisbon': no route"


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("", id="missing"),
        pytest.param("?city=", id="empty"),
        pytest.param("?city=%20%20", id="blank"),
        pytest.param(f"?city={'x' * 101}", id="too-long"),
        pytest.param("?city=Lis%00bon", id="nul"),
    ],
)
def test_invalid_city_is_a_422_without_calling_the_api(client, user_headers, query):
    # No answer is registered: a call to the weather API would fail this test.
    response = client.get(f"/api/weather{query}", headers=user_headers)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["detail"] == "The query string is not valid."
    assert list(error["fields"]) == ["city"]


def test_weather_needs_a_token(client):
    assert client.get("/api/weather?city=Lisbon").status_code == 401
