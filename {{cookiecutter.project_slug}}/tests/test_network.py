"""No test reaches the network: only this machine is reachable (pytest-socket, pyproject.toml)."""

from __future__ import annotations

import socket

import pytest
{%- if cookiecutter.examples %}
import requests
{%- endif %}
from pytest_socket import SocketConnectBlockedError


def test_connection_to_another_host_is_blocked():
    # 192.0.2.1 is reserved for documentation: nothing would answer, but nothing is tried.
    with pytest.raises(SocketConnectBlockedError, match=r'host "192\.0\.2\.1"'):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_loopback_is_allowed():
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass
{%- if cookiecutter.examples %}


def test_unmocked_http_request_fails_loudly(mocked_responses):
    with pytest.raises(requests.ConnectionError, match="Connection refused by Responses"):
        requests.get("https://weather.example.com/v1/current", timeout=1)
{%- endif %}
