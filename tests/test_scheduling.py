"""Which unit of work each template test belongs to under `pytest -n auto` (tests/conftest.py)."""

from __future__ import annotations

import pytest
from conftest import CombinationScheduling, combination_of


@pytest.mark.parametrize(
    ("nodeid", "combination"),
    [
        ("tests/test_generated_suite.py::test_suite_passes[default]", "default"),
        ("tests/test_render.py::test_ruff_check_passes[postgresql]", "postgresql"),
        # The longest combination id that fits wins over its prefix and its suffix.
        ("tests/test_render.py::test_x[postgresql-no-examples]", "postgresql-no-examples"),
        ("tests/test_render.py::test_x[postgresql-no-examples-proprietary]",
         "postgresql-no-examples-proprietary"),
        # Another parameter before or after the combination's id.
        ("tests/test_generated_suite.py::test_partial[one-file-default]", "default"),
        ("tests/test_generated_suite.py::test_partial[celery-k]", "celery"),
        # A parameter that only starts like a combination's id is not one.
        ("tests/test_hooks.py::test_slug[defaults]", None),
        ("tests/test_hooks.py::test_slug[celery2]", None),
        ("tests/test_matrix.py::test_every_pair_is_covered", None),
    ],
)  # fmt: skip
def test_combination_of(nodeid: str, combination: str | None) -> None:
    assert combination_of(nodeid) == combination


@pytest.mark.parametrize(
    ("nodeid", "scope"),
    [
        ("tests/test_generated_suite.py::test_suite_passes[py313-minimal]", "py313-minimal"),
        ("tests/test_render.py::test_mypy_passes[py313-minimal]", "py313-minimal"),
        # Without a combination, the module is the unit, as with --dist=loadfile.
        ("tests/test_hooks.py::test_slug[my app]", "tests/test_hooks.py"),
        ("tests/test_cruft.py::TestUpdate::test_update", "tests/test_cruft.py"),
    ],
)
def test_tests_of_one_combination_share_a_scope(nodeid: str, scope: str) -> None:
    # _split_scope is called unbound: it reads nothing of the scheduler's state.
    assert CombinationScheduling._split_scope(None, nodeid) == scope  # type: ignore[arg-type]
