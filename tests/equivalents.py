"""The generated project's list of equivalent mutants (mutation-equivalents.toml), read.

Shared by bench/mutation.py, which counts them in its report, and by
tests/test_mutation_equivalents.py, which checks that each still names a real mutant.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

EQUIVALENTS_FILE = "mutation-equivalents.toml"


@dataclass(frozen=True)
class Equivalent:
    """A survivor the project explains: the line its mutant adds, and why no test can notice."""

    mutant: str
    line: str
    reason: str


def read_equivalents(project: Path) -> list[Equivalent]:
    """The entries of the project's list, in the file's order."""
    document = tomllib.loads((project / EQUIVALENTS_FILE).read_text(encoding="utf-8"))
    return [Equivalent(**entry) for entry in document.get("equivalent", [])]


def module_of(mutant: str) -> str:
    """'pkg.api.avatars.x_image_extension__mutmut_3' -> 'pkg.api.avatars'."""
    return mutant.rpartition(".")[0]


def source_file(module: str, source_root: Path) -> Path:
    """The file of a module under source_root: 'pkg.api' -> pkg/api/__init__.py."""
    path = source_root.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
