"""What every part of a session reader shares: the error a file that cannot be opened
raises, and the short, safe descriptions of JSON values its messages quote (no
exception, whatever the file holds)."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["SessionError", "shown", "encodable"]


class SessionError(ValueError):
    """A session file that cannot be opened; the message names the file and the problem."""


def shown(value: Any, quote: bool = True) -> str:
    """A short, safe description of a JSON value for a message: never raises (a number
    of 5,000 digits cannot be turned into text; a list may be nested deeply)."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if value.bit_length() > 100:
            return f"a whole number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return repr(text) if quote else text
    if isinstance(value, list):
        return f"a list of {len(value):,} items"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (JSON allows lone surrogates, such as
    ``"\\ud800"``, which no file and no widget can hold)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
