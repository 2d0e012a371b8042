"""Finish the rendered project: record the answers, remove what only other choices need.

Cookiecutter renders this file with Jinja and runs it inside the generated project.
It stays offline and deterministic (no network, git, randomness or clock) so that two
renders with the same answers are byte-identical and `cruft update` diffs stay clean.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

# The whole context arrives as one JSON document so that no answer, however odd, can
# break this file's syntax: valid JSON never holds three unescaped double quotes in a
# row, and a raw string pairs backslashes as JSON does.
RENDERED_CONTEXT = r"""{{ cookiecutter | jsonify }}"""

ANSWERS_FILE = ".cookiecutter.json"
# pytest-split's record of each test's duration (node id -> seconds), made on the default
# project; the entries of tests that another choice removes are dropped from it.
DURATIONS_FILE = ".test_durations"

# (option, chosen value) -> paths, relative to the project, that only other choices
# need. Every path must exist in the rendered project: a missing one is a template bug.
PATHS_BY_CHOICE: Mapping[tuple[str, object], tuple[str, ...]] = {
    ("license", "Proprietary"): ("LICENSE",),
    # The example domain: services, the endpoints that use them and their tests.
    ("examples", False): (
        "src/{{ cookiecutter.package_name }}/services",
        "src/{{ cookiecutter.package_name }}/api/avatars.py",
        "src/{{ cookiecutter.package_name }}/api/orders.py",
        "src/{{ cookiecutter.package_name }}/tasks.py",
        "src/{{ cookiecutter.package_name }}/migrations/versions/0002_orders.py",
        "src/{{ cookiecutter.package_name }}/api/weather.py",
        "tests/fakes.py",
        "tests/services",
        "tests/api/__snapshots__",
        "tests/api/test_avatars.py",
        "tests/api/test_concurrency.py",
        "tests/api/test_orders.py",
        "tests/test_order_models.py",
        "tests/test_session_fakes.py",
        "tests/api/test_production_hashing.py",
        "tests/api/test_snapshots.py",
        "tests/api/test_weather.py",
        "tests/api/test_welcome_email.py",
    ),
    # The Celery worker's entry point (celery needs examples: pre_gen_project checks it).
    ("background_tasks", "none"): ("src/{{ cookiecutter.package_name }}/worker.py",),
    # The Playwright tests; their fixtures in tests/views/conftest.py are Jinja conditionals.
    ("browser_tests", False): ("tests/views/test_browser.py",),
    # The production image and the compose file that runs it with its services.
    ("docker", False): ("Dockerfile", ".dockerignore", "compose.yaml"),
    # The tests' recorded durations, by which pytest-split shares the suite out in CI.
    ("ci_shards", "1"): (DURATIONS_FILE,),
}


def recorded_answers(context: Mapping[str, object]) -> dict[str, object]:
    """The answers worth keeping, without cookiecutter's private "_" keys.

    Those hold machine-specific paths (_output_dir, _repo_dir, _checkout ...) and
    template settings, which would make the recorded file differ between machines.
    """
    return {key: value for key, value in context.items() if not key.startswith("_")}


def answers_json(answers: Mapping[str, object]) -> str:
    return json.dumps(answers, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def paths_to_remove(context: Mapping[str, object]) -> list[str]:
    return [
        path
        for (option, value), paths in PATHS_BY_CHOICE.items()
        if context[option] == value
        for path in paths
    ]


def missing_paths(project_dir: Path, paths: Iterable[str]) -> list[str]:
    return [path for path in paths if not (project_dir / path).exists()]


def remove_paths(project_dir: Path, paths: Iterable[str]) -> None:
    for path in paths:
        target = project_dir / path
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()


def durations_without(durations: Mapping[str, float], removed: Iterable[str]) -> dict[str, float]:
    """The recorded durations less those of tests in the removed files and folders."""
    prefixes = tuple(removed)

    def was_removed(node_id: str) -> bool:
        path = node_id.partition("::")[0]
        return any(path == prefix or path.startswith(f"{prefix}/") for prefix in prefixes)

    return {node_id: time for node_id, time in durations.items() if not was_removed(node_id)}


def drop_removed_durations(project_dir: Path, removed: Iterable[str]) -> None:
    """Rewrite DURATIONS_FILE, where there is one, without the removed tests' entries."""
    path = project_dir / DURATIONS_FILE
    if not path.exists():
        return
    durations = durations_without(json.loads(path.read_text(encoding="utf-8")), removed)
    # As pytest-split writes it (`pytest --store-durations`), so that a refresh diffs cleanly.
    path.write_text(json.dumps(durations, sort_keys=True, indent=4), encoding="utf-8", newline="\n")


def main(rendered_context: str, project_dir: Path) -> int:
    context = json.loads(rendered_context)
    paths = paths_to_remove(context)
    missing = missing_paths(project_dir, paths)
    if missing:
        print(
            f"ERROR: template bug: post-generation cleanup expected {missing!r} in "
            f"the rendered project {project_dir.name!r}, but they do not exist; fix "
            "PATHS_BY_CHOICE in hooks/post_gen_project.py or the template",
            file=sys.stderr,
        )
        return 1
    remove_paths(project_dir, paths)
    drop_removed_durations(project_dir, paths)
    answers_file = project_dir / ANSWERS_FILE
    # Fixed newline so the file is byte-identical whichever OS renders it.
    answers_file.write_text(answers_json(recorded_answers(context)), encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(RENDERED_CONTEXT, Path.cwd()))
