"""The network guard: a test may reach this machine only, and fails at once if it tries more.

A pytest plugin, loaded by ``pytest_plugins`` in tests/conftest.py. From the start of the run
to its end it stands in front of every way Python's ``socket`` module reaches another host:
connecting (``connect``, ``connect_ex``), sending datagrams (``sendto``, ``sendmsg``) and
looking names up (``getaddrinfo``, ``gethostbyname``, ``gethostbyname_ex``, ``gethostbyaddr``,
``getnameinfo``). It decides from the host alone, before any packet or DNS query: loopback
addresses, ``localhost`` and this machine's own name pass, and so do the hosts of the services
the suite is configured to use (TEST_DATABASE_URL, REDIS_URL) and those a test allows with
``@pytest.mark.allowed_hosts("api.example.com")``. Anything else raises NetworkBlockedError,
which names the host. Sockets of other families (unix sockets) pass.

What Python does not open, it cannot see: C clients (libpq under psycopg) and subprocesses
open their own sockets{% if cookiecutter.browser_tests %}, and Chromium is kept on this machine by tests/views/conftest.py{% endif %}.
See TESTING.md, "No network".
"""

from __future__ import annotations

import ipaddress
import os
import socket
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable, Iterator, Mapping

# The services the suite is configured to use: their hosts stay reachable, wherever they are.
SERVICE_URL_VARIABLES = ("TEST_DATABASE_URL", "REDIS_URL")
ALLOW_A_HOST = (
    'To let a test reach {host} on purpose, mark it @pytest.mark.allowed_hosts("{host}").'
)
INTERNET_FAMILIES = (socket.AF_INET, socket.AF_INET6)


class NetworkBlockedError(Exception):
    """A test tried to reach a host other than this machine; nothing was sent.

    Not an OSError on purpose: code that handles network failures (``except OSError``, as
    callers of smtplib do) would take it for an outage, and the test would pass.
    """

    def __init__(self, attempt: str, host: str, remedy: str = ALLOW_A_HOST) -> None:
        super().__init__(attempt, host, remedy)
        self.attempt = attempt
        self.host = host
        self.remedy = remedy

    def __str__(self) -> str:
        return (
            f"{self.attempt} blocked: tests reach only this machine (tests/network.py). "
            + self.remedy.format(host=self.host)
        )


@dataclass(frozen=True)
class Doors:
    """The functions through which Python reaches another host: the real ones, or stand-ins."""

    connect: Callable[..., None]
    connect_ex: Callable[..., int]
    sendto: Callable[..., int]
    sendmsg: Callable[..., int]
    getaddrinfo: Callable[..., Any]
    gethostbyname: Callable[..., str]
    gethostbyname_ex: Callable[..., tuple[str, list[str], list[str]]]
    gethostbyaddr: Callable[..., tuple[str, list[str], list[str]]]
    getnameinfo: Callable[..., tuple[str, str]]


SOCKET_METHODS = ("connect", "connect_ex", "sendto", "sendmsg")
NAME_LOOKUPS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo")
# Taken when this module is imported, before the guard replaces them.
REAL_DOORS = Doors(
    connect=socket.socket.connect,
    connect_ex=socket.socket.connect_ex,
    sendto=socket.socket.sendto,
    sendmsg=socket.socket.sendmsg,
    getaddrinfo=socket.getaddrinfo,
    gethostbyname=socket.gethostbyname,
    gethostbyname_ex=socket.gethostbyname_ex,
    gethostbyaddr=socket.gethostbyaddr,
    getnameinfo=socket.getnameinfo,
)


def normalized(host: str | bytes) -> str:
    """A host as the guard compares it: text, lowercase, without a final dot."""
    text = host.decode(errors="replace") if isinstance(host, bytes) else host
    return text.lower().rstrip(".")


def ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host is written as; None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_this_machine(host: str) -> bool:
    """Whether a host is this machine by definition: localhost, or a loopback address.

    ``""``, ``0.0.0.0`` and ``::`` count too: as a destination they mean this machine.
    """
    host = normalized(host)
    address = ip_address(host)
    if address is None:
        return host in {"", "localhost"}
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def service_hosts(environ: Mapping[str, str]) -> list[str]:
    """The hosts named in the service URLs of the environment (TEST_DATABASE_URL, REDIS_URL)."""
    urls = [environ.get(name, "") for name in SERVICE_URL_VARIABLES]
    return [host for url in urls if (host := urlsplit(url).hostname)]


def as_socket_method(guarded: Callable[..., object]) -> Callable[..., object]:
    """A function calling ``guarded``: set on the socket class, it is handed the socket.

    A bound method set there would not be: only functions bind to the instance they are read from.
    """

    def method(sock: socket.socket, *args: Any) -> object:
        return guarded(sock, *args)

    return method


