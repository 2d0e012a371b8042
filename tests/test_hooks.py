"""The template's hooks: their helpers one by one, then the real generation end to end.

The hooks are Jinja templates of Python files. Their raw source is still importable Python,
so the helpers are unit-tested from the raw files; the end-to-end tests let cookiecutter
render and run them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import os
import runpy
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.generate import generate_context
from cookiecutter.main import cookiecutter
from cookiecutter.prompt import prompt_for_config
from cookiecutter.utils import create_env_with_context

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
HOOKS_DIR = TEMPLATE_DIR / "hooks"


def default_answers() -> dict[str, Any]:
    """What `--no-input` answers (derived values included), as cookiecutter computes them."""
    context = generate_context(context_file=str(TEMPLATE_DIR / "cookiecutter.json"))
    answers = prompt_for_config(context, no_input=True)
    return {key: value for key, value in answers.items() if not key.startswith("_")}


DEFAULT_ANSWERS: Mapping[str, Any] = default_answers()

# SHA-256 of LICENSE rendered for author "Jane Doe". MIT and BSD-3-Clause are the SPDX texts
# as uv and Flask ship them, with the copyright line "Copyright (c) Jane Doe"; Apache-2.0 is
# byte for byte https://www.apache.org/licenses/LICENSE-2.0.txt. A change here must be a
# deliberate change of license text.
LICENSE_SHA256: Mapping[str, str] = {
    "MIT": "ee0e78c1acc4fdd1ba1fe9a8eec0a686e17d339b62c9324286ecb3ca7b7c2436",
    "BSD-3-Clause": "59c17e937f87fc83bc0178b0bf77c5e8e453d2004065945eb50740527656c374",
    "Apache-2.0": "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30",
}


def load_hook(name: str) -> ModuleType:
    """Import a raw (unrendered) hook file as a module."""
    spec = importlib.util.spec_from_file_location(f"raw_{name}", HOOKS_DIR / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pre_gen() -> ModuleType:
    """hooks/pre_gen_project.py, imported from its raw source."""
    return load_hook("pre_gen_project")


@pytest.fixture(scope="module")
def post_gen() -> ModuleType:
    """hooks/post_gen_project.py, imported from its raw source."""
    return load_hook("post_gen_project")


def answers_with(**changes: str) -> dict[str, Any]:
    return {**DEFAULT_ANSWERS, **changes}


# Answers that choose every optional file, so that only the license decides what is removed.
EVERY_FILE_CHOSEN: Mapping[str, Any] = {
    "examples": True,
    "background_tasks": "celery",
    "docker": True,
}


def license_answers(license_name: str) -> dict[str, Any]:
    return {**answers_with(license=license_name), **EVERY_FILE_CHOSEN}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("ERROR:")]


# --- pre_gen_project: one check per answer --------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["my_flask_app", "flaskr", "blog2", "orders_api", "_internal", "match", "flask2", "a" * 32],
)
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


@pytest.mark.parametrize("slug", ["my-flask-app", "flaskr", "a", "my.app", "orders_api", "v2"])
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
    ],
)
def test_project_slug_rejected(pre_gen: ModuleType, slug: str, reason: str) -> None:
    message = pre_gen.check_project_slug(slug)
    assert message is not None
    assert f"project_slug {slug!r}" in message
    assert reason in message


@pytest.mark.parametrize(
    "email",
    ["jane@example.com", "jane.doe+flask@mail.example.co.uk", "ops@bücher.example", "a@b.c"],
)
def test_author_email_accepted(pre_gen: ModuleType, email: str) -> None:
    assert pre_gen.check_author_email(email) is None


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


@pytest.mark.parametrize("check", ["check_project_name", "check_author_name"])
@pytest.mark.parametrize("text", ["", "   "], ids=["empty", "blank"])
def test_required_text_rejects_blank(pre_gen: ModuleType, check: str, text: str) -> None:
    message = getattr(pre_gen, check)(text)
    assert message is not None
    assert "is empty" in message


def test_description_may_be_empty(pre_gen: ModuleType) -> None:
    assert pre_gen.check_description("") is None


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


def start_cli(workdir: Path, answer: BadAnswer) -> subprocess.Popen[bytes]:
    output_dir = workdir / "output"
    output_dir.mkdir()
    scripts_dir = workdir / "hook-scripts"
    scripts_dir.mkdir()
    command = [
        sys.executable, "-m", "cookiecutter", "--no-input",
        "--config-file", str(write_cookiecutter_config(workdir)),
        "-o", str(output_dir), str(TEMPLATE_DIR), answer.argument,
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
            processes[answer.id] = start_cli(workdirs[answer.id], answer)
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
# One worker runs all of them, so that the module-scoped cli_runs starts them only once.
cli_group = pytest.mark.xdist_group("hooks-cli")


@cli_group
@cli_cases
def test_cli_exits_non_zero_on_bad_answer(cli_runs: dict[str, CliRun], answer: BadAnswer) -> None:
    assert cli_runs[answer.id].returncode != 0


@cli_group
@cli_cases
def test_cli_prints_one_error_line_naming_the_value(
    cli_runs: dict[str, CliRun], answer: BadAnswer
) -> None:
    stderr = cli_runs[answer.id].stderr
    lines = error_lines(stderr)
    assert len(lines) == 1, stderr
    assert f"{answer.key} {answer.value!r}" in lines[0]


@cli_group
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
