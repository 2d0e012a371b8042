"""The generated suite's benchmark: `python -m bench.run` (docs/benchmarks.md).

The benchmark reuses the template tests' helpers from tests/conftest.py, under the module name
`conftest` that pytest and mypy give that file, so the tests folder goes on the import path.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
