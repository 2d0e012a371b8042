"""The `browser_tests` option: Playwright, its tests and its CI steps exist only when chosen.

The HTML views and their test-client tests are generated either way; only the browser layer
comes and goes.
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from conftest import RenderedProject

BROWSER_TEST_FILE = "tests/views/test_browser.py"
BROWSER_NAMES = ("playwright", "chromium", "live_server")


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
    test_extra = pyproject["project"]["optional-dependencies"]["test"]
    markers = pyproject["tool"]["pytest"]["ini_options"].get("markers", [])
    addopts = pyproject["tool"]["pytest"]["ini_options"]["addopts"]
    chosen = browser_chosen(project)
    assert any(dep.startswith("pytest-playwright") for dep in test_extra) is chosen
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
