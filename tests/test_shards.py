"""The generated CI's shards, run here one after the other: together they are the whole suite.

For ci_shards N = 1 and N = 3, a project rendered with that answer runs each of its `test`
job's shards as the workflow does: the step's command with the step's environment
(PYTEST_ADDOPTS, COVERAGE_FILE), the matrix's group put in, and one run id for all shards.
Then, with N > 1, what its `coverage` job runs. Every test runs in exactly one shard, the
shards together run every test the suite collects, and the combined coverage passes the gate.
"""

from __future__ import annotations

import shlex
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import Combination, Memo, bake, build_venv, describe

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    from conftest import ProjectEnv

# What GitHub puts in for the expressions the shards' step uses; one run id for every shard.
RUN_ID = "4242"
# The coverage job's steps that install; the others are what it runs on the shards' files.
INSTALL_STEP_PREFIXES = ("uv sync",)
COVERAGE_REACHED = "Required test coverage of 100.0% reached"


@dataclass(frozen=True)
class ShardRun:
    """One shard run as CI runs it: its group (None for the only one), result, JUnit report."""

    group: int | None
    result: subprocess.CompletedProcess[str]
    junit: Path


def github_expressions(text: str, group: int | None) -> str:
    """text with the workflow expressions of a shard's step replaced by their values."""
    return text.replace("${{ matrix.group }}", str(group)).replace("${{ github.run_id }}", RUN_ID)


def load_workflow(project_path: Path) -> Any:
    return yaml.safe_load((project_path / ".github/workflows/ci.yml").read_text("utf-8"))


def run_shards(env: ProjectEnv) -> list[ShardRun]:
    """Run every shard of the workflow's test job, one after the other, in the project."""
    job = load_workflow(env.project.path)["jobs"]["test"]
    groups: list[int | None] = job["strategy"]["matrix"].get("group", [None])
    [step] = [step for step in job["steps"] if step.get("run") == "pytest"]
    runs = []
    for group in groups:
        variables = {name: github_expressions(value, group) for name, value in step["env"].items()}
        shard = replace(env, environment={**env.environment, **variables})
        result = shard.run(*shlex.split(step["run"]), check=False)
        junit = shlex.split(variables["PYTEST_ADDOPTS"])[-1].removeprefix("--junitxml=")
        runs.append(ShardRun(group, result, env.project.path / junit))
    return runs


def coverage_job_commands(project_path: Path) -> list[str]:
    """The commands of the coverage job, without its installs (empty when there is no job)."""
    job = load_workflow(project_path)["jobs"].get("coverage")
    if job is None:
        return []
    runs = [step["run"] for step in job["steps"] if "run" in step]
    return [run for run in runs if not run.startswith(INSTALL_STEP_PREFIXES)]


def node_id_as_junit(node_id: str) -> tuple[str, str]:
    """pytest's node id as JUnit names it: (dotted module and classes, test name)."""
    # Parameters may hold "::" themselves (an IPv6 address): split only what precedes them.
    head, bracket, parameters = node_id.partition("[")
    path, *classes, name = head.split("::")
    module = path.removesuffix(".py").replace("/", ".")
    return ".".join([module, *classes]), name + bracket + parameters


def junit_tests(report: Path) -> list[tuple[str, str]]:
    """(classname, name) of every test case in a JUnit XML report."""
    cases = ET.parse(report).getroot().iter("testcase")
    return [(case.get("classname", ""), case.get("name", "")) for case in cases]


def collected_tests(env: ProjectEnv) -> set[tuple[str, str]]:
    """Every test the whole suite collects, as JUnit names them."""
    result = env.run("pytest", "--collect-only", "-q", "-p", "no:randomly")
    node_ids = [line for line in result.stdout.splitlines() if "::" in line]
    return {node_id_as_junit(node_id) for node_id in node_ids}


@dataclass(frozen=True)
class ShardedSuite:
    """A project rendered with ci_shards=N, its shards run, and what its whole suite collects."""

    env: ProjectEnv
    runs: list[ShardRun]
    collected: set[tuple[str, str]]

    def ran(self) -> Counter[tuple[str, str]]:
        """How many times each test ran, over all the shards."""
        return Counter(test for run in self.runs for test in junit_tests(run.junit))


@pytest.fixture(scope="module")
def sharded_suites(
    tmp_path_factory: pytest.TempPathFactory, cookiecutter_config: Path
) -> Memo[int, ShardedSuite]:
    """Renders, installs (`test` group) and runs the shards of a ci_shards=N project, once per N."""

    def run(shards: int) -> ShardedSuite:
        combination = Combination(f"shards-{shards}", {"ci_shards": str(shards)})
        project = bake(combination, tmp_path_factory.mktemp(combination.id), cookiecutter_config)
        env = build_venv(project, "test", tmp_path_factory.mktemp(f"venv-{combination.id}"))
        return ShardedSuite(env, run_shards(env), collected_tests(env))

    return Memo(run)


SHARDS = [pytest.param(1, id="one-shard"), pytest.param(3, id="three-shards")]


@pytest.mark.slow
@pytest.mark.parametrize("shards", SHARDS)
def test_every_shard_passes(shards: int, sharded_suites: Memo[int, ShardedSuite]) -> None:
    runs = sharded_suites(shards).runs
    assert [run.group for run in runs] == (list(range(1, shards + 1)) if shards > 1 else [None])
    for run in runs:
        assert run.result.returncode == 0, describe(run.result)


@pytest.mark.slow
@pytest.mark.parametrize("shards", SHARDS)
def test_every_test_runs_in_exactly_one_shard(
    shards: int, sharded_suites: Memo[int, ShardedSuite]
) -> None:
    ran = sharded_suites(shards).ran()
    assert sorted(test for test, times in ran.items() if times != 1) == []


@pytest.mark.slow
@pytest.mark.parametrize("shards", SHARDS)
def test_the_shards_together_run_the_whole_suite(
    shards: int, sharded_suites: Memo[int, ShardedSuite]
) -> None:
    suite = sharded_suites(shards)
    assert suite.collected
    assert set(suite.ran()) == suite.collected


@pytest.mark.slow
@pytest.mark.parametrize("shards", SHARDS)
def test_the_combined_coverage_passes_the_gate(
    shards: int, sharded_suites: Memo[int, ShardedSuite]
) -> None:
    """One shard is the whole suite at its gate; more are held to it by the coverage job."""
    suite = sharded_suites(shards)
    commands = coverage_job_commands(suite.env.project.path)
    if shards == 1:
        assert commands == []
        assert COVERAGE_REACHED in suite.runs[0].result.stdout, describe(suite.runs[0].result)
        return
    for command in commands:
        # Each must exit 0: `coverage report` exits 2 below the fail_under gate.
        suite.env.run(*shlex.split(command))
    merged = junit_tests(suite.env.project.path / "junit.xml")
    assert Counter(merged) == suite.ran()
