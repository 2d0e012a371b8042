"""The template's hooks and Jinja extension: their helpers one by one, then the real generation.

The hooks are Jinja templates of Python files. Their raw source is still importable Python,
so the helpers are unit-tested from the raw files; the end-to-end tests let cookiecutter
render and run them. The Jinja extension (flask_tested_jinja.py) derives cookiecutter.json's
defaults with the pre-gen hook's functions and lays out the generated string constants.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import itertools
import json
import keyword
import os
import runpy
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path, PurePath
from types import ModuleType
from typing import Any

import pytest
from conftest import Combination, answers_for
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter
from cookiecutter.utils import create_env_with_context

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
HOOKS_DIR = TEMPLATE_DIR / "hooks"


def derived_answers(**answers: str) -> dict[str, Any]:
    """What `--no-input` answers with these answers given, defaults derived from them included.

    Without cookiecutter's private "_" keys.
    """
    derived = answers_for(Combination("given", answers))
    return {key: value for key, value in derived.items() if not key.startswith("_")}


DEFAULT_ANSWERS: Mapping[str, Any] = derived_answers()

# SHA-256 of LICENSE rendered for author "Jane Doe". MIT and BSD-3-Clause are the SPDX texts
# as uv and Flask ship them, with the copyright line "Copyright (c) Jane Doe"; Apache-2.0 is
# byte for byte https://www.apache.org/licenses/LICENSE-2.0.txt. A change here must be a
# deliberate change of license text.
LICENSE_SHA256: Mapping[str, str] = {
    "MIT": "ee0e78c1acc4fdd1ba1fe9a8eec0a686e17d339b62c9324286ecb3ca7b7c2436",
    "BSD-3-Clause": "59c17e937f87fc83bc0178b0bf77c5e8e453d2004065945eb50740527656c374",
    "Apache-2.0": "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30",
}


def load_module(path: Path) -> ModuleType:
    """Import a Python file that is not on sys.path, e.g. a raw (unrendered) hook."""
    spec = importlib.util.spec_from_file_location(f"raw_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_hook(name: str) -> ModuleType:
    """Import a raw (unrendered) hook file as a module."""
    return load_module(HOOKS_DIR / f"{name}.py")


@pytest.fixture(scope="module")
def pre_gen() -> ModuleType:
    """hooks/pre_gen_project.py, imported from its raw source."""
    return load_hook("pre_gen_project")


@pytest.fixture(scope="module")
def post_gen() -> ModuleType:
    """hooks/post_gen_project.py, imported from its raw source."""
    return load_hook("post_gen_project")


@pytest.fixture(scope="module")
def jinja_extension() -> ModuleType:
    """flask_tested_jinja.py, the template's Jinja extension, imported from its file."""
    return load_module(TEMPLATE_DIR / "flask_tested_jinja.py")


def answers_with(**changes: str) -> dict[str, Any]:
    return {**DEFAULT_ANSWERS, **changes}


# Answers that choose every optional file, so that only the license decides what is removed.
EVERY_FILE_CHOSEN: Mapping[str, Any] = {
    "examples": True,
    "background_tasks": "celery",
    "docker": True,
    "ci_shards": "3",
}


def license_answers(license_name: str) -> dict[str, Any]:
    return {**answers_with(license=license_name), **EVERY_FILE_CHOSEN}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("ERROR:")]


# --- pre_gen_project: one check per answer --------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["my_flask_app", "flaskr", "blog2", "orders_api", "_internal", "match", "flask2", "a" * 32,
     "com10", "lpt", "console", "nul_app", "my_con", "auxiliary"],
)  # fmt: skip
def test_package_name_accepted(pre_gen: ModuleType, name: str) -> None:
    assert pre_gen.check_package_name(name) is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        pytest.param("my-app", "not a valid Python identifier", id="hyphen"),
        pytest.param("2fast", "not a valid Python identifier", id="leading-digit"),
        pytest.param("", "not a valid Python identifier", id="empty"),
        pytest.param("café", "not a valid Python identifier", id="non-ascii"),
        pytest.param("MyApp", "must be lowercase", id="uppercase"),
        pytest.param("a" * 33, "33 characters long: use at most 32", id="too-long"),
        pytest.param("class", "Python keyword", id="keyword-class"),
        pytest.param("import", "Python keyword", id="keyword-import"),
        pytest.param("json", "standard-library module 'json'", id="stdlib-json"),
        pytest.param("logging", "standard-library module 'logging'", id="stdlib-logging"),
        pytest.param("flask", "generated project depends on", id="dependency-flask"),
        pytest.param("sqlalchemy", "generated project depends on", id="dependency-sqlalchemy"),
        pytest.param("pytest", "generated project depends on", id="dependency-pytest"),
        pytest.param("_pytest", "generated project depends on", id="dependency-_pytest"),
        pytest.param("factory", "generated project depends on", id="dependency-factory-boy"),
        pytest.param("tests", "own tests package", id="convention-tests"),
        pytest.param("test", "regression-test package", id="convention-test"),
        pytest.param("conftest", "conftest.py", id="convention-conftest"),
        pytest.param("app", "Flask's CLI", id="convention-app"),
        pytest.param("nul", "names the device NUL on Windows", id="windows-device"),
        pytest.param("CON", "names the device CON on Windows", id="windows-device-uppercase"),
    ],
)
def test_package_name_rejected(pre_gen: ModuleType, name: str, reason: str) -> None:
    message = pre_gen.check_package_name(name)
    assert message is not None
    assert f"package_name {name!r}" in message
    assert reason in message


def test_listed_dependency_modules_are_importable_names(pre_gen: ModuleType) -> None:
    # A misspelt entry (a distribution name such as "factory-boy") would protect nothing.
    names: frozenset[str] = pre_gen.DEPENDENCY_MODULES | frozenset(pre_gen.CONVENTIONAL_MODULES)
    assert [name for name in sorted(names) if not name.isidentifier()] == []