class NetworkGuard:
    """Passes what reaches this machine or an allowed host to ``doors``; raises for the rest."""

    def __init__(self, allowed_hosts: Iterable[str], doors: Doors = REAL_DOORS) -> None:
        self.doors = doors
        # smtplib and aiosmtpd look this machine's own name up (socket.getfqdn) to greet.
        self.own_name = normalized(socket.gethostname())
        self.allowed = self.with_addresses(allowed_hosts)
        self.allowed_for_test: frozenset[str] = frozenset()

    def with_addresses(self, hosts: Iterable[str]) -> frozenset[str]:
        """The hosts, and the addresses their names resolve to now (a name that does not: none)."""
        found = {normalized(host) for host in hosts}
        for name in [host for host in found if ip_address(host) is None]:
            with suppress(socket.gaierror):
                found |= {str(info[4][0]) for info in self.doors.getaddrinfo(name, None)}
        return frozenset(found)

    @contextmanager
    def allowing(self, hosts: Iterable[str]) -> Iterator[None]:
        """These hosts too, until the block ends (one test's ``allowed_hosts`` marker)."""
        before = self.allowed_for_test
        self.allowed_for_test = before | self.with_addresses(hosts)
        try:
            yield
        finally:
            self.allowed_for_test = before

    def allows(self, host: str | bytes) -> bool:
        host = normalized(host)
        return (
            is_this_machine(host)
            or host == self.own_name
            or host in self.allowed
            or host in self.allowed_for_test
        )

    def check_lookup(self, door: str, host: str | bytes) -> None:
        if not self.allows(host):
            raise NetworkBlockedError(f"socket.{door} of {host!r}", normalized(host))

    def check_destination(self, door: str, sock: socket.socket, address: object) -> None:
        if sock.family not in INTERNET_FAMILIES or not isinstance(address, tuple):
            return  # a unix socket's path, or an address the real function will refuse
        host = address[0]
        if not self.allows(host):
            # The error passes by the `except OSError` clean-up of callers such as
            # socket.create_connection: closed here, the socket adds no ResourceWarning.
            sock.close()
            raise NetworkBlockedError(f"socket.{door} to {host!r}", normalized(host))

    def connect(self, sock: socket.socket, address: object) -> None:
        self.check_destination("connect", sock, address)
        self.doors.connect(sock, address)

    def connect_ex(self, sock: socket.socket, address: object) -> int:
        self.check_destination("connect_ex", sock, address)
        return self.doors.connect_ex(sock, address)

    def sendto(self, sock: socket.socket, data: bytes, *flags_and_address: Any) -> int:
        # sendto(data, address) or sendto(data, flags, address): the address comes last.
        address = flags_and_address[-1] if flags_and_address else None
        self.check_destination("sendto", sock, address)
        return self.doors.sendto(sock, data, *flags_and_address)

    def sendmsg(self, sock: socket.socket, buffers: Any, *ancdata_flags_address: Any) -> int:
        if len(ancdata_flags_address) == 3:  # without an address it goes where sock connected
            self.check_destination("sendmsg", sock, ancdata_flags_address[2])
        return self.doors.sendmsg(sock, buffers, *ancdata_flags_address)

    def getaddrinfo(self, host: str | bytes | None, *args: Any, **kwargs: Any) -> Any:
        if host is not None:  # None asks for this machine's addresses, to listen on
            self.check_lookup("getaddrinfo", host)
        return self.doors.getaddrinfo(host, *args, **kwargs)

    def gethostbyname(self, host: str) -> str:
        self.check_lookup("gethostbyname", host)
        return self.doors.gethostbyname(host)

    def gethostbyname_ex(self, host: str) -> tuple[str, list[str], list[str]]:
        self.check_lookup("gethostbyname_ex", host)
        return self.doors.gethostbyname_ex(host)

    def gethostbyaddr(self, host: str) -> tuple[str, list[str], list[str]]:
        self.check_lookup("gethostbyaddr", host)
        return self.doors.gethostbyaddr(host)

    def getnameinfo(self, address: tuple[Any, ...], flags: int) -> tuple[str, str]:
        self.check_lookup("getnameinfo", address[0])
        return self.doors.getnameinfo(address, flags)

    def install(self, patch: pytest.MonkeyPatch) -> None:
        """Put the guard in front of every door of the socket module; ``patch.undo()`` ends it."""
        for name in SOCKET_METHODS:
            patch.setattr(socket.socket, name, as_socket_method(getattr(self, name)))
        for name in NAME_LOOKUPS:
            patch.setattr(socket, name, getattr(self, name))


GUARD = pytest.StashKey[NetworkGuard]()


def pytest_configure(config: pytest.Config) -> None:
    """Guard the whole run, collection and session fixtures included; removed at its end."""
    config.addinivalue_line(
        "markers",
        "allowed_hosts(*hosts): this test may also reach these hosts (tests/network.py)",
    )
    guard = NetworkGuard(service_hosts(os.environ))
    patch = pytest.MonkeyPatch()
    guard.install(patch)
    config.add_cleanup(patch.undo)
    config.stash[GUARD] = guard


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    """While a test runs (fixtures included), the hosts of its ``allowed_hosts`` marker pass."""
    hosts = [host for marker in item.iter_markers("allowed_hosts") for host in marker.args]
    with item.config.stash[GUARD].allowing(hosts):
        return (yield)
