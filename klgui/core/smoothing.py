"""Optional smoothing of the weights. Never applied unless asked for, and always
recorded in the Comparison it produced."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.parsing import parse_exact, parse_weight

__all__ = ["Smoothing"]


@dataclass(frozen=True)
class Smoothing:
    """How to smooth P and Q before comparing them.

    Parameters
    ----------
    method : {"additive", "floor"}
        ``"additive"`` (Laplace): add the pseudo-count ``amount`` to every weight, in the
        units the weights were given in. ``"floor"``: raise every normalized probability
        below ``amount`` to ``amount``, then normalize again.
    amount : float
        The pseudo-count α (additive) or the floor ε (a probability, below 1/n).
    apply_to : {"both", "q"}
        Smooth both distributions, or only the model Q.
    """

    method: Literal["additive", "floor"]
    amount: float
    apply_to: Literal["both", "q"] = "both"

    def __post_init__(self) -> None:
        if self.method not in ("additive", "floor"):
            raise ValueError(f"unknown smoothing method {self.method!r}; use 'additive' or 'floor'")
        if self.apply_to not in ("both", "q"):
            raise ValueError(f"smoothing applies to 'both' or 'q', not {self.apply_to!r}")
        if not (math.isfinite(self.amount) and self.amount > 0):
            raise ValueError(f"The smoothing amount must be a finite number above 0, "
                             f"not {self.amount!r}.")

    def describe(self) -> str:
        target = "P and Q" if self.apply_to == "both" else "Q"
        if self.method == "additive":
            return f"additive (Laplace) α = {self.amount:g} on {target}"
        return f"probability floor ε = {self.amount:g} on {target}"

    def apply(self, w: np.ndarray, is_q: bool) -> np.ndarray:
        """Smoothed copy of weights ``w`` (of Q when ``is_q``)."""
        if not is_q and self.apply_to == "q":
            return w
        if self.method == "additive":
            return w + self.amount
        self.check_fits(w.size)  # the table can grow under a chosen floor
        top = float(w.max(initial=0.0))
        if top > 1e300:  # scale exactly by a power of two first: the sum must not overflow
            w = np.ldexp(w, -math.frexp(top)[1])
        return np.maximum(w / w.sum(), self.amount)

    def check_fits(self, n: int) -> None:
        """Raise DistributionError when a floor leaves no room over ``n`` outcomes."""
        if self.method == "floor" and self.amount * n >= 1.0:
            raise DistributionError(
                f"a floor of {self.amount:g} over {n} outcomes leaves no room (every "
                f"probability at least ε would add up to more than 1); "
                f"use a floor below {1.0 / n:g}.")

    @classmethod
    def from_text(cls, method: str, text: str, apply_to: str = "both",
                  n: int | None = None) -> Smoothing:
        """The smoothing a person typed: ``text`` is the amount as typed (``0.5``,
        ``1e-6``, ``1/100``). Raises ValueError with a message that starts with the
        amount's symbol (α or ε); with ``n``, a floor must fit ``n`` outcomes."""
        symbol = "α" if method == "additive" else "ε"
        try:
            amount = parse_weight(text)
        except ValueError as e:
            raise ValueError(f"{symbol}: {e}") from None
        if amount == 0 and parse_exact(text) > 0:  # 1e-400: positive, but 0 as a double
            raise ValueError(f"{symbol} = {text.strip()} is below the smallest positive "
                             "double (about 4.9e-324).")
        if amount <= 0:
            raise ValueError(f"{symbol} must be above 0; 0 would be no smoothing.")
        if not math.isfinite(amount):
            raise ValueError(f"{symbol} = {text.strip()} is beyond the largest number a "
                             "double holds (about 1.8e308).")
        smoothing = cls(method, amount, apply_to)
        if n is not None:
            try:
                smoothing.check_fits(n)
            except DistributionError as e:
                raise ValueError(f"{symbol} = {text.strip()} is too large: {e}") from None
        return smoothing
