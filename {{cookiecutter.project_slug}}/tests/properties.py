"""What the property-based tests share: routes, inputs of every shape, and the state to keep.

Hypothesis runs a test many times, each time with inputs drawn from strategies (an
*example*), and when one fails it shrinks the input to the smallest that still fails.
``tests/api/test_properties.py`` sends such requests to every API route and
``tests/views/test_form_properties.py`` to every page; both find the routes in the app's
URL map, so a new route is tested without editing them (TESTING.md, "Property-based tests").
"""

from __future__ import annotations

import operator
import re
import string
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st
from sqlalchemy import Connection, select
from werkzeug.routing.converters import NumberConverter

from {{ cookiecutter.package_name }}.api import blueprint as api_blueprint
from {{ cookiecutter.package_name }}.extensions import db

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from flask import Flask
    from hypothesis.strategies import SearchStrategy
    from werkzeug.test import TestResponse

T = TypeVar("T")
TableRows = dict[str, list[tuple[Any, ...]]]

# Flask answers these for every rule by itself: HEAD as GET without a body, OPTIONS with the
# allowed methods.
AUTOMATIC_METHODS = frozenset({"HEAD", "OPTIONS"})
# A variable of a URL rule: <name>, <converter:name> or <converter(arguments):name>.
RULE_VARIABLE = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")

# Where integer types overflow: PostgreSQL's integer and bigint, SQLite's 64 bits, a double's
# exact range, and far beyond; each on both sides of the limit, and negative.
INTEGER_LIMITS = (2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 10**30)
INTEGERS = st.one_of(
    st.integers(),
    st.sampled_from(INTEGER_LIMITS),
    st.sampled_from(INTEGER_LIMITS).map(operator.neg),
)
# Any code point, lone surrogates included, which no UTF-8 encoder accepts.
ANY_CHARACTER = st.characters(exclude_categories=())
# Any but control characters and lone surrogates, which validators refuse: text that gets
# through to the code behind them, in any script, with marks, joiners and right-to-left.
NON_CONTROL_CHARACTER = st.characters(exclude_categories=["Cc", "Cs"])


def with_nul(
    texts: SearchStrategy[str], allowed: Callable[[str], bool] = lambda text: True
) -> SearchStrategy[str]:
    """The texts with a NUL slipped in somewhere, where ``allowed`` says the result still fits.

    PostgreSQL refuses NUL in text while SQLite stores it. Drawn character by character, NUL
    is one code point among a million, so it gets a strategy of its own.
    """

    def slip_in(text: str, place: int) -> str:
        place %= len(text) + 1
        changed = text[:place] + "\x00" + text[place:]
        return changed if allowed(changed) else text

    return st.builds(slip_in, texts, st.integers(min_value=0))


SHORT_TEXTS = st.one_of(
    st.text(ANY_CHARACTER),
    with_nul(st.text(ANY_CHARACTER)),
    # Only control characters and surrogates: what breaks code most often.
    st.text(st.characters(categories=["Cc", "Cs"]), min_size=1),
)
# Longer than any column: repeated, because drawing each of 1,000 characters is slow.
LONG_TEXTS = st.builds(
    operator.mul, st.text(ANY_CHARACTER, min_size=1, max_size=3), st.integers(100, 1_000)
)
TEXTS = SHORT_TEXTS | LONG_TEXTS
# Addresses that email validators accept: plainer than st.emails(), and five times quicker.
EMAILS = st.builds(
    "{}@{}.com".format,
    st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=20),
    st.text(string.ascii_lowercase, min_size=1, max_size=20),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | INTEGERS | st.floats() | TEXTS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXTS, children, max_size=3),
    max_leaves=8,
)

# Werkzeug's multipart parser drops the files it has already spooled, without closing them,
# when a later part is malformed (a field name that is not UTF-8, a field larger than
# MAX_FORM_MEMORY_SIZE): CPython closes each as it frees it, with a ResourceWarning that
# `filterwarnings = error` would turn into an error of whichever test is running. The
# property tests send such bodies on purpose, and ignore that one warning.
DROPPED_UPLOAD_WARNING = "ignore:Unclosed file <tempfile.SpooledTemporaryFile:ResourceWarning"

