"""Where a ``next`` parameter may send a user: paths on this site, nowhere else."""

from __future__ import annotations

# Browsers read a backslash as a slash and drop tabs and newlines inside a URL, so
# "/\evil.example" and "/\t/evil.example" would both lead to another host.
UNSAFE_CHARACTERS = frozenset("\\") | {chr(code) for code in range(0x20)} | {"\x7f"}


def local_path(target: str | None) -> str | None:
    """The target when it is a path on this site, else None.

    Refused: absolute URLs ("https://evil.example"), other schemes ("javascript:..."),
    scheme-relative URLs ("//evil.example") and anything a browser might rewrite into one.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if UNSAFE_CHARACTERS.intersection(target):
        return None
    return target
