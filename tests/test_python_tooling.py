"""uv first, pip still works: the template's two commands, and the generated project's.

The generated README's uv command (`uv run pytest`) runs the suite in a fresh copy of the
project with nothing before it; its pip commands install the `test` dependency group with a
current pip. The template's README, `.ci/run` and its GitHub workflow name the same two
commands. And coverage measures with the core each Python version gives it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tomllib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest
import test_generated_suite
import yaml
from conftest import (
    TEMPLATE_DIR,
    describe,
    find_interpreter,
    project_environment,
    run_in,
)
from packaging.requirements import Requirement
from packaging.version import Version
from test_generated_suite import FENCED_BLOCK, THOROUGH_VARIABLE, readme_commands
from uv import find_uv_bin

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    from conftest import ProjectEnv, RenderedProject

TEMPLATE_COMMANDS = ["uvx cookiecutter --no-input -o .. .", "uv run pytest -n auto"]
PROJECT_UV_COMMAND = "uv run pytest"
PIP_COMMANDS = [
    "python3 -m venv .venv && . .venv/bin/activate",
    "python -m pip install --upgrade pip",
    "pip install -e . --group test",
    "pytest",
]
COVERAGE_REACHED = re.compile(r"Required test coverage of \S+ reached")
CORE_USED = re.compile(r"Using core=(\w+)")


def first_block_commands(markdown: str) -> list[str]:
    block = FENCED_BLOCK.search(markdown)
    assert block, "no fenced code block"
    return readme_commands(block.group(0))


# --- the template's own two commands ------------------------------------------------------


def test_template_readme_opens_with_the_two_commands() -> None:
    readme = (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    assert first_block_commands(readme) == TEMPLATE_COMMANDS


def test_template_readme_gives_the_suites_time_and_the_quick_subset_beside_it() -> None:
    """A newcomer learns what the second command costs before typing it, and the way out."""
    readme = (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    first_block = FENCED_BLOCK.search(readme)
    assert first_block, "no fenced code block"
    paragraph = readme[first_block.end() :].lstrip("\n").split("\n\n", 1)[0]
    assert re.search(r"takes about \d+\s+minutes", paragraph), paragraph
    quick = re.search(r"`(uv run pytest -n auto -m \"not (\w+)\")`", paragraph)
    assert quick, paragraph
    with (TEMPLATE_DIR / "pyproject.toml").open("rb") as file:
        markers = tomllib.load(file)["tool"]["pytest"]["ini_options"]["markers"]
    assert [m for m in markers if m.startswith(f"{quick[2]}:")], markers


def test_ci_run_runs_the_two_commands() -> None:
    script = (TEMPLATE_DIR / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    # The render goes to a scratch folder: `..` would lie outside CI's clone.
    assert 'uvx cookiecutter --no-input -o "$render_dir" .' in lines
    assert "uv run pytest -n auto || status=$?" in lines


def template_workflow_job(name: str) -> Any:
    """A job of the template's own GitHub workflow, as parsed YAML."""
    workflow_path = TEMPLATE_DIR / ".github" / "workflows" / "template-ci.yml"
    return yaml.safe_load(workflow_path.read_text(encoding="utf-8"))["jobs"][name]


def test_template_workflow_runs_the_two_commands() -> None:
    runs = [step["run"] for step in template_workflow_job("test")["steps"] if "run" in step]
    assert runs == TEMPLATE_COMMANDS


def test_template_workflow_runs_the_thorough_property_tests_on_a_schedule() -> None:
    """The one template test that only runs when asked: a weekly job asks."""
    job = template_workflow_job("thorough-properties")
    [step] = [step for step in job["steps"] if "run" in step]
    assert (
        job["if"] == "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'"
    )
    assert "postgres" in job["services"]
    # An attribute of the module, not an import: pytest would collect the test here too.
    thorough_test = test_generated_suite.test_property_tests_pass_the_thorough_profile
    assert step["run"] == f"uv run pytest -k {thorough_test.__name__}"
    assert step["env"] == {THOROUGH_VARIABLE: "1"}


def test_template_dev_tools_are_a_dependency_group() -> None:
    with (TEMPLATE_DIR / "pyproject.toml").open("rb") as file:
        pyproject = tomllib.load(file)
    assert "optional-dependencies" not in pyproject["project"]
    assert any(tool.startswith("pytest-xdist") for tool in pyproject["dependency-groups"]["dev"])


# The first release of a compiled dependency with wheels for a Python version (pip download
# --python-version 3.14 --only-binary :all:): below it, the CI's lowest-versions job would have
# to build the package from source, which fails for pydantic-core and psycopg-binary.
FIRST_WHEELS_FOR: dict[str, dict[str, str]] = {
    "3.14": {"pydantic": "2.12", "psycopg": "3.2.10"},
}


def test_lower_bounds_have_wheels_for_the_lowest_python(project: RenderedProject) -> None:
    with (project.path / "pyproject.toml").open("rb") as file:
        metadata = tomllib.load(file)["project"]
    extras = metadata.get("optional-dependencies", {}).values()
    declared = [*metadata["dependencies"], *(line for extra in extras for line in extra)]
    requirements = [Requirement(line) for line in declared]
    minimums = FIRST_WHEELS_FOR.get(str(project.answers["python_version"]), {})
    for requirement in requirements:
        if requirement.name in minimums:
            bounds = [s.version for s in requirement.specifier if s.operator == ">="]
            assert [Version(b) for b in bounds] == [Version(minimums[requirement.name])], (
                requirement
            )


