"""Bake the template once per combination and build each generated project's virtualenv once.

Everything expensive here is cached for the whole session in a `Memo`, keyed by combination id,
so tests may run in any order (pytest-randomly) and still pay for each bake and each
virtualenv only once per process.

Under pytest-xdist (`pytest -n auto`) each worker has its own caches, so the tests of one
combination belong on one worker: `CombinationScheduling` below sends every test parametrized
with a combination, whatever its module, to the worker that runs that combination, and the rest
module by module. Each bake and virtualenv is then built once in the whole run, and the slow
generated suites spread over the workers combination by combination. (`--dist=loadgroup` with
an xdist_group per combination would say the same, but pytest-xdist 3.8 silently ignores the
groups under pytest 9.2: pytest-dev/pytest-xdist#1386.)
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tomllib
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import psycopg
import pytest
import yaml
from cookiecutter.generate import generate_context
from cookiecutter.main import cookiecutter
from cookiecutter.prompt import prompt_for_config
from psycopg import sql
from uv import find_uv_bin
from xdist.scheduler import LoadScopeScheduling

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
# The PostgreSQL server whose databases the generated suites of PostgreSQL projects use.
POSTGRESQL_SERVER = os.environ.get(
    "TEMPLATE_POSTGRESQL_URL", "postgresql://postgres@127.0.0.1:5432"
)
# The Python versions that must be installed: a combination that asks for one of them fails
# without it, where another is skipped (uv cannot always download one, nor may this machine).
REQUIRED_PYTHONS = frozenset(os.environ.get("TEMPLATE_REQUIRED_PYTHONS", "").split())
# The Redis server on which the Celery projects' integration tests run a worker.
REDIS_SERVER = os.environ.get("TEMPLATE_REDIS_URL", "redis://127.0.0.1:6379/0")


@dataclass(frozen=True)
class Combination:
    """A named set of answers to the template's prompts; the id names the tests."""

    id: str
    extra_context: Mapping[str, str | bool]


