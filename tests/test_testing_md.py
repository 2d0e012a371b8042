"""TESTING.md is the map of the generated suite: every fixture and file it names must exist.

The tables are parsed from the rendered file, so each combination is checked against what it
really contains: a fixture or pattern of an option that was not chosen must not be listed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import RenderedProject

CODE_SPAN = re.compile(r"`([^`]+)`")
# The recipe's section, which tests/test_recipe.py checks on the project it builds.
RECIPE_HEADING = "Adding a resource, step by step"
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# A fixture: one or more decorators, the first of them @pytest.fixture, then its def.
FIXTURE_DEFINITION = re.compile(r"^@pytest\.fixture\b.*\n(?:@.*\n)*def (\w+)\(", re.MULTILINE)


def table(markdown: str, first_header: str) -> list[list[str]]:
    """The body rows, as lists of cells, of the table whose header row starts with that cell."""
    rows: list[list[str]] = []
    in_table = False
    for line in markdown.splitlines():
        if not line.startswith("|"):
            if in_table:
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == first_header:
            in_table = True
        elif in_table and not set(cells[0]) <= {"-", ":"}:
            rows.append(cells)
    if not rows:
        pytest.fail(f"TESTING.md has no table starting with the header {first_header!r}")
    return rows


def code_spans(cell: str) -> list[str]:
    return CODE_SPAN.findall(cell)


def fixtures_defined_in(path: Path) -> set[str]:
    return set(FIXTURE_DEFINITION.findall(path.read_text(encoding="utf-8")))


def defines(path: Path, name: str) -> bool:
    """Whether a Python file defines a function or class of that name at any level."""
    pattern = rf"^\s*(?:async\s+)?(?:def|class)\s+{re.escape(name)}\b"
    return re.search(pattern, path.read_text(encoding="utf-8"), re.MULTILINE) is not None


@pytest.fixture
def testing_md(project: RenderedProject) -> str:
    """The rendered TESTING.md of the combination."""
    return (project.path / "TESTING.md").read_text(encoding="utf-8")


def test_fixture_table_names_fixtures_where_they_are_defined(
    project: RenderedProject, testing_md: str
) -> None:
    problems = []
    for row in table(testing_md, "fixture"):
        names, where = code_spans(row[0]), code_spans(row[2])
        if not where:
            continue  # a plugin's fixture, such as syrupy's `snapshot`
        path = project.path / where[0]
        if not path.is_file():
            problems.append(f"{where[0]} (for {', '.join(names)}) does not exist")
            continue
        missing = sorted(set(names) - fixtures_defined_in(path))
        problems += [f"{where[0]} defines no fixture {name!r}" for name in missing]
    assert problems == []


def test_every_fixture_of_a_conftest_is_in_the_table(
    project: RenderedProject, testing_md: str
) -> None:
    listed = {name for row in table(testing_md, "fixture") for name in code_spans(row[0])}
    unlisted = [
        f"{conftest.relative_to(project.path)}::{name}"
        for conftest in sorted((project.path / "tests").rglob("conftest.py"))
        for name in sorted(fixtures_defined_in(conftest) - listed)
    ]
    assert unlisted == []


def test_pattern_table_names_files_and_tests_that_exist(
    project: RenderedProject, testing_md: str
) -> None:
    problems = []
    for row in table(testing_md, "pattern"):
        current: Path | None = None
        for span in code_spans(row[1]):
            path_part, _, name = span.partition("::")
            if "/" in path_part:
                current = project.path / path_part
                if not current.exists():
                    problems.append(f"{path_part} does not exist")
                    current = None
                    continue
            elif IDENTIFIER.fullmatch(span) and current is not None:
                # `make_product` after `tests/x/conftest.py::make_customer`: the same file.
                name = span
            else:
                problems.append(f"{span!r} names neither a file nor a test")
                continue
            if name and current is not None and not defines(current, name):
                problems.append(f"{current.relative_to(project.path)} defines no {name!r}")
    assert problems == []


def prose(markdown: str) -> str:
    """The markdown without its fenced blocks, whose backticks would pair with the prose's."""
    kept: list[str] = []
    in_block = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif not in_block:
            kept.append(line)
    return "\n".join(kept)


def test_every_path_mentioned_exists(project: RenderedProject, testing_md: str) -> None:
    """Outside the recipe, whose steps create files of their own (tests/test_recipe.py)."""
    before_the_recipe = testing_md.split(f"\n## {RECIPE_HEADING}\n")[0]
    mentioned = {
        span.partition("::")[0]
        for span in CODE_SPAN.findall(prose(before_the_recipe))
        if span.startswith(("tests/", "src/")) and " " not in span
    }
    assert mentioned, "no path found: the check would check nothing"
    assert [path for path in sorted(mentioned) if not (project.path / path).exists()] == []
