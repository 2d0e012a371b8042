"""The generated suite's network guard, tried where a failure cannot leak, and the flags it takes.

The generated network tests (and a few attempts that only a closed network may make) run in a
network namespace of their own, which has loopback and nothing else; the addresses they aim at
are put on loopback with listeners behind them (tests/tripwire.py). A guard that let anything
out fails the test there, and still nothing leaves the machine.

The default suite must also pass with the flags a developer adds: warnings as errors from the
command line (which overrides the `filterwarnings` of pyproject.toml), no random order, and
pytest-randomly named twice with a fixed seed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_generated_suite import COVERAGE_REACHED, summary

if TYPE_CHECKING:
    from conftest import ProjectEnv

TRIPWIRE = Path(__file__).with_name("tripwire.py")
SHIPPED_NETWORK_TESTS = ("tests/test_network.py", "tests/views/test_browser.py")
ESCAPE_TESTS = "tests/views/test_escape_attempts.py"
# Tried only here: with a broken guard these would leave the machine anywhere else.
ESCAPE_ATTEMPTS = '''\
"""Added by the template's tests/test_network_guard.py: attempts only a closed network allows."""

import smtplib
import socket

import pytest
from playwright.sync_api import Error

from tests.network import NetworkBlockedError


def connect():
    with socket.socket() as sock:
        sock.connect(("192.0.2.1", 80))


def connect_ex():
    with socket.socket() as sock:
        sock.connect_ex(("192.0.2.1", 443))


def send_a_dns_query():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"query", ("192.0.2.1", 53))


@pytest.mark.parametrize(
    "attempt",
    [
        connect,
        connect_ex,
        send_a_dns_query,
        lambda: socket.create_connection(("2001:db8::1", 80), timeout=1),
        lambda: socket.getaddrinfo("weather.example.com", 443),
        lambda: smtplib.SMTP("192.0.2.1", 25, timeout=1),
    ],
)
def test_the_real_doors_are_guarded(attempt):
    with pytest.raises(NetworkBlockedError):
        attempt()


@pytest.mark.browser
def test_a_context_without_routing_cannot_leave_either(browser):
    context = browser.new_context()
    page = context.new_page()
    for url in ("http://192.0.2.1/", "http://[2001:db8::1]/", "http://weather.example.com/"):
        with pytest.raises(Error, match="net::ERR_PROXY_CONNECTION_FAILED"):
            page.goto(url)
    # A page of its own: the one above may still be loading Chromium's error page, whose
    # arrival would destroy the script's context mid-evaluate.
    websocket = context.new_page().evaluate(
        """() => new Promise(done => {
            const socket = new WebSocket("ws://192.0.2.1/");
            socket.onopen = () => done("open");
            socket.onerror = () => done("error");
        })"""
    )
    context.close()

    assert websocket == "error"


@pytest.mark.browser
def test_a_blocked_request_fails_the_test_after_it(page):
    page.set_content('<img src="http://192.0.2.1/logo.png">')
'''
BLOCKED_TEST = (
    "tests.views.test_escape_attempts::test_a_blocked_request_fails_the_test_after_it[chromium]"
)
BLOCKED_AT_TEARDOWN = (
    "tests.network.NetworkBlockedError: Chromium's request for http://192.0.2.1/logo.png "
    "blocked: tests reach only this machine (tests/network.py). Serve what the page needs "
    "from live_server, or answer that request in the test with page.route()."
)


def why_no_network_namespace() -> str | None:
    """Why a command cannot run in a network namespace of its own here; None when it can."""
    missing = [command for command in ("unshare", "ip") if shutil.which(command) is None]
    if missing:
        return f"no {' or '.join(missing)} command (util-linux, iproute2)"
    trial = subprocess.run(
        ["unshare", "-n", "true"], capture_output=True, text=True, check=False, timeout=30
    )
    if trial.returncode != 0:
        return f"`unshare -n` is not permitted here: {trial.stderr.strip()}"
    return None


def outcomes(junit_xml: Path) -> dict[str, str]:
    """Each test's outcome in a JUnit report: "passed", or "skipped", "failure" or "error",
    a colon and its message."""
    found = {}
    for case in ElementTree.parse(junit_xml).getroot().iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        problems = [child for child in case if child.tag in {"failure", "error", "skipped"}]
        found[name] = f"{problems[0].tag}: {problems[0].get('message')}" if problems else "passed"
    return found


def with_escape_attempts(env: ProjectEnv, directory: Path) -> ProjectEnv:
    """The environment on a copy of its project with ESCAPE_ATTEMPTS added (shared: no edits)."""
    copy = directory / env.project.path.name
    shutil.copytree(env.project.path, copy, ignore=shutil.ignore_patterns(".*_cache"))
    (copy / ESCAPE_TESTS).write_text(ESCAPE_ATTEMPTS, encoding="utf-8")
    return replace(env, project=replace(env.project, path=copy))


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
def test_nothing_gets_past_the_guard_in_a_closed_network(
    readme_env: ProjectEnv, tmp_path: Path
) -> None:
    if reason := why_no_network_namespace():
        # CI runs as root on Linux, where the namespace is always available.
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    env = with_escape_attempts(readme_env, tmp_path)
    hits, junit_xml = tmp_path / "tripwire-hits.txt", tmp_path / "junit.xml"

    result = env.run(
        "unshare", "-n", sys.executable, str(TRIPWIRE), str(hits), "--",
        "pytest", "--no-cov", f"--junitxml={junit_xml}", *SHIPPED_NETWORK_TESTS, ESCAPE_TESTS,
        check=False,
    )  # fmt: skip

    let_through = hits.read_text(encoding="utf-8")
    assert let_through == "", f"reached the tripwire:\n{let_through}{summary(result)}"
    results = outcomes(junit_xml)
    # A laptop may have no Chromium; CI has one, and must run the browser's attempts.
    may_skip = not os.environ.get("CI")
    accepted = ("passed", "skipped") if may_skip else ("passed",)
    teardown = results.pop(BLOCKED_TEST, "not run")
    skipped = may_skip and teardown.startswith("skipped")
    assert BLOCKED_AT_TEARDOWN in teardown or skipped, teardown
    unexpected = {name: out for name, out in results.items() if not out.startswith(accepted)}
    assert unexpected == {}, summary(result)


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
@pytest.mark.parametrize(
    "flags",
    [
        # Two conditions in one run: each is a whole suite's run of the template's time.
        pytest.param(("-W", "error", "-p", "no:randomly"), id="warnings-as-errors-in-file-order"),
        pytest.param(("-p", "randomly", "-p", "randomly", "--randomly-seed=1130"), id="seeded"),
    ],
)
def test_default_suite_passes_with(readme_env: ProjectEnv, flags: tuple[str, ...]) -> None:
    result = readme_env.run("pytest", *flags, check=False)

    assert result.returncode == 0, summary(result)
    assert COVERAGE_REACHED.search(result.stdout), summary(result)
