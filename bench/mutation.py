"""Mutation testing of the generated suite: how many small deliberate bugs its tests catch.

From the template's root, with its dev environment:

    .venv/bin/python -m bench.mutation                 # ~1300 mutants: tens of minutes when busy
    .venv/bin/python -m bench.mutation --output /tmp/mutation.md

It renders the default project, builds its virtualenv with the `dev` tools (as the template's
tests do), runs `mutmut run` there as the project's TESTING.md says, and writes
docs/mutation.md: per file the mutants, how many the tests killed, how many survived and how
many of those the project lists as equivalent (mutation-equivalents.toml, with a reason each),
the raw score (killed + timeout) / all, the time, and the machine with its load average.
Like bench/run.py it reports the target but does not fail on it: a run on a busy machine is
slow, not wrong.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from conftest import (
    TEMPLATE_DIR,
    Combination,
    ProjectEnv,
    RenderedProject,
    bake,
    build_venv,
    write_cookiecutter_config,
)
from equivalents import (
    EQUIVALENTS_FILE,
    Equivalent,
    module_of,
    read_equivalents,
    source_file,
)

from bench.run import (
    WRITE_BYTECODE,
    cores,
    first_line_with,
    git_revision,
    memory_gib,
    shown_load,
)

DOCS_FILE = TEMPLATE_DIR / "docs" / "mutation.md"
TARGET_SCORE = 0.93
TARGET_SECONDS = 600
# Generous: a run of ~600 mutants takes minutes; one that hangs must still end.
RUN_TIMEOUT = 3 * 3600
# `mutmut results --all true` prints one "    <mutant>: <status>" line per mutant.
RESULT_LINE = re.compile(r"^\s+(?P<mutant>\S+__mutmut_\d+): (?P<status>.+)$")
FOUND = ("killed", "timeout")


def say(message: str) -> None:
    """Progress on stderr, so that stdout carries only the results."""
    print(message, file=sys.stderr, flush=True)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.mutation", description=__doc__)
    parser.add_argument(
        "--output", type=Path, default=DOCS_FILE, help="where the report is written"
    )
    parser.add_argument(
        "--results-of",
        type=Path,
        metavar="PROJECT",
        help="report the `mutmut run` already made in this default render (after a survivor was "
        "listed, say) instead of rendering and running: the time is then not measured",
    )
    return parser.parse_args(argv)


def statuses(results_output: str) -> dict[str, str]:
    """Each mutant's status, from `mutmut results --all true`."""
    found = (RESULT_LINE.match(line) for line in results_output.splitlines())
    return {match["mutant"]: match["status"] for match in found if match}


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(row) + " |" for row in lines)


def score(counts: Counter[str]) -> float:
    """(killed + timeout) / all mutants: the raw score, equivalents counted as survivors."""
    total = sum(counts.values())
    return sum(counts[status] for status in FOUND) / total if total else 0.0


def file_rows(
    by_mutant: Mapping[str, str], equivalents: Mapping[str, Equivalent], source_root: Path
) -> tuple[list[list[str]], Counter[str]]:
    """One row per mutated file and the counts over all of them."""
    per_file: dict[str, Counter[str]] = {}
    for mutant, status in by_mutant.items():
        path = source_file(module_of(mutant), source_root).relative_to(source_root)
        counts = per_file.setdefault(str(path), Counter())
        counts[status] += 1
        if status == "survived" and mutant in equivalents:
            counts["listed"] += 1
    total: Counter[str] = Counter()
    rows = []
    for name, counts in sorted(per_file.items()):
        total.update(counts)
        rows.append(count_row(f"`{name}`", counts))
    rows.append(count_row("**all**", total))
    return rows, total


def count_row(name: str, counts: Counter[str]) -> list[str]:
    mutants = sum(n for status, n in counts.items() if status != "listed")
    others = mutants - sum(counts[status] for status in (*FOUND, "survived"))
    return [
        name,
        str(mutants),
        str(counts["killed"]),
        str(counts["timeout"]),
        str(counts["survived"]),
        str(counts["listed"]),
        str(others),
        f"{score(Counter({s: n for s, n in counts.items() if s != 'listed'})):.1%}",
    ]


def survivor_rows(
    by_mutant: Mapping[str, str], equivalents: Mapping[str, Equivalent]
) -> list[list[str]]:
    rows = []
    for mutant, status in sorted(by_mutant.items()):
        if status in FOUND:
            continue
        listed = equivalents.get(mutant)
        reason = listed.reason if listed else "**not listed: a missing test?**"
        rows.append([f"`{mutant}`", status, reason.replace("|", "\\|")])
    return rows


