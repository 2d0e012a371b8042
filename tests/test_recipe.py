"""TESTING.md's "Adding a resource, step by step", followed to the letter on rendered projects.

The section's blocks are applied and its commands run in the order the document gives them, so
the recipe cannot drift from the code it changes: a context line that no longer matches, a
command that fails, or a result below the coverage gate fails here.

The section's format, which this module parses:

- A fenced block starts at a line of its own beginning with three backticks, in the first
  column, and ends at the next such line. Every block of the section is one of the kinds below;
  any other block fails the test, so that nothing in the section goes unchecked.
- File blocks: the last non-blank line before the block is exactly `` `<path>` (new): `` or
  `` `<path>` (change): ``, the path relative to the project.
  - `(new)`: the block is the whole content of a file that must not exist yet.
  - `(change)`: a ```` ```diff ```` block for a file that exists. Its lines start with `+`
    (added), `-` (removed) or a space (context); an empty line is an empty context line. A
    line starting with `@@` starts the next hunk, and the rest of that line is for the reader.
    The context and removed lines of a hunk, in order, must occur exactly once in the file as
    the hunks before it left it; there they are replaced by its context and added lines.
- Command blocks: a ```` ```bash ```` block is commands, one a line, run in the project with
  its `dev` virtualenv activated and stdin empty. `export NAME=value` sets a variable for the
  commands after it; a `#` after a space starts a comment; every command must exit with 0.

Among the commands there must be the checks that prove the result (`REQUIRED_CHECKS`), and
`flask db check` must follow the `flask db upgrade` that runs the new revision.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass, replace
from itertools import dropwhile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import build_venv, describe
from test_readme_walkthrough import section
from test_testing_md import RECIPE_HEADING, defines, prose

if TYPE_CHECKING:
    from conftest import RenderedProject

HEADING = RECIPE_HEADING
FILE_LINE = re.compile(r"^`(?P<path>[^`\s]+)` \((?P<kind>new|change)\):$")
FENCE = "```"
CODE_SPAN = re.compile(r"`([^`\n]+)`")
EXPORT = re.compile(r"^export (?P<name>\w+)=(?P<value>\S*)$")
MIGRATE = "flask db migrate"
UPGRADE = "flask db upgrade"
# What the recipe's last steps must run: together they are the project's quality bar.
REQUIRED_CHECKS = ("flask db check", "pytest", "ruff check .", "ruff format --check .", "mypy src")


class RecipeError(Exception):
    """The section breaks its format, or a block does not fit the project."""


@dataclass(frozen=True)
class FileBlock:
    """A block of the recipe that writes a new file or changes one."""

    path: str
    kind: str  # "new" or "change"
    text: str


@dataclass(frozen=True)
class CommandBlock:
    """A block of the recipe's shell commands, comments removed."""

    commands: tuple[str, ...]


Step = FileBlock | CommandBlock


def fenced_blocks(markdown: str) -> list[tuple[str, str, str]]:
    """(line before, info string, body) of each fenced block, in order."""
    blocks = []
    lines = markdown.splitlines()
    previous = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith(FENCE):
            closing = next(
                (i for i in range(index + 1, len(lines)) if lines[i].startswith(FENCE)), None
            )
            if closing is None:
                raise RecipeError(f"the block opened by {line!r} is never closed")
            body = "".join(f"{body_line}\n" for body_line in lines[index + 1 : closing])
            blocks.append((previous, line[len(FENCE) :].strip(), body))
            index = closing
        elif line.strip():
            previous = line.strip()
        index += 1
    return blocks


def command_lines(body: str) -> tuple[str, ...]:
    """The commands of a bash block, without comments and blank lines."""
    commands = (line.split(" #", 1)[0].strip() for line in body.splitlines())
    return tuple(command for command in commands if command and not command.startswith("#"))