FORM_URLENCODED = "application/x-www-form-urlencoded"
# Werkzeug looks for the boundary only; that a value may contain it is one more input.
MULTIPART_BOUNDARY = "property-test-boundary"
MULTIPART = f"multipart/form-data; boundary={MULTIPART_BOUNDARY}"


@dataclass(frozen=True)
class Endpoint:
    """One method of one URL rule, with the variables of the rule: what a test is run for."""

    method: str
    rule: str
    # Each variable's name, and whether its converter takes numbers (<int:id>, <float:x>).
    variables: tuple[tuple[str, bool], ...]

    def __str__(self) -> str:
        return f"{self.method} {self.rule}"


@dataclass(frozen=True)
class Body:
    """A request body as sent: its Content-Type header (None: no header) and its bytes."""

    content_type: str | None
    data: bytes


NO_BODY = Body(None, b"")


class Baseline:
    """The rows every example starts from, and the values in them a request may name."""

    def __init__(self, rows: TableRows) -> None:
        self.rows = rows

    def __repr__(self) -> str:
        # Printed with every failing example: the counts say enough.
        counts = ", ".join(f"{table}: {len(rows)}" for table, rows in self.rows.items())
        return f"Baseline(rows of {counts})"

    def values(self) -> list[Any]:
        """Every value of every row."""
        return [value for rows in self.rows.values() for row in rows for value in row]

    def strings(self) -> tuple[str, ...]:
        """Every text stored (emails, names, skus ...), for requests that name real things."""
        return tuple(sorted({value for value in self.values() if isinstance(value, str)}))

    def stored(self, column: str) -> tuple[Any, ...]:
        """The values stored in the columns of that name, in every table (``email``, ``sku``)."""
        values = {
            row[index]
            for table, rows in self.rows.items()
            for index, name in enumerate(db.metadata.tables[table].columns.keys())
            if name == column
            for row in rows
        }
        return tuple(sorted(values, key=repr))

    def integers(self) -> tuple[int, ...]:
        """Every whole number stored, ids above all (a boolean is no number here)."""
        numbers = (value for value in self.values() if isinstance(value, int))
        return tuple(sorted({number for number in numbers if not isinstance(number, bool)}))


def subclasses(base: type[T]) -> list[type[T]]:
    """Every subclass of ``base``, at any depth: the schemas of the API, the forms of the pages."""
    found = []
    for subclass in base.__subclasses__():
        found += [subclass, *subclasses(subclass)]
    return found


def endpoints(app: Flask, *, api: bool) -> list[Endpoint]:
    """Every method of every rule under the API's prefix (``api=True``) or outside it."""
    prefix = f"{api_blueprint.url_prefix}/"
    found = {
        Endpoint(method, rule.rule, tuple(rule_variables(app, rule.rule)))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(prefix) == api
        for method in sorted((rule.methods or set()) - AUTOMATIC_METHODS)
    }
    # Sorted: pytest-xdist workers must collect the same tests in the same order.
    return sorted(found, key=lambda endpoint: (endpoint.rule, endpoint.method))


def rule_variables(app: Flask, rule: str) -> Iterator[tuple[str, bool]]:
    """The rule's variable names, each with whether its converter takes numbers."""
    for variable in RULE_VARIABLE.finditer(rule):
        converter = app.url_map.converters[variable["converter"] or "default"]
        yield variable["name"], issubclass(converter, NumberConverter)


def paths(endpoint: Endpoint, known_integers: Sequence[int]) -> SearchStrategy[str]:
    """The endpoint's path with a value for each variable: numbers, or percent-escaped text."""
    numbers = (st.sampled_from(known_integers) | INTEGERS) if known_integers else INTEGERS
    values = st.fixed_dictionaries(
        {
            name: numbers.map(str) if numeric else SHORT_TEXTS.map(percent_escaped)
            for name, numeric in endpoint.variables
        }
    )
    return values.map(
        lambda drawn: RULE_VARIABLE.sub(lambda variable: drawn[variable["name"]], endpoint.rule)
    )


def percent_escaped(text: str) -> str:
    """Text as a URL carries it: its UTF-8 bytes, escaped (a lone surrogate as invalid UTF-8)."""
    return quote_from_bytes(utf8(text), safe="")