@pytest.mark.parametrize(
    "slug",
    ["my-flask-app", "flaskr", "a", "my.app", "orders_api", "v2", "a" * 64, "con-app", "com10",
     "my.con", "nul_app", "lpt", "auxiliary"],
)  # fmt: skip
def test_project_slug_accepted(pre_gen: ModuleType, slug: str) -> None:
    assert pre_gen.check_project_slug(slug) is None


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        pytest.param("my app", "not a valid distribution name", id="space"),
        pytest.param("-my-app", "not a valid distribution name", id="leading-dash"),
        pytest.param("my-app.", "not a valid distribution name", id="trailing-dot"),
        pytest.param("my/app", "not a valid distribution name", id="slash"),
        pytest.param("", "not a valid distribution name", id="empty"),
        pytest.param("café", "not a valid distribution name", id="non-ascii"),
        pytest.param("my-app\n", "not a valid distribution name", id="trailing-newline"),
        pytest.param("My-App", "must be lowercase: use 'my-app'", id="uppercase"),
        pytest.param("a" * 65, "65 characters long: use at most 64", id="too-long"),
        pytest.param("con", "names the device CON on Windows", id="windows-device"),
        pytest.param("nul.app", "names the device NUL on Windows", id="windows-device-with-ext"),
        pytest.param("Aux", "names the device AUX on Windows", id="windows-device-capitalized"),
    ],
)
def test_project_slug_rejected(pre_gen: ModuleType, slug: str, reason: str) -> None:
    message = pre_gen.check_project_slug(slug)
    assert message is not None
    assert f"project_slug {slug!r}" in message
    assert reason in message


# Microsoft's list (https://learn.microsoft.com/windows/win32/fileio/naming-a-file), less
# COM¹-COM³ and LPT¹-LPT³, which no slug or package name can spell.
WINDOWS_DEVICES = ["CON", "PRN", "AUX", "NUL"] + [
    f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789"
]


@pytest.mark.parametrize("device", WINDOWS_DEVICES)
@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.capitalize])
def test_windows_device_names_are_refused(
    pre_gen: ModuleType, device: str, spelling: Callable[[str], str]
) -> None:
    name = spelling(device)
    for key, value in [
        ("project_slug", name),
        ("project_slug", f"{name}.app"),
        ("project_slug", f"{name}.tar.gz"),
        ("package_name", name),
    ]:
        problem = pre_gen.first_problem(answers_with(**{key: value}))
        assert problem is not None
        assert problem.startswith(f"{key} {value!r} names the device {device} on Windows")


def test_windows_device_error_is_one_sentence_with_a_valid_example(pre_gen: ModuleType) -> None:
    assert pre_gen.check_project_slug("nul.app") == (
        "project_slug 'nul.app' names the device NUL on Windows (an extension does not change "
        "that), so it cannot be a directory there: choose another name, e.g. 'my-nul.app'"
    )
    assert pre_gen.check_package_name("Com1") == (
        "package_name 'Com1' names the device COM1 on Windows (an extension does not change "
        "that), so it cannot be a directory there: choose another name, e.g. 'my_com1'"
    )
    assert pre_gen.check_project_slug("my-nul.app") is None
    assert pre_gen.check_package_name("my_com1") is None


def test_too_long_slug_error_names_the_limit_and_a_valid_example(pre_gen: ModuleType) -> None:
    slug = "the-quite-long-name-of-a-flask-service-for-orders-and-billing-and-more"
    assert pre_gen.check_project_slug(slug) == (
        f"project_slug {slug!r} is 70 characters long: use at most 64 (Windows limits the "
        "length of a path), e.g. 'the-quite-long-name-of-a-flask'"
    )


@pytest.mark.parametrize(
    ("name", "example"),
    [
        pytest.param("MyApp", "myapp", id="plain"),
        pytest.param("JSON", "my_json", id="lowercase-shadows-stdlib"),
        pytest.param("CLASS", "my_class", id="lowercase-is-keyword"),
    ],
)
def test_uppercase_package_error_gives_a_valid_example(
    pre_gen: ModuleType, name: str, example: str
) -> None:
    assert pre_gen.check_package_name(name) == (
        f"package_name {name!r} must be lowercase (PEP 8): use {example!r}"
    )
    assert pre_gen.check_package_name(example) is None


ACCEPTED_EMAILS = [
    "jane@example.com",
    "jane.doe+flask@mail.example.co.uk",
    "ops@bücher.example",
    "a@b.c",
    "o'brien@example.com",
    "{ops}|~!#$%&*/=?^`@example.com",
]


@pytest.mark.parametrize("email", ACCEPTED_EMAILS)
def test_author_email_accepted(pre_gen: ModuleType, email: str) -> None:
    assert pre_gen.check_author_email(email) is None


@pytest.mark.parametrize("email", ACCEPTED_EMAILS)
def test_accepted_email_is_one_the_build_backend_can_write(email: str) -> None:
    # hatchling writes `authors` into the metadata with email.headerregistry.Address, and
    # fails the build of the generated project on an address it cannot parse.
    address = Address(display_name="Jane Doe", addr_spec=email)
    assert address.addr_spec == email
    assert str(address) == f"Jane Doe <{email}>"


def test_every_email_the_hook_accepts_is_one_the_build_backend_can_write(
    pre_gen: ModuleType,
) -> None:
    # Every local part and domain label of up to two characters from an alphabet of each
    # kind of character an address can hold or give a meaning to.
    alphabet = "aZ9.@!'+{|}()<>[]:;,\" \\\tü\u00a0\u200b\x7f"
    parts = [
        "".join(chars) for size in (1, 2) for chars in itertools.product(alphabet, repeat=size)
    ]
    candidates = [f"{part}@example.com" for part in parts] + [f"jane@{part}.com" for part in parts]
    unwritable = []
    for email in candidates:
        if pre_gen.check_author_email(email) is None:
            try:
                written = Address(display_name="Jane Doe", addr_spec=email).addr_spec
            except Exception as error:  # the parser raises ValueError, AttributeError ...
                written = repr(error)
            if written != email:
                unwritable.append((email, written))
    assert unwritable == []


