"""tests/coverage_gate.py: which runs are a part of the suite, and which ask for coverage.

The plugin's hooks run before any test, in every run: what they decide is checked on the
runs themselves by the template's tests. Here the decision is checked case by case: which
runs are a part, which are a shard of the CI (pytest-split), and whether a shard shuffles
the suite as its sibling shards do.
"""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import pytest

from tests.coverage_gate import (
    asks_for_coverage,
    partial_run_reason,
    shard_of,
    shuffles_alone,
)

ROOT = Path("/project")
TESTPATHS = [ROOT / "tests"]


def options(*paths: str, **selected: object) -> Namespace:
    """pytest's options as a run with these paths and options would have them."""
    return Namespace(file_or_dir=list(paths), **selected)


@pytest.mark.parametrize(
    ("paths", "here"),
    [
        pytest.param((), ROOT, id="no-paths"),
        pytest.param(("tests",), ROOT, id="testpaths"),
        pytest.param(("tests/",), ROOT, id="testpaths-with-slash"),
        pytest.param((".",), ROOT, id="project-root"),
        pytest.param(("..",), ROOT / "tests", id="root-from-inside-tests"),
    ],
)
def test_the_whole_suite(paths, here):
    assert partial_run_reason(options(*paths), here, TESTPATHS) is None


@pytest.mark.parametrize(
    ("paths", "reason"),
    [
        pytest.param(("tests/api",), "tests/api", id="folder"),
        pytest.param(("tests/test_cli.py",), "tests/test_cli.py", id="file"),
        pytest.param(
            ("tests/test_cli.py::test_seed",), "tests/test_cli.py::test_seed", id="node-id"
        ),
        pytest.param(("tests/api", "tests/views"), "tests/api tests/views", id="two-folders"),
        pytest.param(("tests", "tests/x.py::t"), "tests tests/x.py::t", id="suite-and-node-id"),
    ],
)
def test_paths_inside_the_suite_are_a_part(paths, reason):
    assert partial_run_reason(options(*paths), ROOT, TESTPATHS) == reason


@pytest.mark.parametrize(
    ("selected", "reason"),
    [
        pytest.param({"keyword": "token"}, "-k", id="k"),
        pytest.param({"markexpr": "browser"}, "-m", id="m"),
        pytest.param({"lf": True}, "--lf", id="lf"),
        pytest.param({"failedfirst": True}, "--ff", id="ff"),
        pytest.param({"stepwise": True}, "--sw", id="sw"),
        pytest.param({"deselect": ["tests/test_cli.py"]}, "--deselect", id="deselect"),
        pytest.param({"collectonly": True}, "--collect-only", id="collect-only"),
    ],
)
def test_selecting_options_make_a_part(selected, reason):
    assert partial_run_reason(options(**selected), ROOT, TESTPATHS) == reason


@pytest.mark.parametrize(
    "selected",
    [{"keyword": ""}, {"markexpr": ""}, {"lf": False}, {"deselect": []}],
    ids=["empty-k", "empty-m", "no-lf", "no-deselect"],
)
def test_options_left_at_their_defaults_select_nothing(selected):
    assert partial_run_reason(options(**selected), ROOT, TESTPATHS) is None


@pytest.mark.parametrize(
    ("command_line", "asks"),
    [
        (["tests/api", "--cov"], True),
        (["--cov=my_package", "-k", "token"], True),
        (["--cov-report=html"], False),
        (["--no-cov"], False),
        ([], False),
    ],
)
def test_asking_for_coverage(command_line, asks):
    assert asks_for_coverage(command_line) is asks


@pytest.mark.parametrize(
    ("selected", "shard"),
    [
        pytest.param({"splits": 3, "group": 2}, "2/3", id="group-of-splits"),
        pytest.param({"splits": 1, "group": 1}, "1/1", id="one-shard"),
        pytest.param({"splits": None, "group": None}, None, id="split-options-unset"),
        pytest.param({}, None, id="no-pytest-split"),
    ],
)
def test_a_pytest_split_group_is_a_shard(selected, shard):
    assert shard_of(options(**selected)) == shard


def test_a_shard_is_whole_to_the_partial_run_rule():
    """pytest-split deselects the other shards' tests, but no option of SELECTING_OPTIONS."""
    shard = options(splits=3, group=1)
    assert partial_run_reason(shard, ROOT, TESTPATHS) is None


@pytest.mark.parametrize(
    ("reorganize", "seed", "alone"),
    [
        pytest.param(True, "default", True, id="new-seed"),
        pytest.param(True, "last", True, id="last-seed"),
        pytest.param(True, 1234, False, id="given-seed"),
        pytest.param(False, "default", False, id="no-shuffle"),
    ],
)
def test_only_a_given_seed_shuffles_every_shard_alike(reorganize, seed, alone):
    randomly = options(randomly_reorganize=reorganize, randomly_seed=seed)
    assert shuffles_alone(randomly) is alone


def test_without_pytest_randomly_every_shard_keeps_the_file_order():
    assert shuffles_alone(options()) is False
