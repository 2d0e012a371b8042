"""The template's own Jinja filters, for cookiecutter.json.

cookiecutter.json names this module in `_extensions`; cookiecutter (and cruft) import it
from the template's directory. Its name is specific to this template because a plain
`local_extensions` from another template already imported, or in the directory where
`python -m cookiecutter` runs, would be taken instead.

- `default_project_slug` and `default_package_name` filters: the derived defaults, which
  hooks/pre_gen_project.py defines next to the checks they must pass.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

from jinja2 import Environment
from jinja2.ext import Extension

PRE_GEN_HOOK = Path(__file__).resolve().parent / "hooks" / "pre_gen_project.py"


@functools.cache
def pre_gen_hook() -> ModuleType:
    """hooks/pre_gen_project.py, imported from its raw source (its Jinja is in a string)."""
    spec = importlib.util.spec_from_file_location("flask_tested_pre_gen_project", PRE_GEN_HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TemplateExtension(Extension):
    """Adds the template's filters to cookiecutter's Jinja environment."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        hook = pre_gen_hook()
        environment.filters["default_project_slug"] = hook.default_project_slug
        environment.filters["default_package_name"] = hook.default_package_name