@pytest.mark.parametrize(
    "email",
    [
        pytest.param("jane.example.com", id="no-at"),
        pytest.param("jane@@example.com", id="two-ats"),
        pytest.param("jane@work@example.com", id="two-ats-apart"),
        pytest.param("@example.com", id="empty-local-part"),
        pytest.param("jane@localhost", id="undotted-domain"),
        pytest.param("jane@example..com", id="empty-domain-label"),
        pytest.param("jane@example.com.", id="trailing-dot"),
        pytest.param("jane doe@example.com", id="space"),
        pytest.param("jane@example.com\n", id="trailing-newline"),
        pytest.param('"jane"@example.com', id="double-quote"),
        pytest.param("", id="empty"),
        pytest.param("zoë@example.com", id="non-ascii-name"),
        pytest.param("jane..doe@example.com", id="two-dots-in-a-row"),
        pytest.param(".jane@example.com", id="leading-dot"),
        pytest.param("jane.@example.com", id="dot-before-at"),
        pytest.param("jane,doe@example.com", id="comma"),
        pytest.param("<jane>@example.com", id="angle-brackets"),
        pytest.param("jane(work)@example.com", id="comment"),
        pytest.param("jane@exa(mple.com", id="parenthesis-in-domain"),
        pytest.param("jane@[127.0.0.1]", id="domain-literal"),
    ],
)
def test_author_email_rejected(pre_gen: ModuleType, email: str) -> None:
    message = pre_gen.check_author_email(email)
    assert message is not None
    assert f"author_email {email!r} is not a plausible email address" in message


@pytest.mark.parametrize(
    "version",
    ["0.1.0", "1.0", "2024.11", "1!2.0", "1.0.0a1", "1.0.0b2", "1.0.0rc1", "1.0.post1",
     "1.0.0.dev3", "1.0.0rc1.post2.dev3"],
)  # fmt: skip
def test_version_accepted(pre_gen: ModuleType, version: str) -> None:
    assert pre_gen.check_version(version) is None


@pytest.mark.parametrize(
    "version",
    [
        pytest.param("v1.0", id="v-prefix"),
        pytest.param("1.0.0-beta", id="semver-prerelease"),
        pytest.param("1.0.0RC1", id="uppercase-rc"),
        pytest.param("1.0.0-rc1", id="non-canonical-separator"),
        pytest.param("01.0", id="leading-zero"),
        pytest.param("1.0+local", id="local-version"),
        pytest.param("1..0", id="empty-segment"),
        pytest.param("0.1.0\n", id="trailing-newline"),
        pytest.param("", id="empty"),
    ],
)
def test_version_rejected(pre_gen: ModuleType, version: str) -> None:
    message = pre_gen.check_version(version)
    assert message is not None
    assert f"version {version!r} is not a canonical PEP 440 version" in message


@pytest.mark.parametrize("shards", ["1", "2", "3", "15", "16"])
def test_ci_shards_accepted(pre_gen: ModuleType, shards: str) -> None:
    assert pre_gen.check_ci_shards(shards) is None


@pytest.mark.parametrize(
    "shards",
    [
        pytest.param("0", id="zero"),
        pytest.param("17", id="above-the-maximum"),
        pytest.param("-1", id="negative"),
        pytest.param("03", id="leading-zero"),
        pytest.param("2.0", id="decimal"),
        pytest.param(" 2", id="space"),
        pytest.param("\uff13", id="fullwidth-digit"),
        pytest.param("three", id="word"),
        pytest.param("", id="empty"),
    ],
)
def test_ci_shards_rejected(pre_gen: ModuleType, shards: str) -> None:
    assert pre_gen.check_ci_shards(shards) == (
        f"ci_shards {shards!r} is not a whole number from 1 to 16: it is how many CI jobs run "
        "the test suite, each a share of it, e.g. '1' (one job) or '3'"
    )


TEXT_CHECKS = ("check_project_name", "check_description", "check_author_name")


@pytest.mark.parametrize("check", TEXT_CHECKS)
@pytest.mark.parametrize("text", ["My Flask App", "Zoë O'Brien & Co.", "Ünïcode ✓ 100%"])
def test_text_answer_accepted(pre_gen: ModuleType, check: str, text: str) -> None:
    assert getattr(pre_gen, check)(text) is None


@pytest.mark.parametrize("check", TEXT_CHECKS)
@pytest.mark.parametrize(
    "text",
    [
        pytest.param('Say "hi"', id="double-quote"),
        pytest.param("back\\slash", id="backslash"),
        pytest.param("two\nlines", id="newline"),
        pytest.param("tab\there", id="tab"),
        pytest.param("nul\x00", id="nul"),
        pytest.param("del\x7f", id="delete"),
        pytest.param("next\x85line", id="c1-control"),
    ],
)
def test_text_answer_rejects_literal_breakers(pre_gen: ModuleType, check: str, text: str) -> None:
    message = getattr(pre_gen, check)(text)
    assert message is not None
    assert "inserted into TOML and Python string literals" in message


@pytest.mark.parametrize(
    ("key", "check"),
    [
        ("project_name", "check_project_name"),
        ("description", "check_description"),
        ("author_name", "check_author_name"),
        ("author_email", "check_author_email"),
    ],
)
def test_text_answer_rejects_lone_surrogates(pre_gen: ModuleType, key: str, check: str) -> None:
    # What Python makes of the byte 0xFF on a UTF-8 command line; no UTF-8 file can hold it.
    value = "caf\udcff@example.com"
    assert getattr(pre_gen, check)(value) == (
        f"{key} 'caf\\udcff@example.com' contains '\\udcff', a lone surrogate (how Python "
        "keeps a byte that is not UTF-8), which no file can hold: give the answer as UTF-8 text"
    )


@pytest.mark.parametrize("check", ["check_project_name", "check_author_name"])
@pytest.mark.parametrize("text", ["", "   "], ids=["empty", "blank"])
def test_required_text_rejects_blank(pre_gen: ModuleType, check: str, text: str) -> None:
    message = getattr(pre_gen, check)(text)
    assert message is not None
    assert "is empty" in message


