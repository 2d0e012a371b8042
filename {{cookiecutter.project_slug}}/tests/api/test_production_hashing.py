"""Production's password hashing, with its slow hash kept in pytest's cache between runs.

A test must never rely on another test having run first: pytest-randomly shuffles the
order, ``-n 2`` splits the tests over processes, and ``-k`` runs any subset. So the
cached value is only a shortcut: every test asks the fixture, and the fixture checks
what it finds and recomputes when the entry is missing or was made for other inputs.
"""

from __future__ import annotations

import hashlib

import pytest
from werkzeug.security import generate_password_hash

from {{ cookiecutter.package_name }}.config import ProductionConfig

PASSWORD = "correct horse battery staple"
# Namespaced by this module, so no other test or plugin can read or overwrite it.
CACHE_KEY = f"{__name__}/production-password-hash"


def fingerprint(method: str, password: str) -> str:
    """What a cached hash was made from; a different method or password makes it stale."""
    return hashlib.sha256(f"{method}\0{password}".encode()).hexdigest()


@pytest.fixture
def production_password_hash(request):
    """A hash of PASSWORD made the production way (scrypt, ~0.1 s), cached across runs.

    Without the cache plugin (``-p no:cacheprovider``) it is computed for every test.
    """
    method = ProductionConfig.PASSWORD_HASH_METHOD
    expected = fingerprint(method, PASSWORD)
    cache = getattr(request.config, "cache", None)
    entry = cache.get(CACHE_KEY, None) if cache is not None else None
    if isinstance(entry, dict) and entry.get("fingerprint") == expected:
        return entry["hash"]
    password_hash = generate_password_hash(PASSWORD, method=method)
    if cache is not None:
        cache.set(CACHE_KEY, {"fingerprint": expected, "hash": password_hash})
    return password_hash


def test_production_hashes_with_scrypt(production_password_hash):
    assert production_password_hash.startswith("scrypt:")


def test_production_hashed_password_signs_in(client, make_user, production_password_hash):
    user = make_user(password_hash=production_password_hash)

    response = client.post("/api/tokens", json={"email": user.email, "password": PASSWORD})

    assert response.status_code == 200


def test_production_hash_refuses_another_password(client, make_user, production_password_hash):
    user = make_user(password_hash=production_password_hash)

    response = client.post("/api/tokens", json={"email": user.email, "password": "not it at all"})

    assert response.status_code == 401