def machine_rows(load_at_start: tuple[float, float, float]) -> list[list[str]]:
    cpu = first_line_with(Path("/proc/cpuinfo"), "model name") or platform.processor()
    return [
        ["CPU", cpu or "unknown"],
        ["cores (nproc)", str(cores())],
        ["memory", memory_gib()],
        ["system", platform.platform()],
        [
            "load average (1, 5, 15 min)",
            f"{shown_load(load_at_start)} at start, {shown_load(os.getloadavg())} at end",
        ],
    ]


def report(
    by_mutant: Mapping[str, str],
    equivalents: Mapping[str, Equivalent],
    source_root: Path,
    seconds: float | None,
    machine: list[list[str]],
) -> str:
    rows, total = file_rows(by_mutant, equivalents, source_root)
    survivors = survivor_rows(by_mutant, equivalents)
    raw = score(Counter({s: n for s, n in total.items() if s != "listed"}))
    unexplained = total["survived"] - total["listed"]
    verdicts = [
        f"- raw score {raw:.1%} (target {TARGET_SCORE:.0%}): "
        + ("PASS" if raw >= TARGET_SCORE else "FAIL"),
        f"- `mutmut run` took {seconds / 60:.1f} min (target {TARGET_SECONDS // 60} min): "
        + ("PASS" if seconds <= TARGET_SECONDS else "FAIL")
        if seconds is not None
        else "- the time was not measured (`--results-of`: a run made beforehand)",
        f"- survivors not listed in {EQUIVALENTS_FILE}: {unexplained}",
    ]
    if total["not checked"]:
        verdicts.append(
            f"- **{total['not checked']} mutants were not checked**: the run was stopped "
            "before it ended, and the score counts them as not found"
        )
    header = [
        "file",
        "mutants",
        "killed",
        "timeout",
        "survived",
        "listed equivalent",
        "other",
        "raw score",
    ]
    today = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Mutation testing of the generated suite",
        "Written by `.venv/bin/python -m bench.mutation` (bench/mutation.py): the default "
        "project, rendered from template revision "
        f"{git_revision() if seconds is not None else '(an earlier one: --results-of)'}, "
        "`mutmut run` with its own settings (pyproject.toml, `[tool.mutmut]`)"
        f", on {today}. The project's TESTING.md explains the method and how to read a "
        "survivor; *listed equivalent* counts the survivors that its "
        f"`{EQUIVALENTS_FILE}` explains; *other* is mutants no test reached or that mutmut "
        "could not judge.",
        "\n".join(verdicts),
        markdown_table(header, rows),
        "## Survivors",
        markdown_table(["mutant", "status", "why"], survivors) if survivors else "None.",
        "## Machine",
        "Timings are only as good as the machine is quiet: a load average above the number "
        "of cores means other work shared them, and the time is inflated.",
        markdown_table(["what", "value"], machine),
    ]
    return "\n\n".join(parts) + "\n"


def run_mutmut(env: ProjectEnv) -> tuple[dict[str, str], float]:
    """Run `mutmut run` in the project; each mutant's status and the run's seconds."""
    started = time.perf_counter()
    run = env.run("mutmut", "run", check=False, timeout=RUN_TIMEOUT)
    seconds = time.perf_counter() - started
    results = env.run("mutmut", "results", "--all", "true", check=False)
    by_mutant = statuses(results.stdout)
    if not by_mutant:
        tail = (run.stdout + run.stderr)[-3000:]
        raise SystemExit(f"mutmut run gave no results (exit {run.returncode}):\n{tail}")
    return by_mutant, seconds


def report_of_earlier_run(project: Path) -> str:
    """The report of the results a `mutmut run` left in a rendered project."""
    rendered = RenderedProject(Combination("default", {}), {}, project, ())
    env = ProjectEnv(rendered, project / ".venv")
    results = env.run("mutmut", "results", "--all", "true", check=False)
    return report(
        statuses(results.stdout),
        {entry.mutant: entry for entry in read_equivalents(project)},
        project / "src",
        None,
        machine_rows(os.getloadavg()),
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if arguments.results_of is not None:
        results = report_of_earlier_run(arguments.results_of.resolve())
        arguments.output.write_text(results, encoding="utf-8")
        print(results)
        return 0
    with tempfile.TemporaryDirectory(prefix="mutation-") as directory:
        workdir = Path(directory)
        say("rendering the default project and building its virtualenv ...")
        config = write_cookiecutter_config(workdir)
        project = bake(Combination("default", {}), workdir / "render", config)
        # Bytecode caches as a user's machine keeps them (bench/run.py says why).
        env = replace(build_venv(project, "dev", workdir / "venv"), environment=WRITE_BYTECODE)
        load_at_start = os.getloadavg()
        say("running mutmut (minutes) ...")
        by_mutant, seconds = run_mutmut(env)
        results = report(
            by_mutant,
            {entry.mutant: entry for entry in read_equivalents(project.path)},
            project.path / "src",
            seconds,
            machine_rows(load_at_start),
        )
    arguments.output.write_text(results, encoding="utf-8")
    print(results)
    say(f"written to {arguments.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
