"""No test reaches the network: the guard of tests/network.py, door by door.

The tests that try to leave this machine ask for ``tripwire`` first: it checks that every door
of the socket module leads through the guard, then replaces the guard's way out (the real
socket functions) with stand-ins that record what the guard let through. Even a broken guard
sends nothing from these tests: they fail instead.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest
{%- if cookiecutter.examples %}
import requests

from {{ cookiecutter.package_name }}.services.email import SmtpEmailService
{%- endif %}

from tests.network import (
    GUARD,
    NAME_LOOKUPS,
    REAL_DOORS,
    SOCKET_METHODS,
    Doors,
    NetworkBlockedError,
    NetworkGuard,
    is_this_machine,
    service_hosts,
)

if TYPE_CHECKING:
    from collections.abc import Callable

# Reserved for documentation (RFC 5737, RFC 3849, RFC 2606): nothing there would answer.
PUBLIC_ADDRESS = "192.0.2.1"
PUBLIC_ADDRESS_V6 = "2001:db8::1"
PUBLIC_NAME = "weather.example.com"
# What the stand-in for getaddrinfo and gethostbyname answers for any name.
RESOLVED_ADDRESS = "192.0.2.7"


@dataclass
class Tripwire:
    """Stand-ins for the real socket functions: each records its call and sends nothing."""

    crossed: list[str] = field(default_factory=list)

    def door(self, name: str, answer: object) -> Callable[..., Any]:
        def stand_in(*args: object) -> object:
            self.crossed.append(name)
            return answer

        return stand_in

    def doors(self) -> Doors:
        address_info = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (RESOLVED_ADDRESS, 0))]
        host_entry = ("stand-in", [], [RESOLVED_ADDRESS])
        return Doors(
            connect=self.door("connect", None),
            connect_ex=self.door("connect_ex", 0),
            sendto=self.door("sendto", 0),
            sendmsg=self.door("sendmsg", 0),
            getaddrinfo=self.door("getaddrinfo", address_info),
            gethostbyname=self.door("gethostbyname", RESOLVED_ADDRESS),
            gethostbyname_ex=self.door("gethostbyname_ex", host_entry),
            gethostbyaddr=self.door("gethostbyaddr", host_entry),
            getnameinfo=self.door("getnameinfo", ("stand-in", "0")),
        )


def unguarded_doors() -> list[str]:
    """The doors of the socket module that are still the real functions."""
    methods = [("socket.socket", socket.socket, name) for name in SOCKET_METHODS]
    lookups = [("socket", socket, name) for name in NAME_LOOKUPS]
    return [
        f"{where}.{name}"
        for where, owner, name in methods + lookups
        if getattr(owner, name) is getattr(REAL_DOORS, name)
    ]


# Taken while pytest imports this module to collect it: the guard must already stand.
UNGUARDED_WHILE_COLLECTING = unguarded_doors()


@pytest.fixture
def guard(pytestconfig: pytest.Config) -> NetworkGuard:
    """The guard that tests/network.py installed for this run."""
    return pytestconfig.stash[GUARD]


@pytest.fixture
def tripwire(guard: NetworkGuard, monkeypatch: pytest.MonkeyPatch) -> Tripwire:
    """The guard's way out replaced by stand-ins that record and send nothing; restored after.

    Fails the test before it starts if a door of the socket module bypasses the guard.
    """
    if unguarded := unguarded_doors():
        pytest.fail(f"not guarded, so not tried: {', '.join(unguarded)}")
    tripwire = Tripwire()
    monkeypatch.setattr(guard, "doors", tripwire.doors())
    return tripwire


def test_every_door_is_guarded_from_before_collection():
    # The guard is installed in pytest_configure: before modules are imported, fixtures set up.
    assert UNGUARDED_WHILE_COLLECTING == []
    assert unguarded_doors() == []


def test_the_error_names_the_host_and_how_to_allow_it(tripwire):
    with socket.socket() as sock, pytest.raises(NetworkBlockedError) as blocked:
        sock.connect((PUBLIC_ADDRESS, 80))

    assert str(blocked.value) == (
        "socket.connect to '192.0.2.1' blocked: tests reach only this machine "
        "(tests/network.py). To let a test reach 192.0.2.1 on purpose, mark it "
        '@pytest.mark.allowed_hosts("192.0.2.1").'
    )
    assert blocked.value.host == PUBLIC_ADDRESS
    assert tripwire.crossed == []


def test_the_error_is_not_an_os_error():
    # Code that handles outages (`except OSError`) must not take it for one.
    assert not issubclass(NetworkBlockedError, OSError)
{%- if cookiecutter.examples %}


def test_code_that_handles_network_failures_cannot_hide_the_error(tripwire):
    # SmtpEmailService turns an OSError into EmailDeliveryError, which callers log and pass.
    service = SmtpEmailService(PUBLIC_NAME, 25, "app@example.com", timeout=1)

    with pytest.raises(NetworkBlockedError) as blocked:
        service.send("ada@example.com", "Hello", "Hello, Ada.")

    assert blocked.value.host == PUBLIC_NAME
    assert tripwire.crossed == []
{%- endif %}


def tcp_socket() -> socket.socket:
    return socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def udp_socket() -> socket.socket:
    return socket.socket(socket.AF_INET, socket.SOCK_DGRAM)


def ipv6_tcp_socket() -> socket.socket:
    return socket.socket(socket.AF_INET6, socket.SOCK_STREAM)


@pytest.mark.parametrize(
    ("make_socket", "door", "args"),
    [
        pytest.param(tcp_socket, "connect", [(PUBLIC_ADDRESS, 80)], id="connect"),
        pytest.param(tcp_socket, "connect_ex", [(PUBLIC_ADDRESS, 80)], id="connect_ex"),
        pytest.param(tcp_socket, "connect", [(PUBLIC_NAME, 80)], id="connect-to-a-name"),
        pytest.param(ipv6_tcp_socket, "connect", [(PUBLIC_ADDRESS_V6, 80, 0, 0)], id="ipv6"),
        pytest.param(ipv6_tcp_socket, "connect", [("::ffff:192.0.2.1", 80)], id="ipv4-mapped"),
        pytest.param(udp_socket, "sendto", [b"x", (PUBLIC_ADDRESS, 53)], id="sendto"),
        pytest.param(udp_socket, "sendto", [b"x", 0, (PUBLIC_ADDRESS, 53)], id="sendto-flags"),
        pytest.param(udp_socket, "sendmsg", [[b"x"], [], 0, (PUBLIC_ADDRESS, 53)], id="sendmsg"),
    ],
)
def test_a_socket_cannot_reach_another_host(tripwire, make_socket, door, args):
    host = args[-1][0]
    with make_socket() as sock:
        with pytest.raises(NetworkBlockedError) as blocked:
            getattr(sock, door)(*args)
        # Closed by the guard: the error passes by the caller's `except OSError` clean-up.
        assert sock.fileno() == -1

    assert (blocked.value.attempt, blocked.value.host) == (f"socket.{door} to {host!r}", host)
    assert tripwire.crossed == []


@pytest.mark.parametrize(
    ("function", "args", "door", "host"),
    [
        ("getaddrinfo", (PUBLIC_NAME, 443), "getaddrinfo", PUBLIC_NAME),
        ("getaddrinfo", (PUBLIC_ADDRESS, 443), "getaddrinfo", PUBLIC_ADDRESS),
        ("gethostbyname", (PUBLIC_NAME,), "gethostbyname", PUBLIC_NAME),
        ("gethostbyname_ex", (PUBLIC_NAME,), "gethostbyname_ex", PUBLIC_NAME),
        ("gethostbyaddr", (PUBLIC_ADDRESS,), "gethostbyaddr", PUBLIC_ADDRESS),
        ("getnameinfo", ((PUBLIC_ADDRESS, 80), 0), "getnameinfo", PUBLIC_ADDRESS),
        # Functions built on the doors are stopped at their first lookup.
        ("getfqdn", (PUBLIC_NAME,), "gethostbyaddr", PUBLIC_NAME),
        ("create_connection", ((PUBLIC_NAME, 80), 1), "getaddrinfo", PUBLIC_NAME),
    ],
)
def test_a_name_outside_this_machine_is_not_looked_up(tripwire, function, args, door, host):
    with pytest.raises(NetworkBlockedError) as blocked:
        getattr(socket, function)(*args)

    assert (blocked.value.attempt, blocked.value.host) == (f"socket.{door} of {host!r}", host)
    assert tripwire.crossed == []


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("127.0.0.1", True),
        ("127.255.255.254", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True),  # noqa: S104 - a destination here, not an address to bind
        ("", True),
        ("128.0.0.1", False),
        ("126.255.255.255", False),
        ("::2", False),
        ("10.0.0.1", False),
        ("localhost.example.com", False),
        ("127.0.0.1.example.com", False),
    ],
)
def test_what_counts_as_this_machine(host, expected):
    assert is_this_machine(host) is expected


def test_this_machine_s_own_name_is_looked_up(tripwire):
    # smtplib greets a server with socket.getfqdn(): this machine's name, and its address.
    socket.getfqdn()
    socket.gethostbyname(socket.gethostname())

    assert tripwire.crossed == ["gethostbyaddr", "gethostbyname"]


def test_loopback_and_local_lookups_reach_the_real_functions(tripwire):
    with tcp_socket() as sock:
        sock.connect(("127.0.0.1", 80))
        sock.connect_ex(("localhost", 80))
    with udp_socket() as sock:
        sock.sendto(b"x", ("127.0.0.1", 53))
        sock.sendmsg([b"x"], [], 0, ("127.0.0.1", 53))
    socket.getaddrinfo("localhost", 80)
    socket.getaddrinfo(None, 80)
    socket.gethostbyaddr("127.0.0.1")
    socket.getnameinfo(("::1", 80), 0)

    assert tripwire.crossed == [
        "connect",
        "connect_ex",
        "sendto",
        "sendmsg",
        "getaddrinfo",
        "getaddrinfo",
        "gethostbyaddr",
        "getnameinfo",
    ]


def test_loopback_is_really_reachable():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("localhost", port), timeout=1):
            pass


@pytest.mark.allowed_hosts(PUBLIC_ADDRESS)
def test_a_test_can_allow_a_host(tripwire):
    with tcp_socket() as sock:
        sock.connect((PUBLIC_ADDRESS, 80))
    with tcp_socket() as sock, pytest.raises(NetworkBlockedError):
        sock.connect(("192.0.2.2", 80))

    assert tripwire.crossed == ["connect"]


def test_an_allowed_name_allows_its_addresses(guard, tripwire):
    with guard.allowing([PUBLIC_NAME]):
        socket.gethostbyname(PUBLIC_NAME)
        with tcp_socket() as sock:
            sock.connect((RESOLVED_ADDRESS, 80))

    assert tripwire.crossed == ["getaddrinfo", "gethostbyname", "connect"]
    with tcp_socket() as sock, pytest.raises(NetworkBlockedError):
        sock.connect((RESOLVED_ADDRESS, 80))


def test_the_hosts_of_the_service_urls_are_allowed():
    environ = {
        "TEST_DATABASE_URL": "postgresql+psycopg://app:secret@db.internal:5432/test",
        "REDIS_URL": "redis://cache:6379/0",
        "DATABASE_URL": "postgresql://app@production.example.com/app",
    }
    tripwire = Tripwire()

    guard = NetworkGuard(service_hosts(environ), doors=tripwire.doors())

    assert service_hosts(environ) == ["db.internal", "cache"]
    assert guard.allowed == {"db.internal", "cache", RESOLVED_ADDRESS}
    assert tripwire.crossed == ["getaddrinfo", "getaddrinfo"]


def test_this_run_allows_the_hosts_of_its_service_urls(guard):
    # Bites where the run has them: CI sets TEST_DATABASE_URL and REDIS_URL.
    assert guard.allowed >= set(service_hosts(os.environ))


@pytest.mark.parametrize(
    "environ",
    [{}, {"TEST_DATABASE_URL": "sqlite://"}, {"TEST_DATABASE_URL": "", "REDIS_URL": ""}],
)
def test_service_urls_without_a_host_allow_nothing(environ):
    assert service_hosts(environ) == []
{%- if cookiecutter.examples %}


def test_unmocked_http_request_fails_loudly():
    """No fixture asked for: the session's responses mock answers every test's requests."""
    with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
        requests.get("https://weather.example.com/v1/current", timeout=1)
{%- endif %}
