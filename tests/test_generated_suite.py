"""Run each generated project's own test suite the way its README tells a user to.

The virtualenv comes from `readme_env`: the project installed with its `test` group, which is
what the README's `pip install -e . --group test` installs, and the suite is started with the
README's bare `pytest`, so the project's own addopts (coverage gate, random order) apply.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Memo, ProjectEnv, RenderedProject

    SuiteRunner = Callable[[ProjectEnv, tuple[str, ...]], subprocess.CompletedProcess[str]]

# What the generated README tells a user to type; test_readme_* checks the README says so.
README_INSTALL_COMMAND = "pip install -e . --group test"
README_TEST_COMMAND = "pytest"

SERIAL = (README_TEST_COMMAND,)
PARALLEL = (README_TEST_COMMAND, "-n", "2")
# TESTING.md's command for the property-based tests with 1000 examples per endpoint, which
# the generated CI runs on PostgreSQL (test_ci_files.py checks that it does).
THOROUGH_PROPERTY_TESTS = (
    "pytest -n 2 --hypothesis-profile=thorough"
    " tests/api/test_properties.py tests/views/test_form_properties.py"
)

COVERAGE_REACHED = re.compile(r"Required test coverage of \S+ reached")
RANDOM_ORDER = re.compile(r"Using --randomly-seed=\d+")
SUMMARY = re.compile(r"^=+ (.+ in [\d.]+s.*?) =+$", re.MULTILINE)
FENCED_BLOCK = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
NEEDS_REDIS = re.compile(
    r"SKIPPED \[1\] tests/services/test_jobs\.py:\d+: needs Redis: "
    r"run with REDIS_URL=redis://127\.0\.0\.1:6379/0 \(or your server\)"
)
# The concurrency tests need PostgreSQL, which a SQLite project's own run does not have
# (test_sqlite_project_passes_on_postgresql runs them).
NEEDS_POSTGRESQL = re.compile(
    r"SKIPPED \[\d+\] tests/api/conftest\.py:\d+: needs PostgreSQL: "
    r"run with TEST_DATABASE_URL=postgresql\+psycopg://postgres@127\.0\.0\.1:5432/test"
)


def skipped_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The summary's lines for skipped tests, one per reason (-rs)."""
    return [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]


def expected_skips(project: RenderedProject) -> list[re.Pattern[str]]:
    """What a project's suite may skip with every service there: PostgreSQL's tests on SQLite."""
    answers = project.answers
    on_sqlite = answers["database"] == "sqlite" and answers["examples"] in (True, "true")
    return [NEEDS_POSTGRESQL] if on_sqlite else []


def summary(result: subprocess.CompletedProcess[str]) -> str:
    """Exit status, pytest's closing counts and the coverage verdict, for assertion messages."""
    counts = SUMMARY.findall(result.stdout)
    verdict = [line for line in result.stdout.splitlines() if "Required test coverage" in line]
    tail = "\n".join(result.stdout.rstrip().splitlines()[-40:] + result.stderr.splitlines()[-20:])
    return (
        f"exit {result.returncode}; {counts[-1] if counts else 'no pytest summary line'}; "
        f"{verdict[-1] if verdict else 'no coverage verdict'}\n--- output (tail) ---\n{tail}"
    )


def readme_commands(readme: str) -> list[str]:
    """Each line of the README's fenced code blocks, without prompts and trailing comments."""
    commands = []
    for block in FENCED_BLOCK.findall(readme):
        for line in block.splitlines():
            command = line.split(" #", 1)[0].strip().removeprefix("$ ")
            if command:
                commands.append(command)
    return commands


