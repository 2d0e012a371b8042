"""A project created with cruft takes a later change of the template cleanly.

A copy of this template (its files as they are in the working tree) becomes a git repository.
A project is created from its first commit with `cruft create`, committed, and edited by its
"owner"; a second template commit then edits a file, adds one and edits the README, which the
generated pyproject.toml lists in `[tool.cruft] skip`. `cruft update` runs once for the module;
each test reads one concern of the result. cruft exits 0 even when it leaves conflicts behind,
so the tests look for `.rej` files and conflict markers themselves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR, describe

pytestmark = pytest.mark.slow

PROJECT_TEMPLATE = "{{cookiecutter.project_slug}}"
# Lines the second template commit adds; the README's must not arrive (README.md is skipped).
TEMPLATE_EDIT = "Template change: this line arrived with `cruft update`."
SKIPPED_EDIT = "Template change to the README, which the project owns."
NEW_FILE = "docs/upgrading.md"
NEW_FILE_TEXT = "# Upgrading {{ cookiecutter.project_name }}\n"
# What the project's owner adds before updating, away from the lines the template changes.
OWNER_TESTING_NOTE = "\nOur own note: integration tests live in another repository.\n"
OWNER_README = "# My Flask App\n\nThe orders service of our shop.\n"
CONFLICT_MARKERS = ("<<<<<<<", ">>>>>>>")


@dataclass(frozen=True)
class Update:
    """The project after `cruft update`, with what cruft said before, during and after it."""

    project: Path
    second_commit: str
    check_before: subprocess.CompletedProcess[str]
    update: subprocess.CompletedProcess[str]
    check_after: subprocess.CompletedProcess[str]


def run(
    args: list[str], cwd: Path, env: Mapping[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a command; with check, fail the test with its output unless it exits 0."""
    result = subprocess.run(
        args,
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if check:
        returncode = result.returncode  # keeps the CompletedProcess repr out of the message
        assert returncode == 0, describe(result)
    return result


def cruft(*args: str, cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the cruft command line of this virtualenv; the caller checks the exit status."""
    return run([sys.executable, "-m", "cruft", *args], cwd, env, check=False)


def commit_all(repo: Path, message: str, env: Mapping[str, str]) -> str:
    """Commit every change in the repository; gives the new commit's hash."""
    run(["git", "add", "--all"], repo, env)
    run(["git", "commit", "--quiet", "--message", message], repo, env)
    return run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


def working_tree_files() -> list[str]:
    """The template's files as a contributor sees them: tracked and new, minus git's ignores."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # A tracked file deleted in the working tree is listed too; it is not part of the copy.
    return [name for name in listed.split("\0") if name and (TEMPLATE_DIR / name).is_file()]


def copy_template(destination: Path) -> None:
    for name in working_tree_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(TEMPLATE_DIR / name, target)


def insert_after_first_line(path: Path, line: str) -> None:
    first, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(f"{first}\n\n{line}\n{rest}", encoding="utf-8")


def change_template(template: Path) -> None:
    """The second template commit: an edited file, a new rendered file and a README edit."""
    project_template = template / PROJECT_TEMPLATE
    insert_after_first_line(project_template / "TESTING.md", TEMPLATE_EDIT)
    insert_after_first_line(project_template / "README.md", SKIPPED_EDIT)
    new_file = project_template / NEW_FILE
    new_file.parent.mkdir(parents=True, exist_ok=True)
    new_file.write_text(NEW_FILE_TEXT, encoding="utf-8")


def change_project(project: Path) -> None:
    """The owner's edits: their README, and a note at the end of TESTING.md."""
    (project / "README.md").write_text(OWNER_README, encoding="utf-8")
    with (project / "TESTING.md").open("a", encoding="utf-8") as testing:
        testing.write(OWNER_TESTING_NOTE)


@pytest.fixture(scope="module")
def environment(cookiecutter_config: Path) -> dict[str, str]:
    """Variables for git and cruft: a fixed author, no user or system git config."""
    return {
        **os.environ,
        "COOKIECUTTER_CONFIG": str(cookiecutter_config),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Template Tests",
        "GIT_AUTHOR_EMAIL": "template-tests@example.com",
        "GIT_COMMITTER_NAME": "Template Tests",
        "GIT_COMMITTER_EMAIL": "template-tests@example.com",
        # Plain, unwrapped output from cruft's command line.
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "200",
    }


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> Update:
    """A project created from the template's first commit and updated to its second.

    Everything lives in pytest's temporary directories, which pytest cleans up.
    """
    template = tmp_path_factory.mktemp("template")
    copy_template(template)
    run(["git", "init", "--quiet", "--initial-branch=main"], template, environment)
    first_commit = commit_all(template, "The template as it is", environment)

    output_dir = tmp_path_factory.mktemp("projects")
    created = cruft(
        "create", "--no-input", str(template), "--checkout", first_commit,
        "--output-dir", str(output_dir),
        cwd=output_dir, env=environment,
    )  # fmt: skip
    assert created.returncode == 0, describe(created)
    (project,) = output_dir.iterdir()
    run(["git", "init", "--quiet", "--initial-branch=main"], project, environment)
    commit_all(project, "Create the project with cruft", environment)
    change_project(project)
    commit_all(project, "Make the project our own", environment)

    change_template(template)
    second_commit = commit_all(template, "Change the template", environment)
    check_before = cruft("check", cwd=project, env=environment)
    # --allow-untracked-files: caches that tools leave in a project do not block an update.
    update = cruft(
        "update", "--skip-apply-ask", "--allow-untracked-files", cwd=project, env=environment
    )
    check_after = cruft("check", cwd=project, env=environment)
    return Update(project, second_commit, check_before, update, check_after)


def project_files(project: Path) -> list[Path]:
    return [path for path in project.rglob("*") if path.is_file() and ".git" not in path.parts]


def has_conflict_markers(text: str) -> bool:
    return any(marker in text for marker in CONFLICT_MARKERS)


def test_check_reports_the_template_change(updated: Update) -> None:
    assert updated.check_before.returncode == 1, describe(updated.check_before)


def test_update_succeeds(updated: Update) -> None:
    assert updated.update.returncode == 0, describe(updated.update)
    assert "has been updated" in updated.update.stdout


def test_update_records_the_new_template_commit(updated: Update) -> None:
    assert updated.second_commit in (updated.project / ".cruft.json").read_text(encoding="utf-8")


def test_check_passes_after_the_update(updated: Update) -> None:
    assert updated.check_after.returncode == 0, describe(updated.check_after)


def test_edited_template_line_arrives(updated: Update) -> None:
    assert TEMPLATE_EDIT in (updated.project / "TESTING.md").read_text(encoding="utf-8")


def test_owner_edit_in_the_same_file_survives(updated: Update) -> None:
    testing = (updated.project / "TESTING.md").read_text(encoding="utf-8")
    assert testing.endswith(OWNER_TESTING_NOTE)


def test_new_template_file_arrives_rendered_with_the_recorded_answers(updated: Update) -> None:
    new_file = updated.project / NEW_FILE
    assert new_file.read_text(encoding="utf-8") == "# Upgrading My Flask App\n"


def test_skipped_readme_keeps_the_owners_text(updated: Update) -> None:
    assert (updated.project / "README.md").read_text(encoding="utf-8") == OWNER_README


def test_update_leaves_no_rejected_hunks(updated: Update) -> None:
    rejected = [path for path in project_files(updated.project) if path.suffix == ".rej"]
    assert rejected == []


def test_update_leaves_no_conflict_markers(updated: Update) -> None:
    conflicted = [
        path.relative_to(updated.project)
        for path in project_files(updated.project)
        if has_conflict_markers(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert conflicted == []