def steps(markdown: str) -> list[Step]:
    """The recipe's file and command blocks, in the order of the document."""
    found: list[Step] = []
    for before, info, body in fenced_blocks(markdown):
        if match := FILE_LINE.match(before):
            path, kind = match["path"], match["kind"]
            if (kind == "change") != (info == "diff"):
                raise RecipeError(f"{path} ({kind}) comes with a {info!r} block")
            found.append(FileBlock(path, kind, body))
        elif info == "bash":
            found.append(CommandBlock(command_lines(body)))
        else:
            raise RecipeError(f"a {info!r} block that names no file and is not bash: {body!r}")
    return found


def recipe(testing_md: str) -> list[Step]:
    """The steps of TESTING.md's recipe section."""
    return steps(section(testing_md, HEADING))


def named_in_prose(testing_md: str) -> list[tuple[str, str]]:
    """(path, name) of each `src/...` or `tests/...` code span of the recipe's prose.

    The name is what follows `::`, such as a test's name, or "".
    """
    spans = CODE_SPAN.findall(prose(section(testing_md, HEADING)))
    return [span.partition("::")[::2] for span in spans if span.startswith(("src/", "tests/"))]


def hunks(diff: str) -> list[list[str]]:
    """The diff's hunks, as lists of lines, split at the `@@` lines."""
    found: list[list[str]] = [[]]
    for line in diff.splitlines():
        if line.startswith("@@"):
            found.append([])
        else:
            found[-1].append(line)
    return [hunk for hunk in found if hunk]


def apply_hunk(lines: list[str], hunk: list[str]) -> list[str]:
    """The file's lines with the hunk applied at the one place its old lines occur."""
    old: list[str] = []
    new: list[str] = []
    for line in hunk:
        sign, text = line[:1], line[1:]
        if sign not in {"", " ", "-", "+"}:
            raise RecipeError(f"a diff line starts with neither ' ', '-' nor '+': {line!r}")
        if sign != "+":
            old.append(text)
        if sign != "-":
            new.append(text)
    if not old:
        raise RecipeError(f"a hunk without context or removed lines has no place: {hunk!r}")
    places = [
        start
        for start in range(len(lines) - len(old) + 1)
        if lines[start : start + len(old)] == old
    ]
    if len(places) != 1:
        raise RecipeError(f"the hunk's old lines occur {len(places)} times, not once: {old!r}")
    start = places[0]
    return [*lines[:start], *new, *lines[start + len(old) :]]


def apply_diff(text: str, diff: str) -> str:
    """The text with every hunk of the diff applied, in order."""
    lines = text.splitlines()
    for hunk in hunks(diff):
        lines = apply_hunk(lines, hunk)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def apply_file_block(project_dir: Path, block: FileBlock) -> None:
    """Write the block's new file, or apply its diff to the file it names."""
    relative = Path(block.path)
    if relative.is_absolute() or ".." in relative.parts:
        raise RecipeError(f"{block.path} is outside the project")
    target = project_dir / relative
    if block.kind == "new":
        if target.exists():
            raise RecipeError(f"{block.path} is marked new but exists")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
    elif not target.is_file():
        raise RecipeError(f"{block.path} is to be changed but does not exist")
    else:
        try:
            changed = apply_diff(target.read_text(encoding="utf-8"), block.text)
        except RecipeError as error:
            raise RecipeError(f"{block.path}: {error}") from None
        target.write_text(changed, encoding="utf-8")


def copy_project(project: RenderedProject, destination: Path) -> RenderedProject:
    """A copy of the files cookiecutter wrote, for this test to change (the bake is shared)."""
    for relative in project.files:
        (destination / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project.path / relative, destination / relative)
    return replace(project, path=destination)


def commands_of(steps: list[Step]) -> list[str]:
    return [
        command for step in steps if isinstance(step, CommandBlock) for command in step.commands
    ]


def revisions(project: RenderedProject) -> set[str]:
    versions = project.path / "src" / project.package / "migrations" / "versions"
    return {path.name for path in versions.glob("*.py")}


