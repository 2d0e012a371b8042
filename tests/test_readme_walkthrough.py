"""The generated README's "Running the app", typed as a user would, and its curl examples.

In a copy of the project, the section's `cp` commands run as written (`cp .env.example .env`:
the flask commands find the app through `.env`), then every `flask` command in the project's
virtualenv against a database of the test's own; then `flask run` serves the app and every
`curl` example of the README is sent to it, with its `<password>` and `<token>` filled in. A
README that tells users to order a product nothing created, or to call an endpoint that
moved, fails here.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import socket
import subprocess
import time
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from conftest import describe
from test_generated_suite import readme_commands

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from conftest import Memo, ProjectEnv, RenderedProject

PASSWORD = "walkthrough-password"
README_PORT = "localhost:5000"
EXPORT = re.compile(r"^export (\w+)=(\S+)$")
STATUS_SUFFIX = re.compile(r"\n(\d{3})$")


def section(readme: str, heading: str) -> str:
    """The text under a `## heading`, up to the next heading of that level."""
    start = readme.index(f"\n## {heading}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def running_the_app(project: RenderedProject) -> list[str]:
    """The commands of the README's "Running the app" section, in order."""
    readme = (project.path / "README.md").read_text(encoding="utf-8")
    return readme_commands(section(readme, "Running the app"))


def curl_examples(readme: str) -> list[str]:
    """Every curl command in the README's code blocks, its continuation lines joined."""
    commands = readme_commands(readme.replace("\\\n", " "))
    return [command for command in commands if command.startswith("curl ")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(port: int, server: subprocess.Popen[str], log: Path) -> None:
    """Return once the server accepts connections; fail with its log if it exits or hangs."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"`flask run` exited {server.returncode}:\n{log.read_text('utf-8')}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"`flask run` did not listen on port {port} in 30 s:\n{log.read_text('utf-8')}")


@pytest.fixture
def walkthrough_env(
    readme_env: ProjectEnv, tmp_path: Path, postgresql_databases: Memo[str, str]
) -> ProjectEnv:
    """A copy of the project in the README's environment: its exported variables, its copied
    files, and DATABASE_URL of this test's own (the shell's wins over `.env`'s, as for a user).
    """
    project = replace(readme_env.project, path=tmp_path / "project")
    shutil.copytree(readme_env.project.path, project.path)
    copied = replace(readme_env, project=project)
    commands = running_the_app(project)
    exported = {match[1]: match[2] for line in commands if (match := EXPORT.match(line))}
    for line in commands:
        if line.startswith("cp "):
            copied.run(*shlex.split(line))
    if project.answers["database"] == "postgresql":
        database_url = postgresql_databases(f"walkthrough_{project.combination.id}")
    else:
        database_url = f"sqlite:///{tmp_path / 'walkthrough.sqlite3'}"
    environment = {**copied.environment, **exported, "DATABASE_URL": database_url}
    return replace(copied, environment=environment)


@pytest.fixture
def served_app(walkthrough_env: ProjectEnv, tmp_path: Path) -> Iterator[str]:
    """The app as `flask run` serves it after the README's setup commands; stopped after."""
    commands = running_the_app(walkthrough_env.project)
    *setup, run = [line for line in commands if line.startswith("flask ")]
    assert run.startswith("flask run"), f"the section's last flask command is {run!r}"
    for command in setup:
        # `flask seed` asks for the password and its confirmation.
        result = walkthrough_env.run(*shlex.split(command), check=False, input=f"{PASSWORD}\n" * 2)
        assert result.returncode == 0, describe(result)
    port = free_port()
    log = tmp_path / "flask-run.log"
    with (
        log.open("w", encoding="utf-8") as output,
        subprocess.Popen(
            [*shlex.split(run), "--port", str(port), "--no-reload"],
            cwd=walkthrough_env.project.path,
            env=walkthrough_env.variables(),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        ) as server,
    ):
        try:
            wait_until_listening(port, server, log)
            yield f"localhost:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)


def send(curl: str, address: str, token: str | None) -> tuple[int, str]:
    """Run a README curl example against the served app; gives the status and the body."""
    command = curl.replace(README_PORT, address).replace("<password>", PASSWORD)
    if token is not None:
        command = command.replace("<token>", token)
    result = subprocess.run(
        [*shlex.split(command), "-w", "\n%{http_code}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, describe(result)
    match = STATUS_SUFFIX.search(result.stdout)
    assert match, describe(result)
    return int(match.group(1)), result.stdout[: match.start()]


@pytest.mark.slow
@pytest.mark.parametrize(
    "combination", ["default", "no-examples", "postgresql-no-examples"], indirect=True
)
def test_readme_walkthrough_answers_every_curl_example(
    walkthrough_env: ProjectEnv, served_app: str, tmp_path: Path
) -> None:
    readme = (walkthrough_env.project.path / "README.md").read_text(encoding="utf-8")
    examples = curl_examples(readme)
    assert any("/api/tokens" in curl for curl in examples), "the README shows no token request"
    token = None
    answers = []
    for curl in examples:
        status, body = send(curl, served_app, token)
        answers.append(f"{status} {curl}\n    {body[:300]}")
        if "/api/tokens" in curl and status == 200:
            token = json.loads(body)["token"]
    assert all(answer[0] == "2" for answer in answers), "\n".join(answers)
    # Development works out of the box: no mail server is needed, nothing fails on its way.
    log = (tmp_path / "flask-run.log").read_text(encoding="utf-8")
    assert "Traceback" not in log, log