def utf8(text: str) -> bytes:
    """Encode as UTF-8, lone surrogates too, into the invalid bytes a careless client sends."""
    return text.encode("utf-8", "surrogatepass")


def query_strings(names: Sequence[str], values: SearchStrategy[str]) -> SearchStrategy[bytes]:
    """Query strings as they arrive: name=value pairs, percent-escaped or raw, and any bytes."""
    name_or_any = (st.sampled_from(names) | SHORT_TEXTS) if names else SHORT_TEXTS
    escaped_pair = st.tuples(name_or_any, values).map(lambda pair: urlencoded([pair]))
    # Not escaped: "&", "=", "#" and bytes that are not UTF-8 go through as they are.
    raw_pair = st.tuples(name_or_any.map(utf8), st.binary(max_size=20)).map(b"=".join)
    pairs = st.lists(escaped_pair | raw_pair, max_size=3).map(b"&".join)
    return pairs | st.binary(max_size=50)


def form_bodies(
    names: Sequence[str], values: SearchStrategy[str], files: SearchStrategy[bytes]
) -> SearchStrategy[Body]:
    """Forms, URL-encoded or multipart (with files), whose fields have these names or any."""
    name_or_any = (st.sampled_from(names) | SHORT_TEXTS) if names else SHORT_TEXTS
    fields = st.lists(st.tuples(name_or_any, values), max_size=6)
    # A part with a file name is a file upload; one without is a plain field.
    parts = st.lists(
        st.tuples(name_or_any, st.none() | SHORT_TEXTS, files | values.map(utf8)), max_size=4
    )
    return st.one_of(
        fields.map(lambda drawn: Body(FORM_URLENCODED, urlencoded(drawn))),
        parts.map(lambda drawn: Body(MULTIPART, multipart(drawn))),
    )


def urlencoded(fields: Sequence[tuple[str, str]]) -> bytes:
    """An application/x-www-form-urlencoded body (or query string) of (name, value) fields."""
    return b"&".join(
        f"{percent_escaped(name)}={percent_escaped(value)}".encode() for name, value in fields
    )


def multipart(parts: Sequence[tuple[str, str | None, bytes]]) -> bytes:
    """A multipart/form-data body of (field name, file name or None, content) parts."""
    chunks = []
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        head = f"--{MULTIPART_BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n"
        chunks.append(utf8(head) + content + b"\r\n")
    return b"".join(chunks) + f"--{MULTIPART_BOUNDARY}--\r\n".encode()


def send(
    app: Flask,
    method: str,
    path: str,
    query_string: bytes,
    body: Body,
    headers: dict[str, str],
) -> TestResponse:
    """Send one request as a server would hand it to the app, raw query string included.

    Each goes through a new client without a cookie jar: an example is a request of its
    own, and its headers say all it sends (a signed-in visitor's Cookie header included).
    """
    client = app.test_client(use_cookies=False)
    return client.open(
        path,
        method=method,
        headers=headers,
        data=body.data,
        content_type=body.content_type,
        # WSGI hands the query string over as its bytes decoded as Latin-1 (PEP 3333), which
        # is how bytes that are not UTF-8 reach the app; the test client would encode them.
        environ_overrides={"QUERY_STRING": query_string.decode("latin-1")},
    )


def database_connection() -> Connection:
    """The test's connection, which the ``db`` fixture puts where the app looks for its engine."""
    connection = db.engines[None]
    assert isinstance(connection, Connection), "a property test needs the db fixture"
    return connection


def table_rows() -> TableRows:
    """Every row of every table of the models, by table name, in primary-key order."""
    connection = database_connection()
    return {
        table.name: [
            tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))
        ]
        for table in db.metadata.sorted_tables
    }


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a savepoint of the test's transaction, and roll it back after.

    Hypothesis runs a test's body once per example, but its fixtures once per test: the
    ``db`` fixture rolls back after the last example only. Without a savepoint per example,
    what one request wrote would still be there for the next examples, whose answers would
    then depend on what ran before them, and a failure found could not be replayed alone.
    """
    savepoint = database_connection().begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()
