"""An independent oracle for the soak: the value of what was typed, and the figures, in
50-digit mpmath, without importing klgui.

What a person typed is read here by its own grammar, not klgui's parser, and kept
exact to 60 significant digits (a decimal such as ``1e-349`` or ``1e400`` keeps its
value; nothing is rounded to a double). That is the answer the app should give: the
divergence between the distributions the person plainly meant (shared/cases/README).

``read_entry(text)`` says one of three things:

- ``("value", mpf)``: a number ≥ 0 (``-0`` is 0);
- ``("invalid", reason)``: plainly not a weight (negative, NaN, infinite, x/0);
  a document holding such an entry is a bug;
- ``("unknown", text)``: something this grammar does not read (``1,5``, words); a
  document holding it cannot be checked here, and the check is counted as unchecked.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import mpmath as mp

DPS = 50
KEEP_DIGITS = 60
#: Figures compared, with the unit they are in ("" = unitless).
FIGURES = ("kl_pq", "kl_qp", "entropy_p", "entropy_q", "total_variation", "hellinger")
UNITLESS = {"total_variation", "hellinger"}
LOG_OF_UNIT = {"nats": None, "bits": 2, "hartleys": 10}
REL_TOL, ABS_TOL = 1e-12, 1e-15
#: With normalization off the app wants sums within this of 1 (validation.SUM_TOLERANCE);
#: sums within a hair of the edge are not decided here (the app adds floats).
SUM_TOLERANCE = 1e-9

#: Vulgar fraction characters read as their value (what a person plainly meant by ½).
VULGAR = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8)}
_DECIMAL = re.compile(r"^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$", re.ASCII)
_SPACES = re.compile(r"\s+")


def _normalized(text: str) -> str:
    """Unicode digits as ASCII, the Unicode minus and fraction slashes as ASCII."""
    out = []
    for ch in text:
        if ch in "−–":
            out.append("-")
        elif ch in "⁄∕":
            out.append("/")
        elif not ch.isascii() and unicodedata.decimal(ch, None) is not None:
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(ch)
    return "".join(out)


def _decimal(text: str) -> mp.mpf | None:
    """A plain decimal's value (kept to KEEP_DIGITS significant digits), or None."""
    m = _DECIMAL.match(text)
    if m is None:
        return None
    whole, frac, exp = m.group(1), m.group(2) or "", m.group(3)
    if not (whole or frac):
        return None
    if exp is not None and len(exp.lstrip("+-")) > 30:
        return None  # an exponent beyond any sense; read as unknown
    digits = (whole + frac).lstrip("0")
    e = (int(exp) if exp else 0) - len(frac)
    if not digits:
        return mp.mpf(0)
    if len(digits) > KEEP_DIGITS:
        e += len(digits) - KEEP_DIGITS
        digits = digits[:KEEP_DIGITS]
    return mp.mpf(int(digits)) * mp.power(10, e)


@functools.lru_cache(maxsize=100_000)
def read_entry(text: str) -> tuple[str, object]:
    with mp.workdps(DPS):
        s = _SPACES.sub("", _normalized(text))
        if not s:
            return ("unknown", text)
        if s.lower().lstrip("+-") in {"nan", "inf", "infinity", "∞"}:
            return ("invalid", "not finite")
        negative = s.startswith("-")
        s = s.lstrip("+-") if len(s) > 1 and s[0] in "+-" else s
        percent = s.endswith("%")
        if percent:
            s = s[:-1]
        if s in VULGAR:
            value = mp.mpf(VULGAR[s][0]) / VULGAR[s][1]
        elif s.count("/") == 1:
            num, den = (_decimal(x) for x in s.split("/"))
            if num is None or den is None:
                return ("unknown", text)
            if den == 0:
                return ("invalid", "divides by zero")
            value = num / den
        else:
            value = _decimal(s)
            if value is None:
                return ("unknown", text)
        if percent:
            value = value / 100
        if negative and value != 0:
            return ("invalid", "negative")
        return ("value", value)


@dataclass
class Expected:
    """What the window should show: figures in the document's unit, or an error."""

    error: str | None  # why no figure is due ("" when it may go either way)
    figures: dict[str, float]
    p: list | None = None  # exact normalized p and q (mpf)
    q: list | None = None


def as_double(x: mp.mpf) -> mp.mpf:
    """The double nearest to ``x`` (0 below the double range, inf above it), exactly."""
    man, exp = mp.mpf(x).man_exp
    exact = Fraction(int(man)) * (Fraction(2) ** int(exp))
    try:
        return mp.mpf(float(exact))  # Fraction -> float is correctly rounded, subnormals too
    except OverflowError:
        return mp.inf


