"""What a run loads before its first test is frozen; what the tests make is collected.

tests/conftest.py calls ``gc.freeze()`` when collection finishes, so that Python's garbage
collector stops walking the app and the collected tests at every full collection.
"""

from __future__ import annotations

import gc
import weakref


class Node:
    """An object that can refer to itself: a cycle only the garbage collector can free."""

    def __init__(self) -> None:
        self.itself = self


def test_what_the_run_loaded_before_the_first_test_is_frozen():
    # The app, its libraries and the collected tests: far more than this many objects.
    assert gc.get_freeze_count() > 10_000


def test_a_cycle_a_test_makes_is_still_collected():
    node = Node()
    collected = weakref.ref(node)
    del node

    gc.collect()

    assert collected() is None
