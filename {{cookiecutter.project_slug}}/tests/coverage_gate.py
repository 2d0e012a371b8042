"""The coverage gate belongs to the whole suite: a partial run skips coverage, and says so.

Plain ``pytest`` runs every test of ``testpaths`` and measures branch coverage at the gate
(``fail_under`` in pyproject.toml). A part of the suite (a path or node id inside
``testpaths``, ``-k``, ``-m``, ``--lf``, ``--ff``, ``--sw``, ``--deselect``,
``--collect-only``) could never reach the gate, and would pay for measuring what it does not
need. This plugin gives such a run pytest-cov's ``--no-cov`` before pytest-cov starts, and
says so in the summary. ``--cov`` on the command line measures a partial run anyway, and then
the gate applies.

A shard of the CI (pytest-split's ``--splits N --group I``) is a part that belongs to a whole:
it measures coverage, for the CI's coverage job to combine with the other shards' data and
hold to the gate, but it gives pytest-cov ``--cov-fail-under=0`` so that no shard fails on
its own share. Every shard must shuffle the suite alike before pytest-split deals it out, so
a shard refuses to run with pytest-randomly on and no ``--randomly-seed=<number>``.

pytest-cov starts measuring before any conftest.py is read, so this module is loaded as a
plugin by ``-p tests.coverage_gate`` in pyproject.toml's addopts (``pythonpath = ["."]``
makes ``tests`` importable that early).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from argparse import Namespace
    from collections.abc import Generator, Sequence
    from pathlib import Path

# pytest's options that select a part of the suite, by the name pytest keeps them under, and
# as a user types them.
SELECTING_OPTIONS = {
    "keyword": "-k",
    "markexpr": "-m",
    "lf": "--lf",
    "failedfirst": "--ff",
    "stepwise": "--sw",
    "deselect": "--deselect",
    "collectonly": "--collect-only",
}
PARTIAL_RUN = pytest.StashKey[str]()
SHARD = pytest.StashKey[str]()


def partial_run_reason(options: Namespace, here: Path, testpaths: Sequence[Path]) -> str | None:
    """What makes this run a part of the suite (an option, or the paths given), or None.

    Paths count from ``here``, where pytest was started. They make the whole suite when each
    of ``testpaths`` lies inside one of them: ``pytest tests`` and ``pytest .`` are whole.
    """
    for name, flag in SELECTING_OPTIONS.items():
        if getattr(options, name, None):
            return flag
    given: list[str] = options.file_or_dir
    if not given:
        return None
    roots = [(here / argument).resolve() for argument in given if "::" not in argument]
    covers_the_suite = len(roots) == len(given) and all(
        any(testpath.is_relative_to(root) for root in roots) for testpath in testpaths
    )
    return None if covers_the_suite else " ".join(given)


def shard_of(options: Namespace) -> str | None:
    """The shard pytest-split runs, as "group/splits" (both options given), else None."""
    splits, group = getattr(options, "splits", None), getattr(options, "group", None)
    return f"{group}/{splits}" if splits and group else None


def shuffles_alone(options: Namespace) -> bool:
    """Whether pytest-randomly reorders the suite with a seed that no other shard shares."""
    if not getattr(options, "randomly_reorganize", False):  # -p no:randomly, or told not to
        return False
    return not isinstance(options.randomly_seed, int)


def asks_for_coverage(command_line: Sequence[str]) -> bool:
    """Whether the command line itself (not addopts) gives --cov."""
    return any(argument == "--cov" or argument.startswith("--cov=") for argument in command_line)


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config, args: list[str]) -> Generator[None]:
    """Before pytest-cov starts: a part of the suite gets --no-cov, a shard no gate."""
    testpaths = [early_config.rootpath / path for path in early_config.getini("testpaths")]
    options = early_config.known_args_namespace
    reason = partial_run_reason(options, early_config.invocation_params.dir, testpaths)
    shard = shard_of(options)
    if shard is not None and reason is None:
        if shuffles_alone(options):
            raise pytest.UsageError(
                f"shard {shard}: give every shard the same --randomly-seed=<number> (or "
                "-p no:randomly), so that all shards deal out one shuffled suite"
            )
        # Both, as for --no-cov below; the gate is the combined shards'.
        args.append("--cov-fail-under=0")
        options.cov_fail_under = 0
        early_config.stash[SHARD] = shard
    elif reason is not None and not asks_for_coverage(early_config.invocation_params.args):
        # Both: pytest-cov reads the options parsed so far; pytest parses args again later.
        args.append("--no-cov")
        early_config.known_args_namespace.no_cov = True
        early_config.stash[PARTIAL_RUN] = reason
    return (yield)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Say in one line what a shard or a partial run did with coverage, and why."""
    shard = config.stash.get(SHARD, None)
    if shard is not None:
        terminalreporter.write_line(
            f"Shard {shard}: coverage measured, not held to the gate; the gate is the combined "
            "shards' (coverage combine, then coverage report)."
        )
    reason = config.stash.get(PARTIAL_RUN, None)
    if reason is not None:
        terminalreporter.write_line(
            f"Partial run ({reason}): coverage not measured, and the gate is the whole "
            "suite's; add --cov to measure it."
        )
