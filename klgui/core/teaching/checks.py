"""The classic inequalities, verified with the current numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from klgui.core.comparison import Comparison
from klgui.core.formatting import format_figure
from klgui.core.units import nats_per_unit

__all__ = ["Check", "inequality_checks"]

#: Relative slack allowed for an inequality that holds with equality in exact
#: arithmetic (Pinsker for nearly equal two-outcome distributions, JS = 1 bit for
#: disjoint supports): the two sides were each rounded once or twice.
ROUNDING = 1e-12


@dataclass(frozen=True)
class Check:
    """One inequality: its name, the statement, the numbers substituted, and whether
    it holds. ``note`` says when the sides are equal, or equal up to rounding."""

    name: str
    statement: str
    numbers: str
    holds: bool
    note: str = ""


def inequality_checks(c: Comparison, digits: int = 6) -> list[Check]:
    """D ≥ 0 (both directions), H(P,Q) ≥ H(P), JS ≤ 1 bit and Pinsker's
    TV ≤ √(D(P‖Q)/2) in nats, for Comparison ``c``."""
    f = lambda v: format_figure(v, digits)  # noqa: E731
    unit, to_nats = c.base, nats_per_unit(c.base)
    v = lambda x: f(x) if math.isinf(x) else f"{f(x)} {unit}"  # noqa: E731
    same = "P and Q are the same distribution"
    checks = [
        _at_least("Gibbs' inequality", "D(P‖Q) ≥ 0", c.kl_pq, 0.0,
                  f"{v(c.kl_pq)} ≥ 0", same),
        _at_least("Gibbs' inequality", "D(Q‖P) ≥ 0", c.kl_qp, 0.0,
                  f"{v(c.kl_qp)} ≥ 0", same),
    ]
    # The gap H(P,Q) - H(P) is D(P‖Q), known to full relative precision: judge by it,
    # not by the difference of two rounded entropies.
    cross = _at_least("Cross-entropy", "H(P,Q) ≥ H(P)", c.kl_pq, 0.0,
                      f"{v(c.cross_entropy_pq)} ≥ {v(c.entropy_p)}", same)
    if c.kl_pq > 0 and c.cross_entropy_pq == c.entropy_p:
        cross = Check(cross.name, cross.statement, cross.numbers, True,
                      f"equal to machine precision: the gap D(P‖Q) = {v(c.kl_pq)}")
    checks.append(cross)
    js_bits = c.js_divergence * to_nats / math.log(2.0)
    js_text = f"{f(js_bits)} bit{'' if f(js_bits) == '1' else 's'} ≤ 1 bit"
    if unit != "bits":
        js_text = f"{v(c.js_divergence)} = " + js_text
    checks.append(_at_least("Jensen–Shannon bound", "JS ≤ 1 bit", 1.0, js_bits, js_text,
                            "P and Q have no outcome in common"))
    kl_nats = c.kl_pq * to_nats
    bound = math.sqrt(kl_nats / 2.0)
    pinsker = _at_least("Pinsker's inequality", "TV ≤ √(D(P‖Q)/2), D in nats", bound,
                        c.total_variation,
                        f"{f(c.total_variation)} ≤ √({f(kl_nats)}/2) = {f(bound)}", same)
    if pinsker.note and c.total_variation > 0:  # equality is only approached as Q → P
        pinsker = Check(pinsker.name, pinsker.statement, pinsker.numbers, True,
                        "equal up to rounding: the bound is tight when P is this close to Q")
    checks.append(pinsker)
    return checks


def _at_least(name: str, statement: str, big: float, small: float, numbers: str,
              equality: str) -> Check:
    """The check ``big ≥ small``, allowing rounding when they are nearly equal."""
    if big > small or math.isinf(big):
        return Check(name, statement, numbers, True)
    if big == small:
        return Check(name, statement, numbers, True, f"equal: {equality}")
    if small - big <= ROUNDING * max(abs(big), abs(small)):
        return Check(name, statement, numbers, True, "equal up to rounding")
    return Check(name, statement, numbers, False)
