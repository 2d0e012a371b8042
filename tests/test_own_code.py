"""The template's own Python keeps the ruff and mypy settings of its pyproject.toml.

Every generated project is held to its own (tests/test_render.py); these hold the template's
tests, benchmark and hooks to the template's, so that CI notices what an editor may not.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import TEMPLATE_DIR, describe
from ruff.__main__ import find_ruff_bin


def run_in_template(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=TEMPLATE_DIR, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.mark.parametrize(
    "arguments",
    [("check", "--no-cache", "."), ("format", "--check", "--no-cache", ".")],
    ids=["lint", "format"],
)
def test_ruff_passes(arguments: tuple[str, ...]) -> None:
    result = run_in_template(find_ruff_bin(), *arguments)
    assert result.returncode == 0, describe(result)


def test_mypy_passes() -> None:
    result = run_in_template(sys.executable, "-m", "mypy")
    assert result.returncode == 0, describe(result)
