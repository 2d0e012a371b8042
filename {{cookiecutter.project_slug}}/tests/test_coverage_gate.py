"""tests/coverage_gate.py: which runs are a part of the suite, and which ask for coverage.

The plugin's hooks run before any test, in every run: what they decide is checked on the
runs themselves by the template's tests. Here the decision is checked case by case.
"""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import pytest

from tests.coverage_gate import asks_for_coverage, partial_run_reason

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
