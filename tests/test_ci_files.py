"""The generated CI workflow, Dockerfile and compose file: they parse, and say what they should.

No Docker engine or GitHub runner is needed: the files are read as YAML and text. The workflow
must run the README's commands, so that a green CI means the README works.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import TEMPLATE_DIR, Combination, Memo, bake
from test_generated_suite import THOROUGH_PROPERTY_TESTS, readme_commands

if TYPE_CHECKING:
    from conftest import RenderedProject

# Renders that only these tests need: no virtualenv is built for them.
DOCKER_COMBINATIONS = {
    combination.id: combination
    for combination in (
        Combination("docker_sqlite", {"docker": "true"}),
        Combination(
            "docker_postgresql_celery",
            {"database": "postgresql", "background_tasks": "celery", "docker": "true"},
        ),
    )
}
DOCKER_FILES = ("Dockerfile", ".dockerignore", "compose.yaml")
# compose.yaml's one-off job, which exits once the schema is up to date.
ONE_OFF_SERVICES = {"migrate"}
# The current major version of each action the workflows use, the generated project's and the
# template's own. setup-uv publishes no major tags since v8: the exact release, which
# Dependabot moves on.
CURRENT_ACTIONS = {
    "actions/checkout": "v6",
    "actions/setup-python": "v6",
    "actions/upload-artifact": "v7",
    "actions/download-artifact": "v8",
    "astral-sh/setup-uv": "v8.3.2",
    "browser-actions/setup-chrome": "v2",
}
# Python versions python_version offers, oldest first: the generated CI tests from the answer on.
PYTHON_VERSIONS = ["3.11", "3.12", "3.13", "3.14"]
LOCKED = "hashFiles('uv.lock') != ''"
UNLOCKED = "hashFiles('uv.lock') == ''"
# Either validates a compose file without a Docker engine: the plugin (v2), or Debian's v1.
COMPOSE_CLIENTS = (("docker", "compose"), ("docker-compose",))


@pytest.fixture(scope="module")
def docker_bakery(
    tmp_path_factory: pytest.TempPathFactory, cookiecutter_config: Path
) -> Memo[str, RenderedProject]:
    """Renders each docker combination (by id) once per module."""

    def bake_once(combination_id: str) -> RenderedProject:
        output_dir = tmp_path_factory.mktemp(combination_id)
        return bake(DOCKER_COMBINATIONS[combination_id], output_dir, cookiecutter_config)

    return Memo(bake_once)


@pytest.fixture(params=list(DOCKER_COMBINATIONS))
def docker_project(
    request: pytest.FixtureRequest, docker_bakery: Memo[str, RenderedProject]
) -> RenderedProject:
    """A project rendered with docker=true: with SQLite, or with PostgreSQL and Celery."""
    return docker_bakery(request.param)


def compose_client() -> list[str]:
    """The first compose client that works here; skips without one, fails so under CI."""
    for client in COMPOSE_CLIENTS:
        if (
            shutil.which(client[0])
            and subprocess.run([*client, "version"], capture_output=True, check=False).returncode
            == 0
        ):
            return list(client)
    message = "no compose client to validate compose.yaml with (apt-get install docker-compose)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def chose(project: RenderedProject, option: str, value: object) -> bool:
    return bool(project.answers[option] == value)


def workflow_commands(project: RenderedProject) -> list[str]:
    """Each command the workflow's `run:` steps run, `a && b` counting as two."""
    workflow = load_yaml(project.path / ".github/workflows/ci.yml")
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [step["run"] for step in steps if "run" in step]
    return [command.strip() for run in runs for command in run.split("&&")]


def test_workflow_runs_the_documented_commands(project: RenderedProject) -> None:
    """Every command of the workflow is one that README.md or TESTING.md tells a user to run."""
    documents = (project.path / name for name in ("README.md", "TESTING.md"))
    lines = [line for path in documents for line in readme_commands(path.read_text("utf-8"))]
    documented = {part.strip() for line in lines for part in line.split("&&")}
    assert [command for command in workflow_commands(project) if command not in documented] == []


def test_workflow_starts_postgresql_when_chosen(project: RenderedProject) -> None:
    test_job = load_yaml(project.path / ".github/workflows/ci.yml")["jobs"]["test"]
    postgres = test_job.get("services", {}).get("postgres")
    if not chose(project, "database", "postgresql"):
        assert postgres is None
        return
    assert "pg_isready" in postgres["options"]
    assert test_job["env"]["TEST_DATABASE_URL"].startswith("postgresql+psycopg://")