@pytest.fixture(scope="session")
def run_suite() -> SuiteRunner:
    """Runs a generated suite once per (virtualenv, arguments) and replays the result."""
    results: dict[tuple[object, ...], subprocess.CompletedProcess[str]] = {}

    def run(env: ProjectEnv, args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        key = (env.venv, args, tuple(sorted(env.environment.items())), env.unset)
        if key not in results:
            results[key] = env.run(*args, check=False)
        return results[key]

    return run


@pytest.mark.slow
def test_suite_passes(readme_env: ProjectEnv, run_suite: SuiteRunner) -> None:
    result = run_suite(readme_env, SERIAL)
    assert result.returncode == 0, summary(result)


@pytest.mark.slow
def test_suite_reaches_coverage_gate(readme_env: ProjectEnv, run_suite: SuiteRunner) -> None:
    result = run_suite(readme_env, SERIAL)
    assert COVERAGE_REACHED.search(result.stdout), summary(result)


@pytest.mark.slow
def test_suite_runs_in_random_order(readme_env: ProjectEnv, run_suite: SuiteRunner) -> None:
    result = run_suite(readme_env, SERIAL)
    assert RANDOM_ORDER.search(result.stdout), summary(result)


@pytest.mark.slow
def test_suite_skips_nothing_in_ci(readme_env: ProjectEnv, run_suite: SuiteRunner) -> None:
    """In CI the services and the browser are there, so the tests that need them must run."""
    if not os.environ.get("CI"):
        pytest.skip("a laptop may lack Redis or a browser; CI=true demands that every test runs")
    result = run_suite(readme_env, SERIAL)
    allowed = expected_skips(readme_env.project)
    unexpected = [
        line
        for line in skipped_lines(result)
        if not any(reason.fullmatch(line) for reason in allowed)
    ]
    assert unexpected == [], summary(result)


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["celery"], indirect=True)
def test_suite_passes_with_no_service_variables(
    readme_env: ProjectEnv, run_suite: SuiteRunner
) -> None:
    """As on a new machine: no REDIS_URL, no CI. The Redis test skips with its one line."""
    bare = replace(readme_env, environment={}, unset=frozenset({"CI", "CHROMIUM_PATH"}))
    result = run_suite(bare, SERIAL)
    assert result.returncode == 0, summary(result)
    reasons = [NEEDS_REDIS, *expected_skips(readme_env.project)]
    # One summary line per reason, in whatever order the shuffled tests met them.
    matched = [
        reason.pattern
        for line in skipped_lines(result)
        for reason in reasons
        if reason.fullmatch(line)
    ]
    assert sorted(matched) == sorted(reason.pattern for reason in reasons), summary(result)
    assert len(skipped_lines(result)) == len(reasons), summary(result)


PARTIAL_RUN = re.compile(
    r"^Partial run \((?P<reason>.+)\): coverage not measured, and the gate is the whole "
    r"suite's; add --cov to measure it\.$",
    re.MULTILINE,
)


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
@pytest.mark.parametrize(
    ("args", "reason"),
    [(("tests/api/test_users.py",), "tests/api/test_users.py"), (("-k", "token"), "-k")],
    ids=["one-file", "k"],
)
def test_a_partial_run_passes_without_measuring_coverage(
    readme_env: ProjectEnv, args: tuple[str, ...], reason: str
) -> None:
    """What a developer types dozens of times an hour exits 0 when its tests pass."""
    result = readme_env.run(README_TEST_COMMAND, *args, check=False)
    assert result.returncode == 0, summary(result)
    match = PARTIAL_RUN.search(result.stdout)
    assert match, summary(result)
    assert match["reason"] == reason
    assert "coverage: platform" not in result.stdout, summary(result)


# What a developer's .env may hold: each would break the suite if pytest read it.
HOSTILE_DOT_ENV = """\
FLASK_CONFIG=production
FLASK_DEBUG=1
SECRET_KEY=short
DATABASE_URL=sqlite:////nonexistent/precious.sqlite3
TEST_DATABASE_URL=sqlite:////nonexistent/tests.sqlite3
MAIL_HOST=mail.invalid
"""
UNCOVERED_FUNCTION = "\n\ndef nobody_calls_this() -> int:\n    return 42\n"


@pytest.fixture(scope="session")
def developers_copy(tmp_path_factory: pytest.TempPathFactory) -> Callable[[ProjectEnv], ProjectEnv]:
    """A virtualenv's project copied once per session as a developer may leave it: a .env full
    of settings the tests must not read, and a new function that no test calls.

    One run of it (`run_suite`) serves two tests: every test must pass (the .env was not
    read), and the run must still fail, on the coverage gate alone (the function).
    """

    def copy(env: ProjectEnv) -> ProjectEnv:
        path = tmp_path_factory.getbasetemp() / f"developers-copy-{env.venv.name}" / "project"
        module = path / "src" / env.project.package / "text.py"
        if not path.exists():
            shutil.copytree(env.project.path, path)
            (path / ".env").write_text(HOSTILE_DOT_ENV, encoding="utf-8")
            with module.open("a", encoding="utf-8") as source:
                source.write(UNCOVERED_FUNCTION)
        # The copy's package, not the one the virtualenv installed from the shared project.
        return replace(
            env,
            project=replace(env.project, path=path),
            environment={**env.environment, "PYTHONPATH": str(module.parents[1])},
        )

    return copy


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
def test_the_whole_suite_fails_on_an_uncovered_function(
    readme_env: ProjectEnv,
    developers_copy: Callable[[ProjectEnv], ProjectEnv],
    run_suite: SuiteRunner,
) -> None:
    """The gate still holds for plain `pytest`: one function no test calls fails the run."""
    result = run_suite(developers_copy(readme_env), SERIAL)
    assert result.returncode == 1, summary(result)
    assert "FAIL Required test coverage of 100.0% not reached" in result.stdout, summary(result)
    assert f"src/{readme_env.project.package}/text.py" in result.stdout, summary(result)


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
def test_suite_ignores_a_developers_dot_env(
    readme_env: ProjectEnv,
    developers_copy: Callable[[ProjectEnv], ProjectEnv],
    run_suite: SuiteRunner,
) -> None:
    """`flask` reads .env; the suite must not, whatever a developer keeps there."""
    result = run_suite(developers_copy(readme_env), SERIAL)
    counts = SUMMARY.findall(result.stdout)
    assert counts, summary(result)
    assert re.fullmatch(r"\d+ passed(, \d+ skipped)? in [\d.]+s( \([\d:]+\))?", counts[-1]), (
        summary(result)
    )


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default", "postgresql"], indirect=True)
def test_suite_passes_in_parallel_at_coverage_gate(
    readme_env: ProjectEnv, run_suite: SuiteRunner
) -> None:
    result = run_suite(readme_env, PARALLEL)
    assert result.returncode == 0, summary(result)
    assert COVERAGE_REACHED.search(result.stdout), summary(result)


