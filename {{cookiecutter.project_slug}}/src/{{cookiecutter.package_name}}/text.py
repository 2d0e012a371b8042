"""What every text input must not contain, wherever it comes from: API, forms or the CLI."""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1) and lone surrogates. PostgreSQL refuses NUL in text, a
# surrogate cannot be encoded to be stored at all, and the rest have no place in a name, an
# email or a sku: they hide text in logs and terminals.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
CONTROL_CHARACTERS_MESSAGE = "Must not contain control characters such as NUL, tabs or newlines."


def has_control_characters(text: str) -> bool:
    """Whether the text holds a character CONTROL_CHARACTERS refuses."""
    return CONTROL_CHARACTERS.search(text) is not None
