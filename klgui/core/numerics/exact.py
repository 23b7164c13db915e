"""Error-free transformations: sums and products carried beyond double precision.

Normalizing weights rounds every probability, and when P is close to Q those
roundings are larger than the differences p - q that the divergence measures. The
divergence kernel therefore never forms p - q from rounded probabilities; it forms
``a_i - b_i * (A / B)`` from the raw weights with the sums ``A``, ``B`` and their ratio
held as double-double numbers (a value ``hi + lo`` with about 106 significant bits).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

__all__ = ["pairwise_sum", "dd_sum", "rounded", "two_product", "dd_ratio", "scaled_difference",
           "surveyed",
           "Survey", "SUMMABLE", "SURVEY_BLOCK", "BlockSurvey", "surveyed_block",
           "joined_survey"]

_SPLITTER = 134217729.0  # 2**27 + 1, Dekker's splitting constant for float64


def pairwise_sum(x: np.ndarray) -> float:
    """numpy's pairwise sum as a float: error about log2(n) ulps of the sum of |x|, where
    a dot product or a running sum would give up to n ulps."""
    return float(np.add.reduce(x))


#: Elements per block of a survey: the block and its buffer stay in cache.
SURVEY_BLOCK = 32768


def dd_sum(x: np.ndarray, block: int = SURVEY_BLOCK) -> tuple[float, float]:
    """Sum a non-negative float64 array into a double-double ``(hi, lo)``.

    Per block, Rump-Ogita-Oishi's ExtractVector splits every element into a high part
    on a grid so coarse that the high parts add up with no rounding at all, and a low
    part below that grid whose ordinary sum is accurate to ~1e-16 of itself. The few
    exact block parts are then added with ``math.fsum``. Two passes over the data in
    cache. The error is that of the low parts' sum: they are below 2^-35 of the block's
    largest element (blocks of 32,768), so the relative error is below about 2e-21. It
    is usually far smaller; the worst found, one weight of 1 among 32,767 of ~1e-5, was
    4e-25.
    """
    x = np.asarray(x, dtype=np.float64)
    work = np.empty(min(block, x.size))
    survey = surveyed(x, work)
    if SUMMABLE <= survey.high < math.inf and survey.low >= 0.0:  # sum a scaled copy
        exponent = math.frexp(survey.high)[1]
        half = 2.0 ** (exponent // 2)
        hi, lo = surveyed(np.ldexp(x, -exponent), work).total
        rest = 2.0 ** (exponent - exponent // 2)
        return hi * half * rest, lo * half * rest  # overflows to inf if it must
    return survey.total


def rounded(total: tuple[float, float]) -> float:
    """A double-double ``(hi, lo)`` as the nearest float; an infinite ``hi`` as it is."""
    hi, lo = total
    return hi + lo if math.isfinite(hi) else hi


class Survey(NamedTuple):
    """What one pass over a weight array learns: its sum and its extremes."""

    total: tuple[float, float]  #: double-double sum; NaN unless 0 <= low, high < SUMMABLE
    low: float  #: smallest element (NaN if there is a NaN)
    high: float  #: largest element (NaN if there is a NaN)


#: Elements from here up are too large for dd_sum's grid (it would overflow).
SUMMABLE = 2.0 ** 1000


def surveyed(x: np.ndarray, work: np.ndarray) -> Survey:
    """The dd_sum of a 1-D float64 array with its minimum and maximum, block by block
    (blocks the size of the float64 buffer ``work``) so memory is read once."""
    blocks: list[BlockSurvey] = []
    block = max(work.size, 1)
    for start in range(0, x.size, block):
        found = surveyed_block(x[start:start + block], work)
        if found is None:  # negative, NaN, infinite or huge
            return Survey((math.nan, math.nan), float(x.min()), float(x.max()))
        blocks.append(found)
    return joined_survey(blocks)


class BlockSurvey(NamedTuple):
    """What :func:`surveyed` learns from one block: its extremes and the two parts
    (exact high parts, rounded low parts) its sum adds to the total."""

    low: float
    high: float
    parts: tuple[float, ...]  #: () for a block of zeros


def surveyed_block(chunk: np.ndarray, work: np.ndarray) -> BlockSurvey | None:
    """One block of :func:`surveyed` (``work``: a float64 buffer at least as long);
    None when it holds a negative, NaN, infinite or huge (>= SUMMABLE) value."""
    top, bottom = float(chunk.max()), float(chunk.min())
    if not (bottom >= 0.0 and top < SUMMABLE):
        return None
    if top == 0.0:
        return BlockSurvey(bottom, top, ())
    sigma = math.ldexp(1.0, math.frexp(top)[1] + chunk.size.bit_length() + 1)
    high = work[:chunk.size]
    np.add(chunk, sigma, out=high)
    high -= sigma
    exact_part = float(np.add.reduce(high))  # exact: multiples of ulp(sigma)
    np.subtract(chunk, high, out=high)
    return BlockSurvey(bottom, top, (exact_part, float(np.add.reduce(high))))


def joined_survey(blocks: list[BlockSurvey]) -> Survey:
    """The Survey of an array from those of its blocks, in order (see surveyed)."""
    parts = [part for b in blocks for part in b.parts]
    hi = math.fsum(parts)  # correctly rounded, and so is the remainder:
    parts.append(-hi)
    return Survey((hi, math.fsum(parts)), min((b.low for b in blocks), default=math.nan),
                  max((b.high for b in blocks), default=math.nan))


def two_product(a: np.ndarray | float, b: np.ndarray | float):
    """``a * b`` as ``(p, e)`` with p = fl(a·b) and p + e = a·b exactly: Dekker's
    TwoProduct (Dekker, "A floating-point technique for extending the available
    precision", Numer. Math. 18, 1971), with Veltkamp's split of each factor into
    halves of 26 bits. Arrays or floats, elementwise; exact while the products do not
    overflow (factors below about 2^996) and ``e`` is not below the subnormals (a·b
    above about 2^-969)."""
    p = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def _split(x: np.ndarray | float):
    """Veltkamp's split: x = hi + lo exactly, each with at most 26 significant bits."""
    c = _SPLITTER * x
    hi = c - (c - x)
    return hi, x - hi


def dd_ratio(num: tuple[float, float], den: tuple[float, float]) -> tuple[float, float]:
    """The ratio of two double-doubles as a double-double (relative error ~1e-32): the
    rounded quotient hi and the rest of the quotient, from the exact remainder
    num − hi·den (:func:`two_product`). Floats or arrays, elementwise; hi is
    num[0]/den[0] rounded, and the pair is not renormalized."""
    hi = num[0] / den[0]
    prod, err = two_product(hi, den[0])
    remainder = ((num[0] - prod) - err) + num[1] - hi * den[1]
    return hi, remainder / den[0]


def scaled_difference(a: np.ndarray, b: np.ndarray, k: tuple[float, float]) -> np.ndarray:
    """``a - b * k`` for a double-double ``k``, accurate to a few ulps of the result.

    The product ``b * k_hi`` is formed exactly (Dekker's TwoProduct), so when ``a`` and
    ``b * k`` agree to many digits the difference keeps all its significant bits
    instead of the ~1e-16 relative noise of a rounded product.
    """
    k_hi, k_lo = k
    if k_hi == 1.0 and k_lo == 0.0:
        return a - b
    prod, err = two_product(b, k_hi)
    return ((a - prod) - err) - b * k_lo
