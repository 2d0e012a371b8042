"""A pytest plugin the benchmark loads into the generated suites (`-p phase_timer`).

It adds up how long pytest spent in each phase of every test: "setup" (the test's fixtures
being made), "call" (the test body) and "teardown" (the fixtures' cleanup), as pytest itself
measures them for `--durations`, but without rounding to 10 ms. At the end of the session it
writes the sums, and the number of passed tests, as JSON to the file named by
BENCH_PHASES_FILE. Under pytest-xdist the workers' reports reach the controller, which writes.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

PHASES_FILE_VARIABLE = "BENCH_PHASES_FILE"


class PhaseTimer:
    """Sums the durations of each test phase, counts passed tests, writes them at the end."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.passed = 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.when] += report.duration
        if report.when == "call" and report.passed:
            self.passed += 1

    def pytest_sessionfinish(self) -> None:
        document = {"passed": self.passed, **self.seconds}
        self.output.write_text(json.dumps(document), encoding="utf-8")


def pytest_configure(config: pytest.Config) -> None:
    # An xdist worker only reports to the controller; the controller's timer sums everything.
    if hasattr(config, "workerinput"):
        return
    config.pluginmanager.register(PhaseTimer(Path(os.environ[PHASES_FILE_VARIABLE])))