# The supported combinations, each baked once per session and checked in full. Together they
# put every pair of option values into at least one project (tests/test_matrix.py proves it);
# adding an option value means adding or changing a line here until that test passes.
COMBINATIONS: tuple[Combination, ...] = (
    Combination("default", {}),
    # The most services at once; its suite also runs with -n 2 on the real PostgreSQL server,
    # and its CI splits the suite over three shards.
    Combination(
        "postgresql",
        {
            "project_name": "Acme Orders",
            "package_name": "acme_orders",
            "description": "Orders service for Acme.",
            "author_name": "Ada Lovelace",
            "author_email": "ada@acme.example",
            "version": "1.2.3",
            "python_version": "3.12",
            "license": "Apache-2.0",
            "database": "postgresql",
            "background_tasks": "celery",
            "browser_tests": "false",
            "docker": "true",
            "ci_shards": "3",
        },
    ),
    Combination(
        "postgresql-no-examples",
        {"python_version": "3.12", "database": "postgresql", "examples": "false", "docker": "true"},
    ),
    # Jobs on a real Celery app; its integration test runs a worker on Redis at REDIS_URL.
    Combination(
        "celery",
        {
            "python_version": "3.12",
            "license": "Proprietary",
            "background_tasks": "celery",
            "browser_tests": "false",
        },
    ),
    # Users, auth and the fixture infrastructure only: the example domain is left out.
    Combination(
        "no-examples",
        {"license": "Apache-2.0", "examples": "false", "browser_tests": "false", "docker": "true"},
    ),
    Combination(
        "postgresql-celery-browser",
        {"license": "BSD-3-Clause", "database": "postgresql", "background_tasks": "celery"},
    ),
    Combination(
        "postgresql-no-examples-proprietary",
        {
            "license": "Proprietary",
            "database": "postgresql",
            "examples": "false",
            "docker": "true",
        },
    ),
    Combination(
        "py312-no-examples-docker",
        {
            "python_version": "3.12",
            "license": "BSD-3-Clause",
            "examples": "false",
            "browser_tests": "false",
            "docker": "true",
        },
    ),
    Combination(
        "py313-postgresql-celery",
        {
            "python_version": "3.13",
            "database": "postgresql",
            "background_tasks": "celery",
            "browser_tests": "false",
            "docker": "true",
        },
    ),
    Combination(
        "py313-no-examples",
        {"python_version": "3.13", "license": "BSD-3-Clause", "examples": "false"},
    ),
    # The longest slug and package name the pre-gen hook accepts (the package sorting after
    # "tests"), and long answers, full of characters to escape, where it sets no limit: every
    # generated line must still fit ruff's line length and its import order, and the project
    # must still build (its metadata holds the author and email).
    Combination(
        "py313-longest-answers",
        {
            "project_name": "Zoë\u2019s Ünïcode Orders & Fulfilment Service 🚀 — «the Quite Long "
            "Name» Of A Flask Service For Orders, Billing, Refunds And Everything That Comes "
            "After Them; 日本語のアプリケーションサービス",
            "project_slug": "zeta.orders_and-fulfilment-service-with-the-longest-slug-allowed",
            "package_name": "zeta_orders_and_fulfilment_svc_2",
            "description": "An orders, billing & fulfilment service for Zoë\u2019s Ünïcode shop 🚀 "
            "— it takes orders, sends receipts and retries refunds; it <em>never</em> loses "
            "one, even when the mail relay, the weather API and the payment provider are all "
            "down at once, which happens more often than anyone would like to admit.",
            "author_name": "Zoë O'Brien-Ünïcode, Jr. & the Orders and Fulfilment Team of "
            "Zoë\u2019s Ünïcode Shop 🚀 (Berlin; Tōkyō)",
            "author_email": "zoe.o'brien+orders-and-fulfilment.team_2024"
            "@mail.orders-and-fulfilment.zoës-ünïcode-shop.example",
            "version": "2024!1.2.3.4.5rc6.post7.dev8",
            "python_version": "3.13",
            "license": "Apache-2.0",
        },
    ),
    Combination(
        "py313-minimal",
        {
            "python_version": "3.13",
            "license": "Proprietary",
            "examples": "false",
            "browser_tests": "false",
        },
    ),
    # Python 3.14 needs four combinations of its own, one per license, for every pair of it
    # with another option value. Where no 3.14 is installed they are skipped.
    Combination(
        "py314-postgresql-celery-browser",
        {"python_version": "3.14", "database": "postgresql", "background_tasks": "celery"},
    ),
    Combination(
        "py314-no-examples-docker",
        {
            "python_version": "3.14",
            "license": "BSD-3-Clause",
            "examples": "false",
            "browser_tests": "false",
            "docker": "true",
        },
    ),
    Combination(
        "py314-apache-docker",
        {
            "python_version": "3.14",
            "license": "Apache-2.0",
            "browser_tests": "false",
            "docker": "true",
        },
    ),
    Combination(
        "py314-minimal",
        {
            "python_version": "3.14",
            "license": "Proprietary",
            "examples": "false",
            "browser_tests": "false",
        },
    ),
)
# Answers the pre-gen hook refuses: every option value in a rule, together, is unsupported.
UNSUPPORTED: tuple[Combination, ...] = (
    # The Celery job belongs to the example domain; without it a worker would have nothing to do.
    Combination("celery-without-examples", {"examples": "false", "background_tasks": "celery"}),
)
COMBINATIONS_BY_ID: dict[str, Combination] = {c.id: c for c in COMBINATIONS}


# Modules whose tests each run a whole generated suite: together they take minutes, so each of
# their tests is named as it starts (below), and a long wait says what it waits for.
ANNOUNCED_MODULES = ("tests/test_generated_suite.py", "tests/test_readme_walkthrough.py")


class StartAnnouncer:
    """Writes "started <test id>" for the tests of ANNOUNCED_MODULES, workers' tests included."""

    def __init__(self, reporter: pytest.TerminalReporter) -> None:
        self.reporter = reporter

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        if nodeid.startswith(ANNOUNCED_MODULES):
            self.reporter.write_line(f"started {nodeid}")