def test_description_may_be_empty(pre_gen: ModuleType) -> None:
    assert pre_gen.check_description("") is None


# --- derived defaults: project_slug and package_name ----------------------------------------

# (project_name, the project_slug and package_name derived from it)
DERIVED_NAMES = [
    pytest.param("My Flask App", "my-flask-app", "my_flask_app", id="default"),
    pytest.param("Café Ünïcode API", "cafe-unicode-api", "cafe_unicode_api", id="accents"),
    pytest.param("Ünïcode_Über 2", "unicode-uber-2", "unicode_uber_2", id="underscore"),
    pytest.param("Straße Ærø", "strasse-aero", "strasse_aero", id="ligatures"),
    pytest.param("Привет мир", "privet-mir", "privet_mir", id="cyrillic"),
    pytest.param(" Orders -- & __ Billing! ", "orders-billing", "orders_billing", id="separators"),
    pytest.param("🚀🚀", "my-flask-app", "my_flask_app", id="emoji-only"),
    pytest.param("?!&…", "my-flask-app", "my_flask_app", id="punctuation-only"),
    pytest.param("2048 Game", "2048-game", "my_2048_game", id="digits-first"),
    pytest.param("Json", "json", "my_json", id="stdlib-module"),
    pytest.param("Test", "test", "my_test", id="stdlib-test"),
    pytest.param("Tests", "tests", "my_tests", id="tests-package"),
    pytest.param("App", "app", "my_app", id="flask-default-app"),
    pytest.param("Flask", "flask", "my_flask", id="dependency"),
    pytest.param("Class", "class", "my_class", id="keyword"),
    pytest.param("Match", "match", "match", id="soft-keyword"),
    pytest.param("Con", "my-con", "my_con", id="windows-device"),
    pytest.param("Nul.app", "nul-app", "nul_app", id="windows-device-with-ext"),
    pytest.param(
        "The Quite Long Name Of A Flask Service For Orders And Billing 2",
        "the-quite-long-name-of-a-flask",
        "the_quite_long_name_of_a_flask",
        id="long",
    ),
    pytest.param("Orders " * 12, "orders-orders-orders-orders", "orders_orders_orders_orders",
                 id="84-characters"),
    pytest.param("X" * 80, "x" * 32, "x" * 32, id="one-80-character-word"),
    pytest.param("1984 Supercalifragilisticexpialidocious Orders", "1984", "my_1984",
                 id="digits-first-then-a-word-too-long"),
]  # fmt: skip


@pytest.mark.parametrize(("project_name", "slug", "package"), DERIVED_NAMES)
def test_derived_names(pre_gen: ModuleType, project_name: str, slug: str, package: str) -> None:
    assert pre_gen.default_project_slug(project_name) == slug
    assert pre_gen.default_package_name(slug) == package


@pytest.mark.parametrize(("project_name", "slug", "package"), DERIVED_NAMES)
def test_cookiecutter_derives_the_names(project_name: str, slug: str, package: str) -> None:
    answers = derived_answers(project_name=project_name)
    assert (answers["project_slug"], answers["package_name"]) == (slug, package)


@pytest.mark.parametrize(
    ("slug", "package"),
    [
        ("my.app", "my_app"),
        ("orders_api", "orders_api"),
        ("flask", "my_flask"),
        ("aux", "my_aux"),
        ("v2", "v2"),
        ("a" * 64, "a" * 32),
        ("zeta-orders-and-fulfilment-svc-2-extra", "zeta_orders_and_fulfilment_svc_2"),
    ],
)
def test_package_name_derived_from_a_given_slug(
    pre_gen: ModuleType, slug: str, package: str
) -> None:
    assert pre_gen.default_package_name(slug) == package


@pytest.mark.parametrize(
    ("name", "shortened"),
    [
        pytest.param("ab-cd-e", "ab-cd-e", id="fits"),
        pytest.param("abcd-ef-gh", "abcd-ef", id="word-ends-at-the-limit"),
        pytest.param("abcde-fgh", "abcde", id="word-ends-past-the-limit"),
        pytest.param("abcdefghij", "abcdefg", id="one-long-word"),
    ],
)
def test_shorten_cuts_after_a_whole_word(pre_gen: ModuleType, name: str, shortened: str) -> None:
    assert pre_gen.shorten(name, 7, "-") == shortened


@pytest.mark.parametrize(("project_name", "slug", "package"), DERIVED_NAMES)
def test_derived_names_pass_the_checks(
    pre_gen: ModuleType, project_name: str, slug: str, package: str
) -> None:
    answers = answers_with(project_name=project_name, project_slug=slug, package_name=package)
    assert pre_gen.first_problem(answers) is None


def test_names_refused_for_their_meaning_derive_valid_ones(pre_gen: ModuleType) -> None:
    # Every keyword, shadowed module and Windows device name, as a project_name and as a slug.
    refused = sorted(
        {*sys.stdlib_module_names, *pre_gen.DEPENDENCY_MODULES, *pre_gen.CONVENTIONAL_MODULES,
         *keyword.kwlist, *pre_gen.WINDOWS_DEVICE_NAMES}
    )  # fmt: skip
    problems = []
    for name in refused:
        slug = pre_gen.default_project_slug(name)
        problems += [
            problem
            for problem in (
                pre_gen.check_project_slug(slug),
                pre_gen.check_package_name(pre_gen.default_package_name(slug)),
                pre_gen.check_package_name(pre_gen.default_package_name(name)),
            )
            if problem is not None
        ]
    assert problems == []


# --- the Jinja extension: string constants in the generated code ---------------------------

