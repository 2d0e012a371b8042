"""Current weather from an outside HTTP API, configured by WEATHER_API_URL.

The API answers ``GET <WEATHER_API_URL>/current?city=<city>`` with
``{"temperature": 21.5, "condition": "sunny"}``.
"""

from __future__ import annotations

import requests
from flask import current_app
from pydantic import BaseModel, ValidationError


class WeatherUnavailableError(Exception):
    """The weather API could not be asked, or did not give a usable answer."""


class Weather(BaseModel):
    """The part of the API's answer the app uses."""

    temperature: float
    condition: str


def current_weather(city: str) -> Weather:
    """The weather in a city now; raises WeatherUnavailableError on any failure."""
    url = f"{current_app.config['WEATHER_API_URL'].removesuffix('/')}/current"
    try:
        # Without a timeout a stalled API would hold this request, and its worker, forever.
        response = requests.get(
            url, params={"city": city}, timeout=current_app.config["WEATHER_TIMEOUT"]
        )
        response.raise_for_status()
        return Weather.model_validate(response.json())
    except (requests.RequestException, ValidationError) as error:
        raise WeatherUnavailableError(f"weather for {city!r}: {error}") from error