def expected(p_texts: Sequence[str], q_texts: Sequence[str], unit: str, normalize: bool,
             smoothing: tuple[str, float, str] | None, doubles: bool = False) -> Expected | str:
    """The figures due for these entries, or a string saying why they cannot be checked
    ("unknown entry ..."), or raise ValueError("invalid ...") for an entry that no
    document may hold. ``smoothing`` is (method, amount, apply_to) or None.

    ``doubles``: take each entry as the double nearest to it (what a float parser
    reads: ``1e-323`` is 9.88e-324, ``1e-349`` is 0) instead of its value. A figure
    that matches this but not the value is wrong only because the entry is not a
    double."""
    with mp.workdps(DPS):
        cols = []
        for which, texts in (("P", p_texts), ("Q", q_texts)):
            col = []
            for i, t in enumerate(texts):
                kind, v = read_entry(t)
                if kind == "invalid":
                    raise ValueError(f"invalid entry: {which} row {i + 1} holds {t[:40]!r} ({v})")
                if kind == "unknown":
                    return f"unknown entry {which} row {i + 1}: {t[:40]!r}"
                col.append(as_double(v) if doubles else v)
            cols.append(col)
        a, b = cols
        if len(a) != len(b) or not a:
            raise ValueError("invalid document: P and Q differ in length or are empty")
        if not normalize:
            for which, col in (("P", a), ("Q", b)):
                off = abs(mp.fsum(col) - 1)
                if off > SUM_TOLERANCE * (1 + 1e-6):
                    return Expected(f"{which} does not sum to 1", {})
                if off > SUM_TOLERANCE * (1 - 1e-6):
                    return "sum at the edge of the tolerance"
        if smoothing is not None:
            method, amount, apply_to = smoothing
            alpha = mp.mpf(amount)
            targets = (False, True) if apply_to == "both" else (True,)
            if method == "additive":
                a = [x + alpha for x in a] if False in targets else a
                b = [x + alpha for x in b]
            else:
                if alpha * len(a) >= 1:
                    return Expected("the floor leaves no room", {})
                if abs(alpha * len(a) - 1) < 1e-9:
                    return "floor at the edge"
                new = []
                for col, is_q in ((a, False), (b, True)):
                    if is_q not in targets:
                        new.append(col)
                        continue
                    total = mp.fsum(col)
                    if total == 0:
                        return Expected("a distribution is all zero", {})
                    new.append([max(x / total, alpha) for x in col])
                a, b = new
        A, B = mp.fsum(a), mp.fsum(b)
        if A == 0 or B == 0:
            return Expected("a distribution is all zero", {})
        p = [x / A for x in a]
        q = [x / B for x in b]
        unit_log = LOG_OF_UNIT[unit]
        per = mp.mpf(1) if unit_log is None else mp.log(unit_log)

        def kl(x, y):
            if any(xi > 0 and yi == 0 for xi, yi in zip(x, y)):
                return mp.inf
            # non-negative terms: no cancellation in the sum
            return mp.fsum((xi * mp.log(xi / yi) - xi + yi) if xi > 0 else yi
                           for xi, yi in zip(x, y))

        def ent(x):
            return -mp.fsum(xi * mp.log(xi) for xi in x if xi > 0)

        h2 = mp.fsum((mp.sqrt(pi) - mp.sqrt(qi)) ** 2 for pi, qi in zip(p, q)) / 2
        nats = {
            "kl_pq": kl(p, q), "kl_qp": kl(q, p), "entropy_p": ent(p), "entropy_q": ent(q),
            "total_variation": mp.fsum(abs(pi - qi) for pi, qi in zip(p, q)) / 2,
            "hellinger": mp.sqrt(h2),
        }
        figures = {k: float(v if k in UNITLESS else v / per) for k, v in nats.items()}
        return Expected(None, figures, p, q)


def close(got: float | None, want: float) -> bool:
    """Relative 1e-12, or absolute 1e-15 near 0; infinity only where due; never NaN."""
    if got is None or math.isnan(got):
        return False
    if math.isinf(want) or math.isinf(got):
        return got == want
    diff = abs(got - want)
    return diff <= REL_TOL * abs(want) or diff <= ABS_TOL


def close_probability(got: float, want: mp.mpf) -> bool:
    """A normalized probability: relative 1e-12, or within the double range's floor."""
    w = float(want)
    if math.isnan(got):
        return False
    return abs(got - w) <= max(REL_TOL * abs(w), 1e-300)