# A search, not a check: 1000 examples per endpoint keep both cores busy for minutes, a quarter
# of the whole template suite's time. The template's weekly CI job runs it (template-ci.yml,
# `thorough-properties`), and anyone can by setting the variable.
THOROUGH_VARIABLE = "TEMPLATE_THOROUGH_PROPERTIES"


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get(THOROUGH_VARIABLE),
    reason=f"1000 examples per endpoint take minutes: run with {THOROUGH_VARIABLE}=1",
)
@pytest.mark.parametrize("combination", ["postgresql"], indirect=True)
def test_property_tests_pass_the_thorough_profile(readme_env: ProjectEnv) -> None:
    """1000 examples per endpoint, on PostgreSQL, where integer ids and NUL in text fail first.

    Only the property files: a part of the suite, which skips coverage and its gate.
    """
    result = readme_env.run(*shlex.split(THOROUGH_PROPERTY_TESTS), check=False)
    assert result.returncode == 0, summary(result)


@pytest.mark.slow
def test_sqlite_project_passes_on_postgresql(
    envs: Memo[tuple[str, str], ProjectEnv],
    postgresql_databases: Memo[str, str],
    run_suite: SuiteRunner,
) -> None:
    """The default project, with its `postgresql` extra, given TEST_DATABASE_URL."""
    url = postgresql_databases("default_on_postgresql")
    env = replace(envs(("default", "test,postgresql")), environment={"TEST_DATABASE_URL": url})
    result = run_suite(env, SERIAL)
    assert result.returncode == 0, summary(result)
    assert COVERAGE_REACHED.search(result.stdout), summary(result)


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
def test_testing_md_partial_runs_pass(readme_env: ProjectEnv) -> None:
    """The partial runs TESTING.md opens with pass, and say that they measured nothing."""
    testing_md = (readme_env.project.path / "TESTING.md").read_text(encoding="utf-8")
    first_block = FENCED_BLOCK.search(testing_md)
    assert first_block, "TESTING.md opens with no command block"
    commands = [line for line in readme_commands(first_block.group(0)) if is_partial(line)]
    assert commands, "TESTING.md shows no command that runs a part of the suite"
    for command in commands:
        result = readme_env.run(*shlex.split(command), check=False)
        assert result.returncode == 0, f"{command}: {summary(result)}"
        assert PARTIAL_RUN.search(result.stdout), f"{command}: {summary(result)}"


def is_partial(command: str) -> bool:
    """Whether a pytest command names a path or selects tests by keyword or marker."""
    words = shlex.split(command)
    return words[0] == "pytest" and any(
        word.startswith("tests/") or word in {"-k", "-m"} for word in words[1:]
    )


def test_readme_makes_a_virtualenv_before_it_installs(project: RenderedProject) -> None:
    """Otherwise pip installs into whatever environment is active: the template's, say."""
    commands = readme_commands((project.path / "README.md").read_text(encoding="utf-8"))
    venv = commands.index("python3 -m venv .venv && . .venv/bin/activate")
    assert venv < commands.index(README_INSTALL_COMMAND)


def test_readme_install_command_is_the_one_tested(project: RenderedProject) -> None:
    readme = (project.path / "README.md").read_text(encoding="utf-8")
    assert README_INSTALL_COMMAND in readme_commands(readme)


def test_readme_test_command_is_the_one_tested(project: RenderedProject) -> None:
    readme = (project.path / "README.md").read_text(encoding="utf-8")
    assert README_TEST_COMMAND in readme_commands(readme)
