"""What the app accepts in a URL: ids in paths that fit the database, query strings that decode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import request
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.routing import IntegerConverter

from {{ cookiecutter.package_name }}.models import INTEGER_MAX

if TYPE_CHECKING:
    from flask import Flask


class DatabaseIdConverter(IntegerConverter):
    """``<id:user_id>``: a whole number from 1 to INTEGER_MAX, or a 404 for the whole path.

    Werkzeug's ``int`` takes numbers of any size, and one past the column's range failed in
    the database (PostgreSQL: "integer out of range"; SQLite, from 2**63: OverflowError):
    a 500. The 404 is raised here rather than a ValidationError, with which werkzeug would
    answer 405 when another method's route has the same path.
    """

    # ASCII digits: \d would also take other scripts' digits, which int() reads as well.
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        # The length first: int() refuses strings of more than 4300 digits with a ValueError.
        if len(value) > len(str(INTEGER_MAX)) or not 0 < int(value) <= INTEGER_MAX:
            raise NotFound
        return int(value)


def refuse_undecodable_query_string() -> None:
    """Answer 400 when the query string is not UTF-8, before a view reads ``request.args``.

    Browsers and the test client percent-encode what they send, but a server may pass raw
    bytes through, and werkzeug decodes them strictly: without this, a 500.
    """
    try:
        request.query_string.decode()
    except UnicodeDecodeError:
        raise BadRequest("The query string is not valid UTF-8.") from None


def init_app(app: Flask) -> None:
    """Register the ``id`` converter and the query string check on the app."""
    app.url_map.converters["id"] = DatabaseIdConverter
    app.before_request(refuse_undecodable_query_string)
