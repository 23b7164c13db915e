"""Text cells a spreadsheet would run as formulas (OWASP "CSV injection").

A spreadsheet opening a CSV file treats a cell that begins with ``=``, ``+``, ``-`` or
``@`` (and, in some, tab or carriage return) as a formula: a label such as
``=HYPERLINK("http://…")`` or ``=cmd|' /C calc'!A0`` becomes live. Every CSV export
writes such *text* cells with a leading ``'`` (numbers are written as numbers), and our
own import takes it off again, so a round trip gives back exactly what was written.

To stay reversible for text that itself begins with ``'``, one ``'`` is added whenever
the text matches ``^'*[=+\\-@\\t\\r]`` and one is removed whenever it matches
``^'+[=+\\-@\\t\\r]``: ``=1`` → ``'=1``, ``'=1`` → ``''=1``, and back.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

__all__ = ["escape_cell", "unescape_cell", "unescape_cells"]

_TRIGGERS = "=+-@\t\r"
_NEEDS_ESCAPE = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_FIRST = frozenset(_TRIGGERS + "'")


def escape_cell(text: str) -> str:
    """``text`` made safe to write as a CSV cell: prefixed with ``'`` when it begins
    (after any ``'``) with ``=``, ``+``, ``-``, ``@``, tab or CR; else unchanged."""
    if text[:1] in _FIRST and _NEEDS_ESCAPE.match(text):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """The inverse of :func:`escape_cell`: one leading ``'`` dropped when ``'`` (one or
    more) is followed by ``=``, ``+``, ``-``, ``@``, tab or CR; else unchanged."""
    if text[:1] == "'" and _ESCAPED.match(text):
        return text[1:]
    return text


def unescape_cells(cells: Iterable[str]) -> list[str]:
    """:func:`unescape_cell` of each cell, as a list (fast when none is escaped)."""
    cells = cells if isinstance(cells, list) else list(cells)
    if not any(map(str.startswith, cells, itertools.repeat("'"))):
        return cells  # the usual file: a C-level pass, no copy
    return [unescape_cell(c) if c[:1] == "'" else c for c in cells]
