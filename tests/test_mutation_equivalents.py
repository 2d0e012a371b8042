"""The equivalent mutants a generated project lists (mutation-equivalents.toml) are real.

mutmut names a mutant by its function and a number in that function. Change the function and
the numbers move: a listed name would then excuse another mutant, or none, and the list would
quietly stop meaning anything. So, for every combination, mutmut's own generator makes the
mutants of each listed file (no test runs: about a second a file), and each entry must name
one of them whose diff adds the entry's line. bench/mutation.py runs the suite against them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from equivalents import Equivalent, module_of, read_equivalents, source_file
from mutmut.configuration import reset_config
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.mutation.file_mutation import mutate_file_contents

if TYPE_CHECKING:
    from conftest import RenderedProject


def added_lines(project: RenderedProject, entry: Equivalent) -> list[str] | None:
    """The lines the named mutant adds to its function, or None when there is no such mutant."""
    path = source_file(module_of(entry.mutant), project.path / "src")
    mutated = mutate_file_contents(str(path), path.read_text(encoding="utf-8"))
    name = entry.mutant.rpartition(".")[2]
    if name not in mutated.mutant_names:
        return None
    diff = get_diff_for_mutant(name, source=mutated.code, path=str(path)).splitlines()
    return [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]


def test_every_listed_mutant_exists_and_changes_the_listed_line(
    project: RenderedProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    # mutmut reads its settings from the project's pyproject.toml, in the working directory.
    monkeypatch.chdir(project.path)
    reset_config()
    wrong = {}
    for entry in read_equivalents(project.path):
        added = added_lines(project, entry)
        if added is None:
            wrong[entry.mutant] = "mutmut makes no mutant of this name"
        elif entry.line not in added:
            wrong[entry.mutant] = f"it adds {added}, not {entry.line!r}"
    assert wrong == {}


def test_every_listed_mutant_has_a_reason_and_is_listed_once(project: RenderedProject) -> None:
    entries = read_equivalents(project.path)
    assert [entry.mutant for entry in entries if not entry.reason.strip()] == []
    names = [entry.mutant for entry in entries]
    assert sorted(names) == sorted(set(names))
