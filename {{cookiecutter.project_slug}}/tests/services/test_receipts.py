"""make_receipt_file: a factory fixture whose files a finalizer closes and deletes."""

from __future__ import annotations

from pathlib import Path

import pytest

from {{ cookiecutter.package_name }}.services.orders import commit_order
from {{ cookiecutter.package_name }}.services.receipts import receipt_text


@pytest.fixture
def receipts_dir(receipts_dir):
    """The conftest's folder, checked again once make_receipt_file's finalizers have run.

    make_receipt_file needs this fixture, so pytest sets it up first and tears it down
    last: by then every receipt file must be gone. (A teardown that finds one fails as an
    error of the test that left it.)
    """
    yield receipts_dir
    assert list(receipts_dir.iterdir()) == [], "make_receipt_file left files behind"


def test_a_receipt_file_holds_the_receipt(make_receipt_file, make_transaction):
    order = commit_order(make_transaction("T-1"))

    receipt = make_receipt_file(order)

    assert receipt.read() == receipt_text(order)


def test_receipt_files_stay_open_until_the_test_ends(make_receipt_file, make_transaction):
    orders = [commit_order(make_transaction(f"T-{n}")) for n in range(3)]

    receipts = [make_receipt_file(order) for order in orders]

    assert [receipt.closed for receipt in receipts] == [False, False, False]
    assert sorted(Path(receipt.name).name for receipt in receipts) == [
        "T-0.txt",
        "T-1.txt",
        "T-2.txt",
    ]
