"""Reject answers that would render a broken project, before any file is written.

Cookiecutter renders this file with Jinja and runs it inside the half-created project
directory; on a non-zero exit it deletes that directory again. The first problem found
is reported as one ``ERROR:`` line on stderr.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping

# The whole context arrives as one JSON document so that no answer, however odd, can
# break this file's syntax before it has been checked: valid JSON never holds three
# unescaped double quotes in a row, and a raw string pairs backslashes as JSON does.
RENDERED_CONTEXT = r"""{{ cookiecutter | jsonify }}"""

Answers = Mapping[str, object]
Check = Callable[[Answers], str | None]

DEPENDENCY_MODULES = frozenset(
    {
        "flask",
        "werkzeug",
        "jinja2",
        "click",
        "itsdangerous",
        "markupsafe",
        "blinker",
        "sqlalchemy",
        "flask_sqlalchemy",
        "flask_migrate",
        "alembic",
        "flask_login",
        "flask_wtf",
        "wtforms",
        "pydantic",
        "pydantic_core",
        "email_validator",
        "requests",
        "urllib3",
        "responses",
        "pytest",
        "_pytest",
        "pytest_cov",
        "coverage",
        "factory",
        "faker",
        "time_machine",
        "celery",
        "kombu",
        "redis",
        "psycopg",
        "playwright",
        "syrupy",
        "xdist",
        "gunicorn",
        "dotenv",
    }
)

# Names that are taken without being a dependency or listed in sys.stdlib_module_names.
CONVENTIONAL_MODULES: Mapping[str, str] = {
    "tests": "the generated project's own tests package",
    "conftest": "pytest's per-directory plugin modules, conftest.py",
    "test": "CPython's regression-test package 'test'",
    # Besides, tests would read `app` as both the package and the app fixture.
    "app": "'app', the module Flask's CLI imports when no --app is given",
}

# PEP 508 distribution names, matched case-insensitively. Use fullmatch: `$` alone
# accepts a trailing newline.
DISTRIBUTION_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.I)

# PEP 440 appendix B, canonical public versions: how a first release should be spelled.
CANONICAL_VERSION = re.compile(
    r"^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?"
    r"(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$"
)

# Generated lines that import the package are written to fit ruff's line length with
# a name of at most this many characters.
PACKAGE_NAME_MAX_LENGTH = 32

# These characters would end or corrupt the TOML and Python string literals the
# answers are inserted into.
LITERAL_BREAKERS = ('"', "\\")


def check_project_name(value: str) -> str | None:
    return check_literal_text("project_name", value, required=True)


def check_project_slug(value: str) -> str | None:
    if not DISTRIBUTION_NAME.fullmatch(value):
        return (
            f"project_slug {value!r} is not a valid distribution name (PEP 508): "
            "use ASCII letters, digits, '.', '_' and '-', starting and ending with "
            "a letter or digit, e.g. 'my-flask-app'"
        )
    if value != value.lower():
        return f"project_slug {value!r} must be lowercase: use {value.lower()!r}"
    return None


def check_package_name(value: str) -> str | None:
    if not (value.isascii() and value.isidentifier()):
        return (
            f"package_name {value!r} is not a valid Python identifier: use ASCII "
            "letters, digits and underscores, not starting with a digit, "
            "e.g. 'my_flask_app'"
        )
    if len(value) > PACKAGE_NAME_MAX_LENGTH:
        return (
            f"package_name {value!r} is {len(value)} characters long: use at most "
            f"{PACKAGE_NAME_MAX_LENGTH}, e.g. {value[:PACKAGE_NAME_MAX_LENGTH].rstrip('_')!r}"
        )
    if value != value.lower():
        lowercase = value.lower()
        return f"package_name {value!r} must be lowercase (PEP 8): use {lowercase!r}"
    if keyword.iskeyword(value):
        return (
            f"package_name {value!r} is a Python keyword and cannot be imported: "
            f"choose another name, e.g. {'my_' + value!r}"
        )
    return check_package_shadows_nothing(value)


def check_package_shadows_nothing(value: str) -> str | None:
    if value in sys.stdlib_module_names:
        shadowed = f"the standard-library module {value!r}"
    elif value in DEPENDENCY_MODULES:
        shadowed = f"the module {value!r}, which the generated project depends on"
    elif value in CONVENTIONAL_MODULES:
        shadowed = CONVENTIONAL_MODULES[value]
    else:
        return None
    return (
        f"package_name {value!r} would shadow {shadowed}: choose a name specific to "
        f"your project, e.g. {'my_' + value!r}"
    )


def check_description(value: str) -> str | None:
    return check_literal_text("description", value, required=False)


def check_author_name(value: str) -> str | None:
    return check_literal_text("author_name", value, required=True)


def check_author_email(value: str) -> str | None:
    local_part, _, domain = value.partition("@")
    labels = domain.split(".")
    plausible = (
        value.count("@") == 1
        and local_part != ""
        and len(labels) >= 2
        and all(labels)
        and not any(is_unfit_for_email(char) for char in value)
    )
    if plausible:
        return None
    return (
        f"author_email {value!r} is not a plausible email address: use one '@' between "
        "a non-empty name and a dotted domain, without spaces, quotes or backslashes, "
        "e.g. 'jane@example.com'"
    )


def check_version(value: str) -> str | None:
    if CANONICAL_VERSION.fullmatch(value):
        return None
    return (
        f"version {value!r} is not a canonical PEP 440 version: use e.g. '0.1.0', "
        "'1.0.0rc1' or '2.0.0.dev1'"
    )


def check_literal_text(key: str, value: str, *, required: bool) -> str | None:
    if required and not value.strip():
        return f"{key} {value!r} is empty: give a non-blank value"
    if any(char in LITERAL_BREAKERS or is_control(char) for char in value):
        return (
            f"{key} {value!r} contains a double quote, backslash or control character: "
            "it is inserted into TOML and Python string literals, so leave those out"
        )
    return None


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def is_unfit_for_email(char: str) -> bool:
    return char.isspace() or char in LITERAL_BREAKERS or is_control(char)


def check_background_tasks_have_a_job(answers: Answers) -> str | None:
    if answers["background_tasks"] == "celery" and not answers["examples"]:
        return (
            "background_tasks 'celery' needs examples: the only background job is the "
            "example domain's order confirmation, so without it Celery would have nothing "
            "to run; answer examples=true, or background_tasks=none"
        )
    return None


def on_answer(key: str, check: Callable[[str], str | None]) -> Check:
    """Adapt a check of one answer to the table, which hands every check all answers."""

    def check_answer(answers: Answers) -> str | None:
        return check(str(answers[key]))

    return check_answer


# Checked in this order; the first problem stops generation. project_name comes first
# because project_slug and package_name are derived from it. Checks of option
# combinations take the answers directly and belong at the end.
CHECKS: tuple[Check, ...] = (
    on_answer("project_name", check_project_name),
    on_answer("project_slug", check_project_slug),
    on_answer("package_name", check_package_name),
    on_answer("description", check_description),
    on_answer("author_name", check_author_name),
    on_answer("author_email", check_author_email),
    on_answer("version", check_version),
    check_background_tasks_have_a_job,
)


def first_problem(answers: Answers) -> str | None:
    for check in CHECKS:
        problem = check(answers)
        if problem is not None:
            return problem
    return None


def main(rendered_context: str) -> int:
    problem = first_problem(json.loads(rendered_context))
    if problem is None:
        return 0
    print(f"ERROR: {problem}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(RENDERED_CONTEXT))