def test_the_recipe_runs_every_check_and_checks_its_new_revision(
    project: RenderedProject,
) -> None:
    testing_md = (project.path / "TESTING.md").read_text(encoding="utf-8")
    commands = commands_of(recipe(testing_md))

    assert [check for check in REQUIRED_CHECKS if check not in commands] == []
    after_migrate = list(dropwhile(lambda command: not command.startswith(MIGRATE), commands))
    after_upgrade = list(dropwhile(lambda command: command != UPGRADE, after_migrate))
    assert "flask db check" in after_upgrade, commands


def test_every_block_applies_and_the_files_named_exist_after(
    project: RenderedProject, tmp_path: Path
) -> None:
    """Every combination: each file block fits the project as rendered (no venv needed).

    Then every file, and every test or function after `::`, that the prose names exists.
    """
    copy = copy_project(project, tmp_path / project.slug)
    testing_md = (copy.path / "TESTING.md").read_text(encoding="utf-8")
    blocks = [step for step in recipe(testing_md) if isinstance(step, FileBlock)]

    for block in blocks:
        apply_file_block(copy.path, block)

    assert {"new", "change"} <= {block.kind for block in blocks}
    missing = [
        f"{path}::{name}" if name else path
        for path, name in named_in_prose(testing_md)
        if not (copy.path / path).exists() or (name and not defines(copy.path / path, name))
    ]
    assert missing == []


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default", "no-examples"], indirect=True)
def test_the_recipe_gives_a_project_that_passes_every_check(
    project: RenderedProject, tmp_path: Path
) -> None:
    copy = copy_project(project, tmp_path / project.slug)
    env = build_venv(copy, "dev", tmp_path / "venv")
    testing_md = (copy.path / "TESTING.md").read_text(encoding="utf-8")
    revisions_before = revisions(copy)
    exported: dict[str, str] = {}

    for step in recipe(testing_md):
        if isinstance(step, FileBlock):
            apply_file_block(copy.path, step)
            continue
        for command in step.commands:
            if match := EXPORT.match(command):
                exported[match["name"]] = match["value"]
                continue
            result = replace(env, environment=exported).run(*shlex.split(command), check=False)
            returncode = result.returncode  # keeps the CompletedProcess repr out of the message
            assert returncode == 0, f"the recipe's `{command}` failed\n{describe(result)}"

    new_revisions = revisions(copy) - revisions_before
    assert len(new_revisions) == 1, f"`{MIGRATE}` wrote {sorted(new_revisions)}"


@pytest.mark.parametrize(
    ("diff", "problem"),
    [
        pytest.param("+added\n", "has no place", id="no-context"),
        pytest.param(" missing\n+added\n", "occur 0 times", id="context-not-in-file"),
        pytest.param(" same\n+added\n", "occur 2 times", id="context-twice"),
        pytest.param("*first\n", "starts with neither", id="not-a-diff-line"),
    ],
)
def test_a_hunk_that_does_not_fit_is_an_error(diff: str, problem: str) -> None:
    with pytest.raises(RecipeError, match=problem):
        apply_diff("first\nsame\nsame\n", diff)


def test_hunks_apply_in_order_each_after_the_one_before() -> None:
    text = "a\nb\nc\n"
    diff = " a\n-b\n+B\n@@ the next place\n B\n+b2\n c\n"

    assert apply_diff(text, diff) == "a\nB\nb2\nc\n"


def test_a_block_that_is_neither_a_file_nor_commands_is_an_error() -> None:
    markdown = "Some prose:\n\n```python\nprint('where does this go?')\n```\n"

    with pytest.raises(RecipeError, match="names no file"):
        steps(markdown)


def test_a_change_needs_a_diff_block() -> None:
    markdown = "`src/app.py` (change):\n\n```python\nx = 1\n```\n"

    with pytest.raises(RecipeError, match=r"src/app.py \(change\) comes with a 'python' block"):
        steps(markdown)