def test_workflow_runs_the_thorough_property_tests_on_postgresql(project: RenderedProject) -> None:
    job = load_yaml(project.path / ".github/workflows/ci.yml")["jobs"]["property-tests"]
    assert "pg_isready" in job["services"]["postgres"]["options"]
    assert job["env"]["TEST_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert [step["run"] for step in job["steps"] if "run" in step][-1] == THOROUGH_PROPERTY_TESTS


def test_workflow_starts_redis_for_celery(docker_project: RenderedProject) -> None:
    test_job = load_yaml(docker_project.path / ".github/workflows/ci.yml")["jobs"]["test"]
    redis = test_job.get("services", {}).get("redis")
    if not chose(docker_project, "background_tasks", "celery"):
        assert redis is None
        return
    assert "redis-cli ping" in redis["options"]
    assert test_job["env"]["REDIS_URL"].startswith("redis://")


def test_docker_files_only_when_chosen(project: RenderedProject) -> None:
    present = [name for name in DOCKER_FILES if (project.path / name).exists()]
    assert present == (list(DOCKER_FILES) if chose(project, "docker", True) else [])


def test_compose_services_match_the_options(docker_project: RenderedProject) -> None:
    services = set(load_yaml(docker_project.path / "compose.yaml")["services"])
    expected = {"app", "migrate"}
    if chose(docker_project, "database", "postgresql"):
        expected.add("db")
    if chose(docker_project, "background_tasks", "celery"):
        expected |= {"redis", "worker"}
    if chose(docker_project, "examples", True):
        # Production requires MAIL_HOST: on this machine the mail goes to a local sink.
        expected.add("mailpit")
    assert services == expected


def test_every_long_running_service_has_a_health_check(docker_project: RenderedProject) -> None:
    services = load_yaml(docker_project.path / "compose.yaml")["services"]
    unchecked = [
        name
        for name, service in services.items()
        if name not in ONE_OFF_SERVICES and not service.get("healthcheck", {}).get("test")
    ]
    assert unchecked == []


def test_compose_client_accepts_the_compose_file(docker_project: RenderedProject) -> None:
    result = subprocess.run(
        [*compose_client(), "config", "--quiet"],
        cwd=docker_project.path,
        # compose.yaml refuses to run without a SECRET_KEY, as it should.
        env={**os.environ, "SECRET_KEY": "only-for-this-check"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_app_waits_for_the_migrations(docker_project: RenderedProject) -> None:
    services = load_yaml(docker_project.path / "compose.yaml")["services"]
    assert services["migrate"]["command"] == ["flask", "db", "upgrade"]
    assert services["app"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }


def test_image_is_slim_unprivileged_and_served_by_gunicorn(docker_project: RenderedProject) -> None:
    dockerfile = (docker_project.path / "Dockerfile").read_text(encoding="utf-8")
    python = docker_project.answers["python_version"]
    assert re.search(rf"^FROM python:{python}-slim$", dockerfile, re.MULTILINE)
    assert re.search(r"^USER (?!root)\w+$", dockerfile, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK .*/api/health", dockerfile, re.MULTILINE | re.DOTALL)
    assert re.search(r'^CMD \["gunicorn"', dockerfile, re.MULTILINE)


def test_gunicorn_comes_from_the_server_extra(docker_project: RenderedProject) -> None:
    with (docker_project.path / "pyproject.toml").open("rb") as file:
        extras = tomllib.load(file)["project"]["optional-dependencies"]
    assert any(requirement.startswith("gunicorn") for requirement in extras["server"])
    dockerfile = (docker_project.path / "Dockerfile").read_text(encoding="utf-8")
    assert 'pip install ".[server]"' in dockerfile


def workflow(project: RenderedProject) -> Any:
    return load_yaml(project.path / ".github/workflows/ci.yml")


def shards(project: RenderedProject) -> int:
    return int(project.answers["ci_shards"])


def uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).startswith(f"{action}@")


def test_every_job_installs_with_uv_and_its_cache(project: RenderedProject) -> None:
    for name, job in workflow(project)["jobs"].items():
        [setup] = [step for step in job["steps"] if uses(step, "astral-sh/setup-uv")]
        assert setup["with"]["enable-cache"] is True, name
        assert setup["with"]["activate-environment"] is True, name


def test_jobs_install_from_the_lock_once_it_is_committed(project: RenderedProject) -> None:
    """Each job but lowest-versions runs `uv sync --locked` with uv.lock, `uv sync` without."""
    jobs = workflow(project)["jobs"]
    for name, job in jobs.items():
        syncs = [
            (step.get("if"), step["run"])
            for step in job["steps"]
            if "uv sync" in step.get("run", "")
        ]
        if name == "lowest-versions":
            assert syncs == [(None, "uv sync --resolution lowest-direct")]
            continue
        extra = (
            " --extra postgresql"
            if name == "property-tests" and chose(project, "database", "sqlite")
            else ""
        )
        assert syncs == [(LOCKED, f"uv sync --locked{extra}"), (UNLOCKED, f"uv sync{extra}")], name


def test_lowest_versions_job_runs_the_suite_on_the_oldest_python(project: RenderedProject) -> None:
    job = workflow(project)["jobs"]["lowest-versions"]
    [setup] = [step for step in job["steps"] if uses(step, "astral-sh/setup-uv")]
    assert setup["with"]["python-version"] == project.answers["python_version"]
    assert [step["run"] for step in job["steps"] if "run" in step][-1] == "pytest"
    assert (
        job.get("services", {}).keys()
        == workflow(project)["jobs"]["test"].get("services", {}).keys()
    )


def test_test_matrix_runs_every_python_from_the_answer_to_3_14(project: RenderedProject) -> None:
    matrix = workflow(project)["jobs"]["test"]["strategy"]["matrix"]
    lowest = PYTHON_VERSIONS.index(project.answers["python_version"])
    assert matrix["python-version"] == PYTHON_VERSIONS[lowest:]


def test_classifiers_name_every_python_from_the_answer_on(project: RenderedProject) -> None:
    with (project.path / "pyproject.toml").open("rb") as file:
        classifiers = tomllib.load(file)["project"]["classifiers"]
    lowest = PYTHON_VERSIONS.index(project.answers["python_version"])
    named = [c.rpartition(" :: ")[2] for c in classifiers if c.startswith("Programming Language")]
    assert named == PYTHON_VERSIONS[lowest:]


def test_one_shard_runs_the_whole_suite_in_each_test_job(project: RenderedProject) -> None:
    jobs = workflow(project)["jobs"]
    if shards(project) > 1:
        pytest.skip("the project splits its suite (the next test)")
    assert "group" not in jobs["test"]["strategy"]["matrix"]
    assert "coverage" not in jobs
    [run] = [step for step in jobs["test"]["steps"] if step.get("run") == "pytest"]
    assert run["env"] == {"PYTEST_ADDOPTS": "--junitxml=junit.xml"}


def test_shards_split_the_suite_and_a_job_holds_their_coverage_to_the_gate(
    project: RenderedProject,
) -> None:
    jobs = workflow(project)["jobs"]
    count = shards(project)
    if count == 1:
        pytest.skip("the project runs its suite in one job (the test above)")
    assert jobs["test"]["strategy"]["matrix"]["group"] == list(range(1, count + 1))
    [run] = [step for step in jobs["test"]["steps"] if step.get("run") == "pytest"]
    assert run["env"] == {
        "PYTEST_ADDOPTS": f"--splits {count} --group ${{{{ matrix.group }}}} "
        "--randomly-seed=${{ github.run_id }} --junitxml=junit-${{ matrix.group }}.xml",
        "COVERAGE_FILE": ".coverage.${{ matrix.group }}",
    }
    [data] = [
        step["with"]
        for step in jobs["test"]["steps"]
        if uses(step, "actions/upload-artifact") and step["with"]["name"].startswith("coverage-")
    ]
    assert data["path"] == ".coverage.${{ matrix.group }}"
    assert data["include-hidden-files"] is True
    coverage = jobs["coverage"]
    assert coverage["needs"] == "test"
    assert (
        coverage["strategy"]["matrix"]["python-version"]
        == (jobs["test"]["strategy"]["matrix"]["python-version"])
    )
    runs = [step["run"] for step in coverage["steps"] if "run" in step]
    assert runs[-3:] == [
        'junitparser merge --glob "junit-*.xml" junit.xml',
        "coverage combine",
        "coverage report",
    ]


def test_the_durations_file_comes_with_shards(project: RenderedProject) -> None:
    assert (project.path / ".test_durations").is_file() is (shards(project) > 1)


def test_dependabot_brings_the_weeks_minor_and_patch_updates_in_one_pull_request(
    project: RenderedProject,
) -> None:
    updates = load_yaml(project.path / ".github/dependabot.yml")["updates"]
    assert [update["package-ecosystem"] for update in updates] == ["github-actions", "uv"]
    for update in updates:
        assert update["directory"] == "/"
        assert update["schedule"] == {"interval": "weekly"}
        [group] = update["groups"].values()
        assert group == {"update-types": ["minor", "patch"]}


@pytest.mark.parametrize(
    "workflow_path",
    [".github/workflows/template-ci.yml", "{{cookiecutter.project_slug}}/.github/workflows/ci.yml"],
)
def test_actions_are_at_their_current_major_version(workflow_path: str) -> None:
    text = (TEMPLATE_DIR / workflow_path).read_text(encoding="utf-8")
    used = set(re.findall(r"uses: ([\w./-]+)@(\S+)", text))
    assert used
    assert sorted(action for action in used if CURRENT_ACTIONS.get(action[0]) != action[1]) == []