# The generated project's ruff line length (its pyproject.toml).
GENERATED_LINE_LENGTH = 99


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        pytest.param("My Flask App", '"My Flask App"', id="ascii"),
        pytest.param("Zoë\u2019s Café", '"Zo\\xeb\\u2019s Caf\\xe9"', id="non-ascii"),
        pytest.param("🚀 Launch", '"\\U0001f680 Launch"', id="astral"),
        pytest.param("O'Brien & <Co>", '"O\'Brien & <Co>"', id="ascii-punctuation"),
        pytest.param('a "b" \\ c', '"a \\"b\\" \\\\ c"', id="quote-and-backslash"),
    ],
)
def test_python_string_is_an_ascii_literal_of_the_text(
    jinja_extension: ModuleType, text: str, literal: str
) -> None:
    assert jinja_extension.python_string(text) == literal
    assert ast.literal_eval(literal) == text


def test_python_constant_stays_on_one_line_while_it_fits(jinja_extension: ModuleType) -> None:
    text = "x" * (GENERATED_LINE_LENGTH - len('NAME = ""'))
    assert jinja_extension.python_constant("NAME", text) == f'NAME = "{text}"'
    assert jinja_extension.python_constant("NAME", text + "x") == f'NAME = (\n    "{text}x"\n)'


def test_python_constant_splits_after_words_when_parentheses_are_not_enough(
    jinja_extension: ModuleType,
) -> None:
    text = "Welcome to " + "The Long Name " * 8
    # Each literal gets at most 95 characters, after the 4 of indentation.
    first = "Welcome to " + "The Long Name " * 5 + "The Long "
    second = "Name " + "The Long Name " * 2
    assert len(f'"{first}Name "') == 97
    assert jinja_extension.python_constant("WELCOME_SUBJECT", text) == (
        f'WELCOME_SUBJECT = (\n    "{first}"\n    "{second}"\n)'
    )


# Texts of every length up to a few lines, in words, in one long word, and in characters
# that are escaped (up to 10 characters each).
CONSTANT_TEXTS = [
    *(("Welcome to " + "Orders and Billing " * 20)[:size] for size in range(0, 400, 7)),
    *("W" * size for size in range(80, 300, 9)),
    *(("Zoë\u2019s 🚀 Café " * 30)[:size] for size in range(0, 200, 5)),
]


def test_python_constant_is_valid_and_fits_the_line_length(jinja_extension: ModuleType) -> None:
    wrong = []
    for text in CONSTANT_TEXTS:
        code = jinja_extension.python_constant("WELCOME_SUBJECT", text)
        namespace: dict[str, object] = {}
        exec(code, namespace)
        too_long = [line for line in code.splitlines() if len(line) > GENERATED_LINE_LENGTH]
        if namespace["WELCOME_SUBJECT"] != text or too_long or not code.isascii():
            wrong.append(code)
    assert wrong == []


def test_python_constant_is_as_ruff_formats_it(jinja_extension: ModuleType) -> None:
    source = "\n".join(
        jinja_extension.python_constant("WELCOME_SUBJECT", text) for text in CONSTANT_TEXTS
    )
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--diff",
         f"--line-length={GENERATED_LINE_LENGTH}", "-"],
        input=source + "\n",
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (0, ""), result.stderr


# --- pre_gen_project: the table and main() ---------------------------------------------------


def test_default_answers_pass_every_check(pre_gen: ModuleType) -> None:
    assert pre_gen.first_problem(DEFAULT_ANSWERS) is None


@pytest.mark.parametrize(
    ("key", "bad_value"),
    [
        pytest.param("project_name", 'A "B"', id="project_name"),
        pytest.param("project_slug", "a b", id="project_slug"),
        pytest.param("package_name", "flask", id="package_name"),
        pytest.param("description", "a\\b", id="description"),
        pytest.param("author_name", "", id="author_name"),
        pytest.param("author_email", "jane", id="author_email"),
        pytest.param("version", "one", id="version"),
        pytest.param("ci_shards", "0", id="ci_shards"),
    ],
)
def test_every_answer_is_checked(pre_gen: ModuleType, key: str, bad_value: str) -> None:
    problem = pre_gen.first_problem(answers_with(**{key: bad_value}))
    assert problem is not None
    assert problem.startswith(f"{key} {bad_value!r}")


def test_first_problem_in_table_order_wins(pre_gen: ModuleType) -> None:
    answers = answers_with(version="one", project_slug="a b")
    assert pre_gen.first_problem(answers).startswith("project_slug")


@pytest.mark.parametrize(
    ("examples", "background_tasks", "accepted"),
    [
        pytest.param(True, "none", True, id="examples-inline-jobs"),
        pytest.param(True, "celery", True, id="examples-celery"),
        pytest.param(False, "none", True, id="no-examples-inline-jobs"),
        pytest.param(False, "celery", False, id="no-examples-celery"),
    ],
)
def test_celery_needs_the_example_domain(
    pre_gen: ModuleType, examples: bool, background_tasks: str, accepted: bool
) -> None:
    answers = {**DEFAULT_ANSWERS, "examples": examples, "background_tasks": background_tasks}
    problem = pre_gen.first_problem(answers)
    if accepted:
        assert problem is None
    else:
        assert problem.startswith("background_tasks 'celery' needs examples")


