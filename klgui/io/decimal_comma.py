"""Numbers written with a decimal comma (``0,8``), as spreadsheets write them in many
locales, turned into the decimal dot the parser reads."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["uses_decimal_comma", "dot_decimals"]

_COMMA_DECIMAL = re.compile(r"^\s*(\+?)(\d{1,3}(?:\.\d{3})+|\d*),(\d+)([eE][+-]?\d+)?(\s*%?)\s*$")
_COMMA_THOUSANDS = re.compile(r"^\s*\+?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?\s*%?\s*$")


def uses_decimal_comma(cells: Sequence[str]) -> bool:
    """True when some cell can only be read with a decimal comma: ``0,8``, ``2,5``,
    ``1.234,5`` (``1,000`` could be a thousand, so it does not count)."""
    return any("," in c and _COMMA_DECIMAL.match(c) and not _COMMA_THOUSANDS.match(c)
               for c in cells)


def dot_decimals(cells: Sequence[str]) -> list[str]:
    """Cells written with decimal commas (and perhaps dots between thousands) rewritten
    with a decimal dot: ``0,8`` → ``0.8``, ``1.234,5`` → ``1234.5``. Other text is kept."""
    joined = "\x00".join(cells)
    if "." not in joined and "\x00" not in "".join(cells):
        return joined.replace(",", ".").split("\x00") if cells else []
    return [_dot(c) for c in cells]


def _dot(cell: str) -> str:
    m = _COMMA_DECIMAL.match(cell)
    if not m:
        return cell
    sign, whole, frac, exponent, percent = m.groups()
    return f"{sign}{whole.replace('.', '')}.{frac}{exponent or ''}{percent.strip()}"
