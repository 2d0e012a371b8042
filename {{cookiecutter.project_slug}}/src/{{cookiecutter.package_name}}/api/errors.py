"""Every error under /api is a JSON document, whatever raised it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import HTTPException

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment
    from pydantic import ValidationError


class ApiError(HTTPException):
    """An HTTP error with optional per-field messages, raised by API views."""

    def __init__(
        self,
        code: int,
        description: str,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.fields = fields or {}
        self.extra_headers = headers or {}

    def get_headers(
        self, environ: WSGIEnvironment | None = None, scope: dict[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        return [*super().get_headers(environ, scope), *self.extra_headers.items()]


def validation_failed(error: ValidationError) -> ApiError:
    """A 422 listing pydantic's messages by field ("body" for the document itself)."""
    fields: dict[str, list[str]] = {}
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "body"
        fields.setdefault(field, []).append(problem["msg"])
    return ApiError(422, "The request body is not valid.", fields)


def error_document(error: HTTPException) -> Response:
    """Render an HTTP error as {"error": {...}} with its status code and headers."""
    body: dict[str, object] = {
        "status": error.code,
        "title": error.name,
        "detail": error.description,
    }
    if isinstance(error, ApiError) and error.fields:
        body["fields"] = error.fields
    response = jsonify(error=body)
    response.status_code = error.code or 500
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def answer_under(prefix: str, error: HTTPException) -> HTTPException | Response:
    """The JSON document for an error of a request under the prefix; else the error itself."""
    if request.path == prefix or request.path.startswith(f"{prefix}/"):
        return error_document(error)
    return error


# Runs at import: mutmut is told to make no mutants of it (api/auth.py says why).
def register(blueprint: Blueprint) -> None:  # pragma: no mutate block
    """Answer HTTP errors under the API's prefix with JSON, elsewhere as Flask would."""
    prefix = blueprint.url_prefix or ""

    # App-wide, because a 404 or 405 is raised before any blueprint is matched.
    @blueprint.app_errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> HTTPException | Response:
        return answer_under(prefix, error)
