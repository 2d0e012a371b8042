"""The template's own Jinja filters and functions, for cookiecutter.json and the project.

cookiecutter.json names this module in `_extensions`; cookiecutter (and cruft) import it
from the template's directory. Its name is specific to this template because a plain
`local_extensions` from another template already imported, or in the directory where
`python -m cookiecutter` runs, would be taken instead.

- `default_project_slug` and `default_package_name` filters: the derived defaults, which
  hooks/pre_gen_project.py defines next to the checks they must pass.
- `python_constant(name, text)`: a module-level string constant laid out as `ruff format`
  lays it out within the generated project's line length, for text of any length.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from types import ModuleType

from jinja2 import Environment
from jinja2.ext import Extension

PRE_GEN_HOOK = Path(__file__).resolve().parent / "hooks" / "pre_gen_project.py"

# `line-length` in the generated pyproject.toml's [tool.ruff].
LINE_LENGTH = 99
INDENT = "    "

# A word with the spaces after it, or the spaces the text starts with.
WORD = re.compile(r"\S+\s*|\s+")


@functools.cache
def pre_gen_hook() -> ModuleType:
    """hooks/pre_gen_project.py, imported from its raw source (its Jinja is in a string)."""
    spec = importlib.util.spec_from_file_location("flask_tested_pre_gen_project", PRE_GEN_HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def python_string(text: str) -> str:
    """text as a double-quoted Python literal in ASCII: other characters are escaped.

    Escapes keep the generated source free of what ruff flags in a literal (characters
    that look like ASCII ones, bidirectional controls) and make its width its length.
    """
    escaped = text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return f'"{escaped}"'


def python_string_lines(text: str, width: int) -> list[str]:
    """text as literals of at most width characters, split after a word where one fits."""
    chunks: list[str] = []
    current = ""
    for word in WORD.findall(text):
        # A word wider than a line is split between characters.
        pieces = [word] if len(python_string(word)) <= width else list(word)
        for piece in pieces:
            if current and len(python_string(current + piece)) > width:
                chunks.append(current)
                current = ""
            current += piece
    chunks.append(current)
    return [python_string(chunk) for chunk in chunks]


def python_constant(name: str, text: str) -> str:
    """`name = "text"` at module level, as ruff format writes it within LINE_LENGTH.

    On one line if it fits; otherwise the literal in parentheses on a line of its own,
    or, when even that is too long, split into implicitly concatenated literals (which
    ruff format keeps, since joined they would not fit).
    """
    one_line = f"{name} = {python_string(text)}"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    lines = python_string_lines(text, LINE_LENGTH - len(INDENT))
    body = "".join(f"{INDENT}{line}\n" for line in lines)
    return f"{name} = (\n{body})"


class TemplateExtension(Extension):
    """Adds the template's filters and functions to cookiecutter's Jinja environment."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        hook = pre_gen_hook()
        environment.filters["default_project_slug"] = hook.default_project_slug
        environment.filters["default_package_name"] = hook.default_package_name
        environment.globals["python_constant"] = python_constant
