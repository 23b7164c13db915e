"""Decimal places of entries as typed: the ``k`` for which an entry's value times 10^k
is an integer below 2^53, so that a column of decimals becomes exact integers over one
power of ten (see :mod:`klgui.core.numerics.entries`).

A million-row import needs this for every entry of every column, so
:func:`decimal_places_many` reads the usual texts (``0.125``, ``1.23456e-06``) all at
once from the code points of the joined texts, in numpy passes, and only the others
(fractions, percentages, spaces, long or far numbers) one by one with
:func:`decimal_places`, which defines the result: both give the same for every text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = ["ODD", "MAX_PLACES", "decimal_places", "decimal_places_many"]

#: ``places`` of an entry that is not a short decimal (a fraction, a decimal of more
#: than 15 significant digits, or one beyond 10^±22): it is handled exactly, one by one.
ODD = -1
#: 10.0**k is exact up to k = 22.
MAX_PLACES = 22
_DECIMAL = re.compile(r"^\+?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?\s*(%?)$")
#: The longest mantissa and exponent the vectorized reading takes (longer: one by one).
_MANTISSA_MAX = 15
_EXPONENT_DIGITS = 5


def decimal_places(text: str) -> int:
    """For the text of a valid weight: the number of decimal places ``k`` (0 to 22) such
    that its value times 10^k is an integer below 2^53, or :data:`ODD` when there is
    none (fractions, more than 15 significant digits, exponents beyond ±22)."""
    m = _DECIMAL.match(text.strip())
    if m is None:
        return ODD
    whole, frac, exponent, percent = m.groups()
    frac = frac or ""
    digits = (whole + frac).lstrip("0")
    if len(digits) > 15:
        return ODD
    shift = int(exponent) if exponent else 0
    if abs(shift) > 400:
        return ODD
    places = len(frac) - shift + (2 if percent else 0)
    if places < 0:  # an integer with trailing zeros: 1e5
        return 0 if len(digits) - places <= 15 else ODD
    return places if places <= MAX_PLACES else ODD


def decimal_places_many(texts: Sequence[str], *, joined: str | None = None,
                        lengths: np.ndarray | None = None) -> np.ndarray:
    """:func:`decimal_places` of every text, as (n,) int16.

    Texts of the form ``digits[.digits][e[+-]digits]`` (mantissa of at most 15
    characters, exponent of at most 5 digits, places from 0 to 22) are read together,
    about 50 ns each; any other text goes through :func:`decimal_places`. ``joined``
    (``"".join(texts)``) and ``lengths`` (each text's length), when known, save
    computing them again.
    """
    n = len(texts)
    out = np.empty(n, dtype=np.int16)
    if n == 0:
        return out
    if joined is None or lengths is None:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
        joined = "".join(texts)
    lengths = lengths.astype(np.int64, copy=False)
    if joined.isascii():
        codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
    else:  # one code point per character, so positions stay those of the characters
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    del joined
    fast = _read_many(codes, lengths, out)
    for i in np.flatnonzero(~fast).tolist():
        out[i] = decimal_places(texts[i])
    return out


def _read_many(codes: np.ndarray, lengths: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Fill ``out`` for the texts (``codes`` of their characters, joined; ``lengths``)
    of the usual form and return which those were (a (n,) bool mask). Works in blocks
    of rows, so that the temporaries stay in cache."""
    n = lengths.size
    ends = np.cumsum(lengths)
    fast = np.empty(n, dtype=bool)
    for first in range(0, n, _BLOCK):
        stop = min(first + _BLOCK, n)
        lo = int(ends[first - 1]) if first else 0
        fast[first:stop] = _read_block(codes[lo:int(ends[stop - 1])], lengths[first:stop],
                                       out[first:stop])
    return fast


_BLOCK = 1 << 15


def _read_block(codes: np.ndarray, lengths: np.ndarray, out: np.ndarray) -> np.ndarray:
    """_read_many for one block of rows."""
    n = lengths.size
    starts = np.cumsum(lengths) - lengths
    row = np.repeat(np.arange(n, dtype=np.int32), lengths)  # the row of each character
    where = np.arange(codes.size, dtype=np.int32) - starts[row].astype(np.int32)
    digit = (codes - ord("0")) < 10  # (unsigned: below "0" wraps round)
    dot = codes == ord(".")
    e = (codes | 32) == ord("e")
    sign = (codes == ord("+")) | (codes == ord("-"))
    fast = lengths > 0
    fast[row[~(digit | dot | e | sign)]] = False
    # The first e of each row (rows without one: their length), and no second e.
    at = np.flatnonzero(e)
    rows = row[at]
    first_e = lengths.copy()
    first_e[rows[::-1]] = where[at[::-1]]  # the last write is the first e
    # At most one dot, before the e: the mantissa's places are the characters after it.
    at = np.flatnonzero(dot)
    dots = row[at]
    dot_at = np.full(n, -1, dtype=np.int64)
    dot_at[dots] = where[at]
    extra = np.bincount(rows, minlength=n) > 1
    extra |= np.bincount(dots, minlength=n) > 1
    fast &= ~extra & (dot_at < first_e)
    places = np.where(dot_at >= 0, first_e - dot_at - 1, 0)
    fast &= (first_e <= _MANTISSA_MAX) & (first_e > (dot_at >= 0))  # a digit before the e
    # A sign only just after the e.
    at = np.flatnonzero(sign)
    fast[row[at][where[at] != first_e[row[at]] + 1]] = False
    fast &= first_e != lengths - 1  # no exponent after the e
    rows = np.flatnonzero(fast & (first_e < lengths))
    if rows.size:
        begin = starts[rows] + first_e[rows] + 1  # just after the e
        signed = sign[begin]
        negative = signed & (codes[begin] == ord("-"))
        begin = begin + signed
        count = starts[rows] + lengths[rows] - begin
        ok = (count >= 1) & (count <= _EXPONENT_DIGITS)
        exponent = np.zeros(rows.size, dtype=np.int64)
        for k in range(_EXPONENT_DIGITS):
            more = ok & (k < count)
            digits = codes[np.where(more, begin + k, 0)].astype(np.int64) - ord("0")
            exponent = np.where(more, exponent * 10 + digits, exponent)
        fast[rows[~ok]] = False
        places[rows] -= np.where(negative, -exponent, exponent)
    fast &= (places >= 0) & (places <= MAX_PLACES)
    out[fast] = places[fast]
    return fast