@pytest.hookimpl(trylast=True)  # after pytest's own, which registers the terminal reporter
def pytest_configure(config: pytest.Config) -> None:
    """Announce the long tests, unless -v names every test anyway or this is an xdist worker."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    is_worker = hasattr(config, "workerinput")
    if reporter is not None and config.option.verbose <= 0 and not is_worker:
        config.pluginmanager.register(StartAnnouncer(reporter), "start-announcer")


def combination_of(nodeid: str) -> str | None:
    """The combination a test id is parametrized with: the longest id among its parameters.

    pytest joins parameter ids with "-", and combination ids contain "-" too, so
    "test_x[one-file-postgresql-no-examples]" is matched against every combination id as a
    whole run of its parts, and the longest that fits wins over its prefixes.
    """
    if not nodeid.endswith("]") or "[" not in nodeid:
        return None
    parameters = f"-{nodeid[nodeid.index('[') + 1 : -1]}-"
    found = [c.id for c in COMBINATIONS if f"-{c.id}-" in parameters]
    return max(found, key=len, default=None)


class CombinationScheduling(LoadScopeScheduling):  # type: ignore[misc]  # xdist is untyped
    """pytest-xdist's --dist=loadscope, with a combination's tests as one unit of work.

    The biggest units go first (loadscope orders them by their number of tests), so the
    long generated suites start early and the short modules fill the gaps at the end.
    """

    def _split_scope(self, nodeid: str) -> str:
        # The documented way to change loadscope's grouping: xdist's own loadfile and
        # loadgroup schedulers override this method in the same way.
        return combination_of(nodeid) or nodeid.split("::", 1)[0]


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling:
    """Schedule by combination under -n, whatever --dist says (see the module's docstring)."""
    return CombinationScheduling(config, log)


@dataclass(frozen=True)
class RenderedProject:
    """A project rendered from the template, with the answers that produced it."""

    combination: Combination
    answers: Mapping[str, Any]
    path: Path
    # Relative paths cookiecutter wrote, listed before any tool ran in the project, so that
    # caches left by ruff, mypy or pytest never count as generated files.
    files: tuple[Path, ...]

    @property
    def package(self) -> str:
        """The import package name the answers chose."""
        return str(self.answers["package_name"])

    @property
    def slug(self) -> str:
        """The distribution and directory name the answers chose."""
        return str(self.answers["project_slug"])


@dataclass(frozen=True)
class ProjectEnv:
    """A rendered project plus a virtualenv built from its pyproject.toml's groups and extras."""

    project: RenderedProject
    venv: Path
    # Variables set for every command, on top of the activated virtualenv's.
    environment: Mapping[str, str] = field(default_factory=dict)
    # Variables removed from every command's environment, e.g. CI for a run as on a laptop.
    unset: frozenset[str] = frozenset()

    def variables(self) -> dict[str, str]:
        """The environment of a command run in the project, its virtualenv activated."""
        variables = {**project_environment(self.venv), **self.environment}
        return {name: value for name, value in variables.items() if name not in self.unset}

    def run(
        self, *args: str, check: bool = True, timeout: float = 900, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run a command in the project directory as if its virtualenv were activated.

        Its standard input is `input`, or empty: a command that prompts must not wait.
        """
        env = self.variables()
        executable = shutil.which(args[0], path=env["PATH"]) or args[0]
        result = subprocess.run(
            [executable, *args[1:]],
            cwd=self.project.path,
            env=env,
            input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check:
            returncode = result.returncode  # keeps the CompletedProcess repr out of the message
            assert returncode == 0, describe(result)
        return result


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Compute a value once per key and replay it afterwards, a failure included."""

    def __init__(self, compute: Callable[[K], V]) -> None:
        self._compute = compute
        self._done: dict[K, V | BaseException] = {}

    def __call__(self, key: K) -> V:
        if key not in self._done:
            try:
                self._done[key] = self._compute(key)
            except BaseException as exc:  # pytest.fail/skip raise BaseException subclasses
                # Replaying the failure keeps a broken venv from being rebuilt for every test.
                self._done[key] = exc
        value = self._done[key]
        if isinstance(value, BaseException):
            raise value
        return value


def tail(text: str, lines: int = 60) -> str:
    """The last lines of a command's output, where its error usually is."""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def describe(result: subprocess.CompletedProcess[str]) -> str:
    """A failure message: the command, its exit status and the tails of its output."""
    command = " ".join(str(arg) for arg in result.args)
    return (
        f"`{command}` exited {result.returncode}\n"
        f"--- stdout (tail) ---\n{tail(result.stdout or '')}\n"
        f"--- stderr (tail) ---\n{tail(result.stderr or '')}"
    )


def _leaks_into_child(name: str) -> bool:
    """Whether an outer variable would change how the generated project's tools behave."""
    return (
        name in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "FORCE_COLOR", "PY_COLORS"}
        # Without bytecode caches every generated pytest run recompiles all it imports
        # (seconds per run), as a user's machine never would.
        or name == "PYTHONDONTWRITEBYTECODE"
        # Which database a generated suite empties, and which Redis its worker uses, are the
        # template tests' choice alone (readme_env).
        or name in {"DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL"}
        # Set by this session's pytest, pytest-xdist and pytest-cov; the generated suite
        # would otherwise think it is an xdist worker or a coverage subprocess.
        or name.startswith(("PYTEST_", "COV_CORE_"))
    )


def venv_bin(venv: Path) -> Path:
    """The virtualenv's folder of executables: Scripts on Windows, bin elsewhere."""
    return venv / ("Scripts" if os.name == "nt" else "bin")


def project_environment(venv: Path) -> dict[str, str]:
    """os.environ (CI included) as `source <venv>/bin/activate` would leave it."""
    env = {name: value for name, value in os.environ.items() if not _leaks_into_child(name)}
    env["PATH"] = f"{venv_bin(venv)}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    # Plain output, so that tests can read the tools' summary lines.
    env["NO_COLOR"] = "1"
    env["PY_COLORS"] = "0"
    # In CI the generated browser tests must run: a named browser that is missing fails them
    # instead of skipping them (the generated tests/views/conftest.py).
    if os.environ.get("CI"):
        env.setdefault("CHROMIUM_PATH", shutil.which("chromium") or "chromium")
    return env


def answers_for(combination: Combination) -> dict[str, Any]:
    """The full set of answers cookiecutter derives for a combination, without rendering."""
    context = generate_context(
        context_file=str(TEMPLATE_DIR / "cookiecutter.json"),
        extra_context=dict(combination.extra_context),
    )
    with pytest.MonkeyPatch.context() as patch:
        # The derived defaults use the template's Jinja extension (cookiecutter.json's
        # _extensions), which cookiecutter imports from the template's directory.
        patch.syspath_prepend(str(TEMPLATE_DIR))
        return dict(prompt_for_config(context, no_input=True))


def bake(combination: Combination, output_dir: Path, config_file: Path) -> RenderedProject:
    """Render the template with a combination's answers into output_dir."""
    try:
        path = Path(
            cookiecutter(
                str(TEMPLATE_DIR),
                no_input=True,
                extra_context=dict(combination.extra_context),
                output_dir=str(output_dir),
                config_file=str(config_file),
            )
        )
    except Exception as exc:
        pytest.fail(f"cookiecutter failed for combination {combination.id!r}: {exc!r}")
    files = tuple(sorted(p.relative_to(path) for p in path.rglob("*") if p.is_file()))
    return RenderedProject(combination, answers_for(combination), path, files)


def version_tuple(version: str) -> tuple[int, ...]:
    """'3.12' -> (3, 12)."""
    return tuple(int(part) for part in version.split("."))


def release_of(name: str) -> tuple[int, ...]:
    """The numbers in a version directory's name, for ordering: '3.12.10' > '3.12.9'."""
    return tuple(int(number) for number in re.findall(r"\d+", name))


def find_interpreter(minimum: str) -> str:
    """This interpreter when it is new enough for the project, else a python<minimum>."""
    if sys.version_info[:2] >= version_tuple(minimum):
        return sys.executable
    found = subprocess.run(
        [find_uv_bin(), "python", "find", minimum],
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode == 0:
        return found.stdout.strip()
    # uv does not look inside pyenv, whose shims only run the globally selected versions.
    pyenv_versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = pyenv_versions.glob(f"{minimum}.*/bin/python{minimum}")
    newest = max(candidates, key=lambda path: release_of(path.parents[1].name), default=None)
    if newest is not None:
        return str(newest)
    message = f"no Python {minimum} interpreter found for a project that requires it"
    # A CI names the interpreters it installs; a contributor, or a machine, may lack one.
    if minimum in REQUIRED_PYTHONS:
        pytest.fail(f"{message} (TEMPLATE_REQUIRED_PYTHONS)")
    pytest.skip(message)


def dependency_groups(project: RenderedProject) -> set[str]:
    """The names of the generated pyproject.toml's dependency groups (PEP 735)."""
    with (project.path / "pyproject.toml").open("rb") as file:
        return set(tomllib.load(file).get("dependency-groups", {}))


def install_arguments(project: RenderedProject, install: str) -> list[str]:
    """`uv pip install`'s arguments for "test", "dev,postgresql" ...: groups by name, extras else.

    Run in the project's directory, where `--group` finds its pyproject.toml.
    """
    names = install.split(",")
    groups = dependency_groups(project)
    extras = ",".join(name for name in names if name not in groups)
    target = f".[{extras}]" if extras else "."
    return ["-e", target, *(arg for name in names if name in groups for arg in ("--group", name))]


def run_in(directory: Path, env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run a command in directory with no input, its output captured, for at most 15 minutes."""
    return subprocess.run(
        args,
        cwd=directory,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def build_venv(project: RenderedProject, install: str, venv: Path) -> ProjectEnv:
    """Create venv and install the project into it editable, with groups and extras, using uv.

    `install` names them, comma-separated: "test" is what the README's pip command installs.
    """
    uv = find_uv_bin()
    python = find_interpreter(str(project.answers["python_version"]))
    env = {**project_environment(venv), "UV_PYTHON_DOWNLOADS": "never"}
    steps = (
        [uv, "venv", "--quiet", "--python", python, str(venv)],
        [uv, "pip", "install", "--python", str(venv_bin(venv) / "python"),
         *install_arguments(project, install)],
    )  # fmt: skip
    for step in steps:
        result = run_in(project.path, env, *step)
        if result.returncode != 0:
            pytest.fail(f"building the {install!r} virtualenv failed\n{describe(result)}")
    return ProjectEnv(project, venv)


def write_cookiecutter_config(directory: Path) -> Path:
    """A cookiecutter config that ignores ~/.cookiecutterrc and keeps replays in directory."""
    config = directory / "cookiecutter.yaml"
    settings = {
        "cookiecutters_dir": str(directory / "cookiecutters"),
        "replay_dir": str(directory / "replay"),
    }
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return config


@pytest.fixture(scope="session")
def cookiecutter_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cookiecutter config that ignores ~/.cookiecutterrc and keeps replays in tmp."""
    return write_cookiecutter_config(tmp_path_factory.mktemp("cookiecutter-home"))


@pytest.fixture(scope="session")
def bakery(
    tmp_path_factory: pytest.TempPathFactory, cookiecutter_config: Path
) -> Memo[str, RenderedProject]:
    """Bakes each combination (by id) once per session; pytest's tmp dirs clean up."""

    def bake_once(combination_id: str) -> RenderedProject:
        output_dir = tmp_path_factory.mktemp(f"bake-{combination_id}")
        return bake(COMBINATIONS_BY_ID[combination_id], output_dir, cookiecutter_config)

    return Memo(bake_once)


@pytest.fixture(scope="session")
def envs(
    tmp_path_factory: pytest.TempPathFactory, bakery: Memo[str, RenderedProject]
) -> Memo[tuple[str, str], ProjectEnv]:
    """Builds each (combination id, groups and extras) virtualenv once per session, in tmp dirs."""

    def build_once(key: tuple[str, str]) -> ProjectEnv:
        combination_id, install = key
        venv = tmp_path_factory.mktemp(f"venv-{combination_id}-{install}", numbered=True)
        return build_venv(bakery(combination_id), install, venv)

    return Memo(build_once)


@pytest.fixture(params=[c.id for c in COMBINATIONS])
def combination(request: pytest.FixtureRequest) -> Combination:
    """One supported combination; a test using it runs once per combination (or as parametrized)."""
    return COMBINATIONS_BY_ID[str(request.param)]


@pytest.fixture
def project(combination: Combination, bakery: Memo[str, RenderedProject]) -> RenderedProject:
    """The combination rendered (shared by the session: tests must not modify it)."""
    return bakery(combination.id)


@pytest.fixture
def dev_env(combination: Combination, envs: Memo[tuple[str, str], ProjectEnv]) -> ProjectEnv:
    """The project with its `dev` group installed: its own ruff and mypy with its config."""
    return envs((combination.id, "dev"))


@pytest.fixture(scope="session")
def postgresql_databases() -> Iterator[Memo[str, str]]:
    """Creates an empty database on POSTGRESQL_SERVER per key, once; drops them all at the end.

    Gives its SQLAlchemy URL. Skips where no server answers (a contributor's laptop), and
    fails under CI, which must run these suites.
    """
    created: list[sql.Identifier] = []

    def execute(statement: sql.Composed) -> None:
        with psycopg.connect(POSTGRESQL_SERVER, autocommit=True) as connection:
            connection.execute(statement)

    def create(key: str) -> str:
        # The process id keeps template-test workers, and concurrent runs, apart.
        name = f"template_{key}_{os.getpid()}".replace("-", "_")
        database = sql.Identifier(name)
        try:
            execute(sql.SQL("CREATE DATABASE {}").format(database))
        except psycopg.OperationalError as error:
            message = f"no PostgreSQL server answers at {POSTGRESQL_SERVER}: {error}"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        created.append(database)
        server = POSTGRESQL_SERVER.replace("postgresql://", "postgresql+psycopg://", 1)
        return f"{server}/{name}"

    yield Memo(create)
    for database in created:
        execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(database))


def redis_answers(url: str) -> bool:
    """Whether a Redis server answers PING at the URL's host and port."""
    parsed = urlsplit(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2
        ) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(7) == b"+PONG\r\n"
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str | None:
    """REDIS_SERVER when a Redis answers there, else None: the Celery tests that need it skip.

    Under CI a missing Redis fails instead: CI must run every generated test.
    """
    if redis_answers(REDIS_SERVER):
        return REDIS_SERVER
    if os.environ.get("CI"):
        pytest.fail(f"no Redis server answers at {REDIS_SERVER} (TEMPLATE_REDIS_URL)")
    return None


@pytest.fixture
def readme_env(
    combination: Combination,
    envs: Memo[tuple[str, str], ProjectEnv],
    postgresql_databases: Memo[str, str],
    redis_url: str | None,
) -> ProjectEnv:
    """The project installed as the generated README's pip command does (the `test` group).

    A PostgreSQL project's suite gets a new database of its own through TEST_DATABASE_URL,
    and a Celery project's integration test gets REDIS_URL where a Redis answers.
    """
    env = envs((combination.id, "test"))
    environment = {}
    if combination.extra_context.get("database") == "postgresql":
        environment["TEST_DATABASE_URL"] = postgresql_databases(combination.id)
    if combination.extra_context.get("background_tasks") == "celery" and redis_url:
        environment["REDIS_URL"] = redis_url
    return replace(env, environment=environment)
