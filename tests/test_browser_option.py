"""The `browser_tests` option: Playwright, its tests and its CI steps exist only when chosen.

The HTML views and their test-client tests are generated either way; only the browser layer
comes and goes.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import describe, venv_bin

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import ProjectEnv, RenderedProject

BROWSER_TEST_FILE = "tests/views/test_browser.py"
BROWSER_NAMES = ("playwright", "chromium", "live_server")
# The generated tests/views/conftest.py's reason for skipping the browser tests.
NO_BROWSER = "no Chromium for the browser tests: run `playwright install chromium`"


def browser_chosen(project: RenderedProject) -> bool:
    return bool(project.answers["browser_tests"])


def test_browser_test_file_only_when_chosen(project: RenderedProject) -> None:
    assert (project.path / BROWSER_TEST_FILE).exists() is browser_chosen(project)


def test_views_and_their_tests_are_always_generated(project: RenderedProject) -> None:
    for path in ("views/auth.py", "templates/views/login.html"):
        assert (project.path / "src" / project.package / path).is_file()
    assert (project.path / "tests/views/test_auth.py").is_file()


def test_nothing_of_the_browser_layer_is_left_without_it(project: RenderedProject) -> None:
    if browser_chosen(project):
        return
    mentions = [
        f"{relative}: {name}"
        for relative in project.files
        if relative.suffix in {".py", ".toml", ".yml", ".md"}
        for name in BROWSER_NAMES
        if name in (project.path / relative).read_text(encoding="utf-8").lower()
    ]
    assert mentions == []


def test_pytest_settings_follow_the_option(project: RenderedProject) -> None:
    with (project.path / "pyproject.toml").open("rb") as file:
        pyproject = tomllib.load(file)
    test_group = pyproject["dependency-groups"]["test"]
    markers = pyproject["tool"]["pytest"]["ini_options"].get("markers", [])
    addopts = pyproject["tool"]["pytest"]["ini_options"]["addopts"]
    chosen = browser_chosen(project)
    assert any(dep.startswith("pytest-playwright") for dep in test_group) is chosen
    assert any(marker.startswith("browser:") for marker in markers) is chosen
    assert ("--screenshot=only-on-failure" in addopts) is chosen


def test_workflow_installs_the_browser_and_keeps_failure_screenshots(
    project: RenderedProject,
) -> None:
    workflow = yaml.safe_load((project.path / ".github/workflows/ci.yml").read_text("utf-8"))
    steps = workflow["jobs"]["test"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uploads = [step["with"]["path"] for step in steps if "upload-artifact" in step.get("uses", "")]
    chosen = browser_chosen(project)
    assert ("playwright install --with-deps chromium" in runs) is chosen
    assert ("test-results/screenshots/" in uploads) is chosen


@pytest.mark.slow
@pytest.mark.parametrize("combination", ["default"], indirect=True)
def test_browser_tests_skip_in_one_line_without_a_browser(
    readme_env: ProjectEnv, tmp_path: Path
) -> None:
    """No Chromium anywhere: the browser tests are skipped, and one line says how to get one."""
    no_browser = replace(
        readme_env,
        environment={
            **readme_env.environment,
            "CHROMIUM_PATH": "",
            # Neither a system chromium on PATH nor one that `playwright install` left.
            "PATH": str(venv_bin(readme_env.venv)),
            "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path),
        },
    )
    result = no_browser.run("pytest", "--no-cov", "-p", "no:randomly", "-m", "browser", check=False)
    skip_lines = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert result.returncode == 0, describe(result)
    assert " passed" not in result.stdout, describe(result)
    assert len(skip_lines) == 1, describe(result)
    assert NO_BROWSER in skip_lines[0], describe(result)
