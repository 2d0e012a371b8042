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

# python-slugify is a dependency of cookiecutter, so it is there wherever this hook runs.
from slugify import slugify

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

# An email address as the generated project's build backend (hatchling, through Python's
# email.headerregistry) writes it into the metadata: the part before the '@' an ASCII
# dot-atom (RFC 5322), each label of the domain free of whitespace, controls and the
# characters that delimit parts of an address.
EMAIL_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL_LOCAL_PART = re.compile(rf"{EMAIL_ATOM}(\.{EMAIL_ATOM})*")
EMAIL_DOMAIN_LABEL = re.compile(r'[^\s\x00-\x1f\x7f-\x9f()<>\[\]:;@\\,."]+')

# PEP 440 appendix B, canonical public versions: how a first release should be spelled.
CANONICAL_VERSION = re.compile(
    r"^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?"
    r"(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$"
)

# Generated lines that import the package are written to fit ruff's line length with
# a name of at most this many characters.
PACKAGE_NAME_MAX_LENGTH = 32

# Windows keeps a path to at most 259 characters unless long paths are enabled, which git
# for Windows does not do by default. With the longest package name, the deepest generated
# file's bytecode (__pycache__) lies 104 characters below the project's directory, so a
# slug of at most this many characters leaves 90 for the folder the project is put in.
PROJECT_SLUG_MAX_LENGTH = 64

# Device names that Windows refuses as a file or directory name, in any case and with any
# extension ("nul.app" is the device NUL):
# https://learn.microsoft.com/windows/win32/fileio/naming-a-file. Its other refusals (COM¹,
# CONIN$, "<>:|?*", a trailing dot or space) cannot be spelled in a valid slug or package.
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{digit}" for digit in "0123456789"}
    | {f"lpt{digit}" for digit in "0123456789"}
)

# The default slug and package of a project_name with no letter or digit in ASCII
# (emoji or punctuation only).
FALLBACK_PROJECT_SLUG = "my-flask-app"
# Put in front of a derived name that would be refused as it is: a Windows device name, a
# keyword, a shadowed module, a leading digit.
DERIVED_NAME_PREFIX = "my"

# The most CI jobs the generated workflow splits the test suite over (ci_shards). Past a few
# shards each job spends more time installing than testing; 16 leaves room for a big suite.
CI_SHARDS_MAX = 16
# ci_shards as it is written: a whole number without sign, spaces or leading zeros.
CI_SHARDS = re.compile(r"[1-9][0-9]*")

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
    if len(value) > PROJECT_SLUG_MAX_LENGTH:
        return (
            f"project_slug {value!r} is {len(value)} characters long: use at most "
            f"{PROJECT_SLUG_MAX_LENGTH} (Windows limits the length of a path), "
            f"e.g. {default_project_slug(value)!r}"
        )
    if is_windows_device_name(value):
        return windows_device_problem("project_slug", value, prefixed(value.lower(), "-"))
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
            f"{PACKAGE_NAME_MAX_LENGTH}, e.g. {default_package_name(value)!r}"
        )
    if is_windows_device_name(value):
        return windows_device_problem("package_name", value, prefixed(value.lower(), "_"))
    if value != value.lower():
        return (
            f"package_name {value!r} must be lowercase (PEP 8): use {default_package_name(value)!r}"
        )
    if keyword.iskeyword(value):
        return (
            f"package_name {value!r} is a Python keyword and cannot be imported: "
            f"choose another name, e.g. {prefixed(value, '_')!r}"
        )
    return check_package_shadows_nothing(value)


def is_windows_device_name(value: str) -> bool:
    return value.partition(".")[0].lower() in WINDOWS_DEVICE_NAMES


def windows_device_problem(key: str, value: str, suggestion: str) -> str:
    device = value.partition(".")[0].upper()
    return (
        f"{key} {value!r} names the device {device} on Windows (an extension does not "
        f"change that), so it cannot be a directory there: choose another name, "
        f"e.g. {suggestion!r}"
    )


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
        f"your project, e.g. {prefixed(value, '_')!r}"
    )


