"""What a rendered project contains, for every supported combination.

Each test reads one concern of the rendered tree; the linters run from the generated project's
own virtualenv so that its pyproject.toml settings are the ones that apply.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import pytest
import yaml

if TYPE_CHECKING:
    from conftest import ProjectEnv, RenderedProject

EXPECTED_FILES = (
    "pyproject.toml",
    "README.md",
    "TESTING.md",
    ".env.example",
    ".gitignore",
    ".cookiecutter.json",
    ".github/workflows/ci.yml",
    "src/{package}/__init__.py",
    "src/{package}/config.py",
    "src/{package}/extensions.py",
    "src/{package}/models.py",
    "src/{package}/cli.py",
    "src/{package}/api/__init__.py",
    "tests/conftest.py",
    "tests/factories.py",
    "tests/api/conftest.py",
)

LEFTOVER_MARKERS = ("{{", "{%", "cookiecutter.")
# GitHub Actions expressions, which legitimately use `${{ ... }}` in workflow files.
WORKFLOW_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def text_of(path: Path) -> str | None:
    """A file's text, or None for a binary file."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def is_flask_template(relative: PurePath) -> bool:
    """Whether a file is a Flask Jinja template, copied without rendering."""
    return "templates" in relative.parts[:-1]


def is_workflow(relative: PurePath) -> bool:
    """Whether a file is a GitHub Actions workflow."""
    return relative.parent == PurePath(".github/workflows") and relative.suffix in {".yml", ".yaml"}


def leftovers_in(relative: PurePath, text: str) -> list[str]:
    """`file:line: marker` for each unrendered template marker the file may not contain."""
    markers = ("cookiecutter.",) if is_flask_template(relative) else LEFTOVER_MARKERS
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        searched = WORKFLOW_EXPRESSION.sub("", line) if is_workflow(relative) else line
        found += [f"{relative}:{number}: {marker}" for marker in markers if marker in searched]
    return found


def files_with_suffix(project: RenderedProject, *suffixes: str) -> list[Path]:
    """The generated files whose names end in one of the suffixes."""
    return [project.path / f for f in project.files if f.suffix in suffixes]


def load_pyproject(project: RenderedProject) -> dict[str, Any]:
    """The generated pyproject.toml."""
    with (project.path / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def generated_addopts(project: RenderedProject) -> list[str]:
    """The generated project's pytest addopts, as a list whichever way they are written."""
    addopts = load_pyproject(project)["tool"]["pytest"]["ini_options"].get("addopts", [])
    return addopts.split() if isinstance(addopts, str) else list(addopts)


def test_renders_into_slug_directory(project: RenderedProject) -> None:
    assert project.path.name == project.slug


def test_expected_files_present(project: RenderedProject) -> None:
    expected = {PurePath(name.format(package=project.package)) for name in EXPECTED_FILES}
    assert sorted(map(str, expected - set(project.files))) == []


def test_license_file_only_when_licensed(project: RenderedProject) -> None:
    licensed = project.answers["license"] != "Proprietary"
    assert (project.path / "LICENSE").is_file() == licensed


def test_no_unrendered_template_syntax(project: RenderedProject) -> None:
    found = []
    for relative in project.files:
        text = text_of(project.path / relative)
        if text is not None:
            found += leftovers_in(relative, text)
    assert found == []


def test_python_files_compile(project: RenderedProject) -> None:
    errors = []
    for path in files_with_suffix(project, ".py"):
        try:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")
        except SyntaxError as exc:
            errors.append(f"{path.relative_to(project.path)}: {exc}")
    assert errors == []


def test_toml_files_parse(project: RenderedProject) -> None:
    errors = []
    for path in files_with_suffix(project, ".toml"):
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            errors.append(f"{path.relative_to(project.path)}: {exc}")
    assert errors == []


def test_yaml_files_parse(project: RenderedProject) -> None:
    errors = []
    for path in files_with_suffix(project, ".yml", ".yaml"):
        try:
            yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            errors.append(f"{path.relative_to(project.path)}: {exc}")
    assert errors == []


def test_project_name_is_slug(project: RenderedProject) -> None:
    assert load_pyproject(project)["project"]["name"] == project.slug


def test_coverage_measures_the_package(project: RenderedProject) -> None:
    coverage_run = load_pyproject(project)["tool"].get("coverage", {}).get("run", {})
    targets = {
        *coverage_run.get("source", []),
        *(opt.removeprefix("--cov=") for opt in generated_addopts(project)),
    }
    assert project.package in targets


def test_coverage_measures_branches(project: RenderedProject) -> None:
    assert load_pyproject(project)["tool"]["coverage"]["run"]["branch"] is True


def test_coverage_has_fail_under_gate(project: RenderedProject) -> None:
    assert load_pyproject(project)["tool"]["coverage"]["report"]["fail_under"] > 0


def test_pytest_addopts_enable_coverage(project: RenderedProject) -> None:
    assert any(opt.startswith("--cov") for opt in generated_addopts(project))


def test_pytest_turns_warnings_into_errors(project: RenderedProject) -> None:
    ini_options = load_pyproject(project)["tool"]["pytest"]["ini_options"]
    assert ini_options["filterwarnings"][0] == "error"


def test_ruff_check_clean(dev_env: ProjectEnv) -> None:
    dev_env.run("ruff", "check", "--no-cache", ".")


def test_ruff_format_clean(dev_env: ProjectEnv) -> None:
    dev_env.run("ruff", "format", "--check", "--no-cache", ".")


@pytest.mark.slow
def test_mypy_passes(dev_env: ProjectEnv) -> None:
    dev_env.run("mypy", "src")