# --- the generated project's README -------------------------------------------------------


def test_project_readme_opens_with_uv_run_pytest(project: RenderedProject) -> None:
    readme = (project.path / "README.md").read_text(encoding="utf-8")
    assert first_block_commands(readme) == [PROJECT_UV_COMMAND]


def test_project_readme_gives_the_pip_path_in_order(project: RenderedProject) -> None:
    commands = readme_commands((project.path / "README.md").read_text(encoding="utf-8"))
    start = commands.index(PIP_COMMANDS[0])
    assert commands[start : start + len(PIP_COMMANDS)] == PIP_COMMANDS


def test_project_test_tools_are_dependency_groups(project: RenderedProject) -> None:
    with (project.path / "pyproject.toml").open("rb") as file:
        pyproject = tomllib.load(file)
    extras = pyproject["project"].get("optional-dependencies", {})
    assert {"test", "dev"} & set(extras) == set()
    assert pyproject["dependency-groups"]["dev"][0] == {"include-group": "test"}


def fresh_copy(project: RenderedProject, tmp_path: Path) -> Path:
    """The rendered files only, as a new clone would have them."""
    copy = tmp_path / project.slug
    for relative in project.files:
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project.path / relative, copy / relative)
    return copy


def user_environment(python: str, home: Path) -> dict[str, str]:
    """This machine's environment as a user's shell has it: uv on PATH, no virtualenv active."""
    env = {
        name: value for name, value in project_environment(home).items() if name != "VIRTUAL_ENV"
    }
    env["PATH"] = os.pathsep.join(
        [os.path.dirname(find_uv_bin()), os.path.dirname(python), os.environ.get("PATH", "")]
    )
    # uv cannot download an interpreter everywhere; it finds the one of the project's version.
    return {**env, "UV_PYTHON_DOWNLOADS": "never", "UV_PYTHON": python}


@dataclass(frozen=True)
class FreshProject:
    """A fresh copy of a rendered project, with the interpreter and shell a user would have."""

    path: Path
    python: str
    env: dict[str, str]

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        """Run a command in the copy; it must exit 0."""
        result = run_in(self.path, self.env, *command)
        assert result.returncode == 0, describe(result)
        return result


def fresh_project(project: RenderedProject, tmp_path: Path) -> FreshProject:
    python = find_interpreter(str(project.answers["python_version"]))
    return FreshProject(fresh_copy(project, tmp_path), python, user_environment(python, tmp_path))


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
def test_uv_run_pytest_passes_in_a_fresh_project(project: RenderedProject, tmp_path: Path) -> None:
    """`uv run pytest` and nothing else: uv makes .venv with the dev group, and the suite passes."""
    fresh = fresh_project(project, tmp_path)
    result = fresh.run("uv", "run", "pytest")
    assert COVERAGE_REACHED.search(result.stdout), describe(result)
    assert (fresh.path / ".venv").is_dir()


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
def test_a_fresh_lock_is_what_ci_installs(project: RenderedProject, tmp_path: Path) -> None:
    """The README's first commit, `uv lock`, then CI's `uv sync --locked`, which it satisfies."""
    fresh = fresh_project(project, tmp_path)
    fresh.run("uv", "lock")
    fresh.run("uv", "sync", "--locked")
    assert (fresh.path / "uv.lock").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
def test_pip_installs_the_test_group(project: RenderedProject, tmp_path: Path) -> None:
    """The README's pip path with a current pip; a part of the suite proves the tools load."""
    fresh = fresh_project(project, tmp_path)
    venv_bin = fresh.path / ".venv" / "bin"
    fresh.run(fresh.python, "-m", "venv", str(venv_bin.parent))
    fresh.run(str(venv_bin / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    fresh.run(str(venv_bin / "pip"), "install", "--quiet", "-e", ".", "--group", "test")
    result = fresh.run(str(venv_bin / "pytest"), "tests/test_coverage_gate.py", "tests/test_cli.py")
    assert " passed" in result.stdout, describe(result)


def core_command(testing_md: str) -> tuple[dict[str, str], list[str]]:
    """TESTING.md's command that shows the coverage core: its variables, and its arguments."""
    [command] = [line for line in readme_commands(testing_md) if line.startswith("COVERAGE_DEBUG")]
    words = shlex.split(command)
    variables = dict(word.split("=", 1) for word in words if re.fullmatch(r"[A-Z_]+=\S*", word))
    return variables, words[len(variables) :]


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default", "py314-minimal"], indirect=True)
def test_coverage_measures_with_sys_monitoring_from_python_3_14(
    readme_env: ProjectEnv, tmp_path: Path
) -> None:
    """TESTING.md's command says which core measured: sysmon on 3.14, ctrace before it."""
    testing_md = (readme_env.project.path / "TESTING.md").read_text(encoding="utf-8")
    variables, command = core_command(testing_md)
    # The debug file goes to tmp_path: the rendered project is shared, and stays as rendered.
    debug_file = tmp_path / variables["COVERAGE_DEBUG_FILE"]
    variables["COVERAGE_DEBUG_FILE"] = str(debug_file)
    env = replace(readme_env, environment={**readme_env.environment, **variables})
    result = env.run(*command, check=False)
    assert result.returncode == 0, describe(result)
    version = env.run("python", "-c", "import sys; print(*sys.version_info[:2])").stdout
    expected = "sysmon" if tuple(map(int, version.split())) >= (3, 14) else "ctrace"
    assert CORE_USED.findall(debug_file.read_text(encoding="utf-8")) == [expected]
