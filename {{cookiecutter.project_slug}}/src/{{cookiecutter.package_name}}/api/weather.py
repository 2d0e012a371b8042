"""GET /api/weather?city=...: today's weather, or a 503 when the weather API fails."""

from __future__ import annotations

from typing import Annotated, Any

from flask import Blueprint, current_app, request
from pydantic import StringConstraints, ValidationError

from {{ cookiecutter.package_name }}.api.auth import token_required
from {{ cookiecutter.package_name }}.api.errors import ApiError, validation_failed
from {{ cookiecutter.package_name }}.api.schemas import Strict
from {{ cookiecutter.package_name }}.services.weather import (
    WeatherUnavailableError,
    current_weather,
)

blueprint = Blueprint("weather", __name__)


class WeatherQuery(Strict):
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def get_weather() -> dict[str, Any]:
    try:
        query = WeatherQuery.model_validate(request.args.to_dict())
    except ValidationError as error:
        fields = validation_failed(error).fields
        raise ApiError(422, "The query string is not valid.", fields) from None
    try:
        weather = current_weather(query.city)
    except WeatherUnavailableError:
        current_app.logger.warning("The weather API failed.", exc_info=True)
        # The outside API's trouble is not the client's fault: a 503 says "try again later".
        raise ApiError(
            503,
            "The weather service is unavailable; try again later.",
            headers={"Retry-After": "60"},
        ) from None
    return {"city": query.city, **weather.model_dump()}


# The routes, registered here rather than by decorators on the views: mutation testing
# (TESTING.md) makes mutants of undecorated functions only, so this way the views count.
blueprint.add_url_rule("/weather", view_func=token_required(get_weather), methods=["GET"])