def test_main_accepts_good_answers_silently(
    pre_gen: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pre_gen.main(json.dumps(DEFAULT_ANSWERS)) == 0
    assert capsys.readouterr() == ("", "")


def test_main_reports_one_error_line(
    pre_gen: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    # A newline in the value must not split the report over two lines.
    exit_status = pre_gen.main(json.dumps(answers_with(project_name="two\nlines")))
    out, err = capsys.readouterr()
    assert (exit_status, out) == (1, "")
    assert err == "ERROR: " + pre_gen.check_project_name("two\nlines") + "\n"
    assert error_lines(err) == err.splitlines()


# --- both hooks: the rendered context survives any answer --------------------------------------

AWKWARD_VALUES = [
    pytest.param('"""', id="triple-double-quote"),
    pytest.param("'''", id="triple-single-quote"),
    pytest.param('ends with quote"', id="trailing-quote"),
    pytest.param("ends with backslash\\", id="trailing-backslash"),
    pytest.param('\\"', id="backslash-quote"),
    pytest.param("\\u0041 \\n", id="escape-lookalikes"),
    pytest.param("two\nlines\r\x00", id="control-characters"),
    pytest.param("Zoë 😀 \u2028", id="non-ascii"),
    pytest.param("{{ cookiecutter.project_slug }}", id="jinja-lookalike"),
]


@pytest.mark.parametrize("hook", ["pre_gen_project", "post_gen_project"])
@pytest.mark.parametrize("value", AWKWARD_VALUES)
def test_rendered_hook_reads_back_any_answer(tmp_path: Path, hook: str, value: str) -> None:
    context: dict[str, Any] = {**DEFAULT_ANSWERS, "project_name": value, "_output_dir": value}
    env = create_env_with_context({"cookiecutter": context})
    source = (HOOKS_DIR / f"{hook}.py").read_text(encoding="utf-8")
    rendered = tmp_path / f"{hook}.py"
    rendered.write_text(env.from_string(source).render(cookiecutter=context), encoding="utf-8")
    module_globals = runpy.run_path(str(rendered), run_name="rendered_hook")
    assert json.loads(module_globals["RENDERED_CONTEXT"]) == context


# --- post_gen_project helpers ----------------------------------------------------------------


def test_recorded_answers_drop_private_keys(post_gen: ModuleType) -> None:
    context = {
        **DEFAULT_ANSWERS,
        "_output_dir": "/home/jane/projects",
        "_repo_dir": "/home/jane/.cookiecutters/template",
        "_checkout": None,
        "_template": "gh:org/template",
        "_copy_without_render": ["*/templates/*"],
        "__prompts__": {"project_name": "Project name"},
    }
    assert post_gen.recorded_answers(context) == DEFAULT_ANSWERS


def test_answers_json_is_sorted_indented_and_ends_with_newline(post_gen: ModuleType) -> None:
    text = post_gen.answers_json({"project_name": "Zoë's App", "author_name": "Zoë"})
    assert text == '{\n  "author_name": "Zoë",\n  "project_name": "Zoë\'s App"\n}\n'


@pytest.mark.parametrize(
    ("license_name", "expected"),
    [
        ("MIT", []),
        ("BSD-3-Clause", []),
        ("Apache-2.0", []),
        ("Proprietary", ["LICENSE"]),
    ],
)
def test_paths_to_remove_by_license(
    post_gen: ModuleType, license_name: str, expected: list[str]
) -> None:
    assert post_gen.paths_to_remove(license_answers(license_name)) == expected


def test_paths_to_remove_collects_every_matching_entry(
    post_gen: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Later options key the table by real booleans; entries for unchosen values stay out.
    table = {
        ("examples", False): ("src/app/examples", "tests/test_examples.py"),
        ("examples", True): ("src/app/placeholder.py",),
        ("license", "Proprietary"): ("LICENSE",),
    }
    monkeypatch.setattr(post_gen, "PATHS_BY_CHOICE", table)
    context = {"examples": False, "license": "Proprietary"}
    assert post_gen.paths_to_remove(context) == [
        "src/app/examples",
        "tests/test_examples.py",
        "LICENSE",
    ]


def test_paths_to_remove_fails_on_an_option_the_context_lacks(
    post_gen: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(post_gen, "PATHS_BY_CHOICE", {("misspelt_option", True): ("x",)})
    with pytest.raises(KeyError, match="misspelt_option"):
        post_gen.paths_to_remove(DEFAULT_ANSWERS)


def test_durations_of_removed_files_and_folders_are_dropped(post_gen: ModuleType) -> None:
    durations = {
        "tests/api/test_orders.py::test_create": 0.5,
        "tests/api/test_orders_extra.py::test_a": 0.25,
        "tests/services/test_email.py::test_send[smtp]": 0.125,
        "tests/test_cli.py::test_seed": 1.0,
    }
    removed = ["tests/api/test_orders.py", "tests/services"]
    assert post_gen.durations_without(durations, removed) == {
        "tests/api/test_orders_extra.py::test_a": 0.25,
        "tests/test_cli.py::test_seed": 1.0,
    }


@pytest.fixture
def project_tree(tmp_path: Path) -> Path:
    """A small project: a LICENSE file and a package directory with a nested module."""
    (tmp_path / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    examples = tmp_path / "src" / "app" / "examples"
    examples.mkdir(parents=True)
    (examples / "blog.py").write_text("", encoding="utf-8")
    return tmp_path


def test_missing_paths_lists_only_absent_paths(post_gen: ModuleType, project_tree: Path) -> None:
    paths = ["LICENSE", "src/app/examples", "NOTICE", "src/app/gone"]
    assert post_gen.missing_paths(project_tree, paths) == ["NOTICE", "src/app/gone"]


def test_remove_paths_removes_files_and_directories(
    post_gen: ModuleType, project_tree: Path
) -> None:
    post_gen.remove_paths(project_tree, ["LICENSE", "src/app/examples"])
    assert sorted(p.relative_to(project_tree).as_posix() for p in project_tree.rglob("*")) == [
        "src",
        "src/app",
    ]


def test_post_gen_main_records_answers_and_removes_unneeded_files(
    post_gen: ModuleType, project_tree: Path
) -> None:
    context = {**license_answers("Proprietary"), "_output_dir": str(project_tree.parent)}
    assert post_gen.main(json.dumps(context), project_tree) == 0
    assert not (project_tree / "LICENSE").exists()
    recorded = json.loads((project_tree / ".cookiecutter.json").read_text(encoding="utf-8"))
    assert recorded == license_answers("Proprietary")


def test_post_gen_main_fails_loudly_on_a_missing_path(
    post_gen: ModuleType,
    project_tree: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(post_gen, "PATHS_BY_CHOICE", {("license", "MIT"): ("LICENSE", "NOTICE")})
    exit_status = post_gen.main(json.dumps(DEFAULT_ANSWERS), project_tree)
    err = capsys.readouterr().err
    assert exit_status == 1
    assert len(error_lines(err)) == 1
    assert "'NOTICE'" in err
    # Nothing was half done: the existing path is still there, no answers were recorded.
    assert (project_tree / "LICENSE").exists()
    assert not (project_tree / ".cookiecutter.json").exists()


# --- end to end: bad answers through the real CLI ---------------------------------------------


@dataclass(frozen=True)
class BadAnswer:
    """One answer the pre-generation hook must reject, as typed on the command line."""

    id: str
    key: str
    value: str

    @property
    def argument(self) -> str:
        return f"{self.key}={self.value}"


BAD_ANSWERS = (
    BadAnswer("package-name-not-identifier", "package_name", "my-app"),
    BadAnswer("package-name-keyword", "package_name", "class"),
    BadAnswer("package-name-shadows-flask", "package_name", "flask"),
    BadAnswer("package-name-shadows-pytest", "package_name", "pytest"),
    BadAnswer("package-name-shadows-test", "package_name", "test"),
    BadAnswer("package-name-shadows-json", "package_name", "json"),
    BadAnswer("slug-with-space", "project_slug", "my app"),
    BadAnswer("slug-leading-dash", "project_slug", "-my-app"),
    BadAnswer("email-without-at", "author_email", "jane.example.com"),
    BadAnswer("version-not-pep440", "version", "1.0-beta"),
    BadAnswer("project-name-double-quote", "project_name", 'My "Flask" App'),
    # The package's directory is made after the hook has run, on every system; a slug such as
    # "nul.app" is tested through the API below, since Windows refuses it before the hook.
    BadAnswer("package-name-windows-device", "package_name", "com1"),
    BadAnswer("email-non-ascii-name", "author_email", "zoë@example.com"),
    BadAnswer("ci-shards-not-a-number", "ci_shards", "many"),
)


@dataclass(frozen=True)
class CliRun:
    """What one `python -m cookiecutter` process left: its exit status, stderr, output dir."""

    returncode: int
    stderr: str
    output_dir: Path


def write_cookiecutter_config(home: Path) -> Path:
    """A config that keeps cookiecutter away from ~/.cookiecutterrc and ~/.cookiecutter_replay."""
    config = home / "cookiecutter-config.yaml"
    settings = {
        "cookiecutters_dir": str(home / "cookiecutters"),
        "replay_dir": str(home / "replay"),
    }
    config.write_text(json.dumps(settings), encoding="utf-8")  # JSON is YAML
    return config


def start_cli(workdir: Path, answer: str) -> subprocess.Popen[bytes]:
    """`python -m cookiecutter --no-input` with one key=value answer, into workdir/output."""
    output_dir = workdir / "output"
    output_dir.mkdir()
    scripts_dir = workdir / "hook-scripts"
    scripts_dir.mkdir()
    command = [
        sys.executable, "-m", "cookiecutter", "--no-input",
        "--config-file", str(write_cookiecutter_config(workdir)),
        "-o", str(output_dir), str(TEMPLATE_DIR), answer,
    ]  # fmt: skip
    with (workdir / "stdout").open("wb") as stdout, (workdir / "stderr").open("wb") as stderr:
        return subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            # cookiecutter never deletes the rendered hook scripts it writes to TMPDIR.
            env={**os.environ, "TMPDIR": str(scripts_dir)},
        )


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CliRun]:
    """Every bad answer run through the CLI, by id.

    The processes run side by side: each spends most of its ~0.6 s importing cookiecutter.
    """
    workdirs = {answer.id: tmp_path_factory.mktemp(answer.id) for answer in BAD_ANSWERS}
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for answer in BAD_ANSWERS:
            processes[answer.id] = start_cli(workdirs[answer.id], answer.argument)
        return {
            answer_id: CliRun(
                returncode=process.wait(timeout=60),
                stderr=(workdirs[answer_id] / "stderr").read_text(encoding="utf-8"),
                output_dir=workdirs[answer_id] / "output",
            )
            for answer_id, process in processes.items()
        }
    finally:
        # A timeout or a failed start must not leave the other processes running.
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()


cli_cases = pytest.mark.parametrize("answer", [pytest.param(a, id=a.id) for a in BAD_ANSWERS])


@cli_cases
def test_cli_exits_non_zero_on_bad_answer(cli_runs: dict[str, CliRun], answer: BadAnswer) -> None:
    assert cli_runs[answer.id].returncode != 0


@cli_cases
def test_cli_prints_one_error_line_naming_the_value(
    cli_runs: dict[str, CliRun], answer: BadAnswer
) -> None:
    stderr = cli_runs[answer.id].stderr
    lines = error_lines(stderr)
    assert len(lines) == 1, stderr
    assert f"{answer.key} {answer.value!r}" in lines[0]


@cli_cases
def test_cli_leaves_nothing_behind(cli_runs: dict[str, CliRun], answer: BadAnswer) -> None:
    assert list(cli_runs[answer.id].output_dir.iterdir()) == []


# --- end to end: good answers through the Python API ------------------------------------------

Render = Callable[..., Path]


def render(workdir: Path, **answers: Any) -> Path:
    """Render the template into workdir/output with cookiecutter's API; returns the project."""
    scripts_dir = workdir / "hook-scripts"
    scripts_dir.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        # cookiecutter never deletes the rendered hook scripts it writes to the temp dir.
        patch.setattr(tempfile, "tempdir", str(scripts_dir))
        project = cookiecutter(
            str(TEMPLATE_DIR),
            no_input=True,
            extra_context=answers,
            output_dir=str(workdir / "output"),
            config_file=str(write_cookiecutter_config(workdir)),
        )
    return Path(project)


@pytest.fixture(scope="module")
def default_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project rendered with the default answers (shared: do not modify)."""
    return render(tmp_path_factory.mktemp("default-render"))


@pytest.fixture
def render_in_tmp(tmp_path: Path) -> Render:
    """Renders the template with the given answers, each call into a fresh directory."""
    calls = itertools.count()
    return lambda **answers: render(tmp_path / f"render-{next(calls)}", **answers)


def test_recorded_answers_are_the_answers(default_project: Path) -> None:
    recorded = json.loads((default_project / ".cookiecutter.json").read_text(encoding="utf-8"))
    assert recorded == DEFAULT_ANSWERS


def test_recorded_answers_file_is_sorted_and_indented(default_project: Path) -> None:
    text = (default_project / ".cookiecutter.json").read_text(encoding="utf-8")
    assert text == json.dumps(DEFAULT_ANSWERS, sort_keys=True, indent=2) + "\n"


@pytest.mark.parametrize("license_name", sorted(LICENSE_SHA256))
def test_license_text_is_exact(render_in_tmp: Render, license_name: str) -> None:
    license_file = render_in_tmp(license=license_name, author_name="Jane Doe") / "LICENSE"
    assert hashlib.sha256(license_file.read_bytes()).hexdigest() == LICENSE_SHA256[license_name]


@pytest.mark.parametrize("license_name", ["MIT", "BSD-3-Clause"])
def test_license_names_the_author(render_in_tmp: Render, license_name: str) -> None:
    license_file = render_in_tmp(license=license_name, author_name="Ada Lovelace") / "LICENSE"
    assert "Copyright (c) Ada Lovelace\n" in license_file.read_text(encoding="utf-8")


REMOVALS = [
    pytest.param(option, value, paths, id=f"{option}={value}")
    for (option, value), paths in load_hook("post_gen_project").PATHS_BY_CHOICE.items()
]


@pytest.mark.parametrize(("option", "value", "paths"), REMOVALS)
def test_unchosen_option_paths_are_removed(
    render_in_tmp: Render, option: str, value: object, paths: tuple[str, ...]
) -> None:
    project = render_in_tmp(**{option: value})
    assert [path for path in paths if (project / path).exists()] == []


def test_recorded_durations_name_only_tests_that_were_rendered(render_in_tmp: Render) -> None:
    project = render_in_tmp(ci_shards="3", examples=False, browser_tests=False)
    durations = json.loads((project / ".test_durations").read_text(encoding="utf-8"))
    files = {node_id.partition("::")[0] for node_id in durations}
    assert durations
    assert sorted(path for path in files if not (project / path).is_file()) == []


def test_cli_derives_ascii_names_from_a_unicode_project_name(tmp_path: Path) -> None:
    returncode = start_cli(tmp_path, "project_name=Café Ünïcode API").wait(timeout=60)
    stderr = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert returncode == 0, stderr
    [project] = (tmp_path / "output").iterdir()
    assert project.name == "cafe-unicode-api"
    assert (project / "src" / "cafe_unicode_api" / "__init__.py").is_file()


def string_constant(module: Path, name: str) -> object:
    """The value of a module-level `name = <literal>` in a Python file."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    [value] = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and [target.id for target in node.targets if isinstance(target, ast.Name)] == [name]
    ]
    return ast.literal_eval(value)


@pytest.mark.parametrize(("project_name", "slug", "package"), DERIVED_NAMES)
def test_any_project_name_renders_with_valid_names(
    render_in_tmp: Render, project_name: str, slug: str, package: str
) -> None:
    project = render_in_tmp(project_name=project_name)
    recorded = json.loads((project / ".cookiecutter.json").read_text(encoding="utf-8"))
    assert project.name == slug
    assert (recorded["project_slug"], recorded["package_name"]) == (slug, package)
    # The generated code spells the subject out, whatever the name's characters and length.
    # (Compared by ascii(), which shows a lone surrogate that pytest-xdist could not report.)
    subject = ascii(f"Welcome to {project_name}")
    email_module = project / "src" / package / "services" / "email.py"
    email_test = project / "tests" / "api" / "test_welcome_email.py"
    assert ascii(string_constant(email_module, "WELCOME_SUBJECT")) == subject
    assert ascii(string_constant(email_test, "EXPECTED_SUBJECT")) == subject


# Windows' longest path, in characters, unless long paths are enabled.
WINDOWS_MAX_PATH = 259
# What the longest names must leave of it for the folder a project is generated in
# (PROJECT_SLUG_MAX_LENGTH in hooks/pre_gen_project.py).
ROOM_FOR_THE_OUTPUT_FOLDER = 90


def bytecode_path(module: PurePath) -> PurePath:
    """Where Python caches a module's bytecode (any CPython 3.10+ tag has the same length)."""
    return module.parent / "__pycache__" / f"{module.stem}.cpython-313.pyc"


def test_longest_names_leave_room_in_a_windows_path(
    pre_gen: ModuleType, render_in_tmp: Render
) -> None:
    project = render_in_tmp(
        project_slug="s" * pre_gen.PROJECT_SLUG_MAX_LENGTH,
        package_name="p" * pre_gen.PACKAGE_NAME_MAX_LENGTH,
        **EVERY_FILE_CHOSEN,
    )
    paths = [path.relative_to(project.parent) for path in project.rglob("*")]
    written = [*paths, *(bytecode_path(path) for path in paths if path.suffix == ".py")]
    deepest = max(written, key=lambda path: len(str(path)))
    assert len(str(deepest)) <= WINDOWS_MAX_PATH - ROOM_FOR_THE_OUTPUT_FOLDER, deepest


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="cookiecutter makes the project's directory before the hook runs, and Windows "
    "refuses a device name there itself",
)
def test_windows_device_slug_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FailedHookException):
        render(tmp_path, project_slug="nul.app")
    assert list((tmp_path / "output").iterdir()) == []


def test_undecodable_project_name_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    # The byte 0xFF of a Latin-1 "ÿ" typed on a UTF-8 command line.
    with pytest.raises(FailedHookException):
        render(tmp_path, project_name="Caf\udcff")
    assert list((tmp_path / "output").iterdir()) == []


def test_celery_without_examples_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FailedHookException):
        render(tmp_path, examples=False, background_tasks="celery")
    assert list((tmp_path / "output").iterdir()) == []


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_renders_with_the_same_answers_are_byte_identical(
    default_project: Path, render_in_tmp: Render
) -> None:
    assert tree_bytes(render_in_tmp()) == tree_bytes(default_project)