# The defaults of project_slug and package_name (cookiecutter.json derives them with these
# functions, through the template's Jinja extension, flask_tested_jinja.py). Each is valid
# whatever it is derived from: the derivations ask the checks above and put the prefix in
# front of a name they refuse. (The checks ask a derivation back only for a name that is
# too long or not lowercase, which no derived name is.)


def default_project_slug(project_name: str) -> str:
    """project_name in lowercase ASCII words joined by '-', at most as long as a package name.

    Letters are transliterated ('Café' gives 'cafe'), anything else separates words, and
    a long name is cut after a whole word.
    """
    slug = shorten(slugify(project_name), PACKAGE_NAME_MAX_LENGTH, "-") or FALLBACK_PROJECT_SLUG
    return slug if check_project_slug(slug) is None else prefixed(slug, "-")


def default_package_name(project_slug: str) -> str:
    """project_slug's words joined by '_', prefixed where the name alone would be refused."""
    package = shorten(slugify(project_slug, separator="_"), PACKAGE_NAME_MAX_LENGTH, "_")
    package = package or FALLBACK_PROJECT_SLUG.replace("-", "_")
    return package if check_package_name(package) is None else prefixed(package, "_")


def prefixed(name: str, separator: str) -> str:
    """DERIVED_NAME_PREFIX and name, cut to fit the length of a package name."""
    prefix = DERIVED_NAME_PREFIX + separator
    return prefix + shorten(name, PACKAGE_NAME_MAX_LENGTH - len(prefix), separator)


def shorten(name: str, limit: int, separator: str) -> str:
    """name cut to at most limit characters: after the last whole word that fits, if any."""
    if len(name) <= limit:
        return name
    # One character more, so that a word ending exactly at the limit is kept.
    whole_words = name[: limit + 1].rpartition(separator)[0]
    return whole_words or name[:limit]


def check_description(value: str) -> str | None:
    return check_literal_text("description", value, required=False)


def check_author_name(value: str) -> str | None:
    return check_literal_text("author_name", value, required=True)


def check_author_email(value: str) -> str | None:
    if (problem := check_encodable("author_email", value)) is not None:
        return problem
    local_part, _, domain = value.partition("@")
    labels = domain.split(".")
    plausible = (
        EMAIL_LOCAL_PART.fullmatch(local_part) is not None
        and len(labels) >= 2
        and all(EMAIL_DOMAIN_LABEL.fullmatch(label) for label in labels)
    )
    if plausible:
        return None
    return (
        f"author_email {value!r} is not a plausible email address: use one '@' between "
        "an ASCII name (letters, digits, !#$%&'*+-/=?^_`{|}~ and dots between them) and "
        "a dotted domain without spaces, quotes or brackets, e.g. 'jane@example.com'"
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
    if (problem := check_encodable(key, value)) is not None:
        return problem
    if any(char in LITERAL_BREAKERS or is_control(char) for char in value):
        return (
            f"{key} {value!r} contains a double quote, backslash or control character: "
            "it is inserted into TOML and Python string literals, so leave those out"
        )
    return None


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def check_encodable(key: str, value: str) -> str | None:
    surrogates = [char for char in value if unicodedata.category(char) == "Cs"]
    if not surrogates:
        return None
    return (
        f"{key} {value!r} contains {surrogates[0]!r}, a lone surrogate (how Python keeps a "
        "byte that is not UTF-8), which no file can hold: give the answer as UTF-8 text"
    )


def check_ci_shards(value: str) -> str | None:
    if CI_SHARDS.fullmatch(value) and int(value) <= CI_SHARDS_MAX:
        return None
    return (
        f"ci_shards {value!r} is not a whole number from 1 to {CI_SHARDS_MAX}: it is how many "
        "CI jobs run the test suite, each a share of it, e.g. '1' (one job) or '3'"
    )


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
    on_answer("ci_shards", check_ci_shards),
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
