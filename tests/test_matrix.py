"""The option matrix: which combinations are baked, and which the pre-gen hook refuses.

Every pair of option values must appear together in at least one baked combination, unless a
rule in UNSUPPORTED forbids that pair; every rule in UNSUPPORTED must be refused at generation.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
from conftest import COMBINATIONS, TEMPLATE_DIR, UNSUPPORTED, answers_for

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    from conftest import Combination

Assignment = tuple[str, Any]
Pair = tuple[Assignment, Assignment]


def option_values() -> dict[str, list[Any]]:
    """Every option of cookiecutter.json with a fixed set of values: choices and booleans."""
    prompts = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text(encoding="utf-8"))
    options: dict[str, list[Any]] = {}
    for key, default in prompts.items():
        if key.startswith("_"):  # cookiecutter's own settings, not prompts
            continue
        if isinstance(default, bool):
            options[key] = [default, not default]
        elif isinstance(default, list):
            options[key] = default
    return options


def pairs_in(answers: Mapping[str, Any], options: Mapping[str, list[Any]]) -> Iterator[Pair]:
    """The pairs of option values that a full set of answers contains."""
    for first, second in itertools.combinations(sorted(options), 2):
        yield (first, answers[first]), (second, answers[second])


def forbidden(rule: Combination) -> dict[str, Any]:
    """A rule's values as cookiecutter reads them (the string "false" becomes False)."""
    answers = answers_for(rule)
    return {key: answers[key] for key in rule.extra_context}


def breaks_a_rule(assignments: Mapping[str, Any]) -> bool:
    """Whether these values include every value of some unsupported rule."""
    return any(
        all(assignments.get(key) == value for key, value in forbidden(rule).items())
        for rule in UNSUPPORTED
    )


def test_option_values_are_read_from_cookiecutter_json() -> None:
    options = option_values()

    assert options["database"] == ["sqlite", "postgresql"]
    assert options["examples"] == [True, False]


def test_combination_ids_are_unique() -> None:
    ids = [combination.id for combination in (*COMBINATIONS, *UNSUPPORTED)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda combination: combination.id)
def test_each_combination_is_supported(combination: Combination) -> None:
    assert not breaks_a_rule(answers_for(combination))


def test_every_supported_pair_of_option_values_is_baked() -> None:
    options = option_values()
    wanted = {
        ((first, first_value), (second, second_value))
        for first, second in itertools.combinations(sorted(options), 2)
        for first_value in options[first]
        for second_value in options[second]
        if not breaks_a_rule({first: first_value, second: second_value})
    }
    baked = {pair for c in COMBINATIONS for pair in pairs_in(answers_for(c), options)}

    assert sorted(wanted - baked, key=repr) == []


@pytest.mark.parametrize("rule", UNSUPPORTED, ids=lambda rule: rule.id)
def test_unsupported_combination_is_refused(rule: Combination, tmp_path: Path) -> None:
    answers = [f"{key}={value}" for key, value in rule.extra_context.items()]
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "-o", str(tmp_path)]
    result = subprocess.run(
        [*command, str(TEMPLATE_DIR), *answers], capture_output=True, text=True, check=False
    )

    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR:")]
    assert result.returncode != 0
    assert len(errors) == 1, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_readme_option_table_has_a_row_per_prompt() -> None:
    """README.md's table of prompts names each key of cookiecutter.json, in its order."""
    prompts = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text(encoding="utf-8"))
    readme = (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip().strip("`") for line in readme.splitlines() if "|" in line]
    keys = [key for key in prompts if not key.startswith("_")]
    assert [row for row in rows if row in prompts] == keys
