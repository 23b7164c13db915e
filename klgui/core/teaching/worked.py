"""The worked solution: D(P‖Q) the way a teacher writes it on the board, with the
user's numbers substituted, then the entropy, the cross-entropy and the identity
H(P,Q) = H(P) + D(P‖Q), and the unit conversion.

One generator writes against a :class:`~klgui.core.teaching.notation.Notation`, so the plain
text, the rich text and the LaTeX always say the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from klgui.core.comparison import Comparison
from klgui.core.numerics.exact import dd_sum
from klgui.core.teaching.explain import outcome_name
from klgui.core.teaching.notation import NOTATIONS, Notation
from klgui.core.units import nats_per_unit

__all__ = ["worked_solution", "FEW", "LISTED", "SHOWN"]

#: Up to this many terms: the substitution is written on one line.
FEW = 4
#: Up to this many terms: one line per term.
LISTED = 12
#: More terms than LISTED: the largest this many are shown and the rest counted.
SHOWN = 8

_UNIT_NAME = {"nats": "the natural logarithm", "bits": "the base-2 logarithm",
              "hartleys": "the base-10 logarithm"}
_BASE_NUMBER = {"bits": "2", "hartleys": "10"}


def worked_solution(c: Comparison, direction: str = "pq", fmt: str = "plain",
                    digits: int = 4, labels: Sequence[str] | None = None) -> str:
    """The worked solution of D(P‖Q) (``direction="pq"``) or D(Q‖P) (``"qp"``) as
    ``fmt`` "plain", "html" (Qt rich text) or "latex", naming outcomes by ``labels``
    (default: the Comparison's own)."""
    if direction not in ("pq", "qp"):
        raise ValueError(f"direction must be 'pq' or 'qp', not {direction!r}")
    if fmt not in NOTATIONS:
        raise ValueError(f"fmt must be one of {', '.join(NOTATIONS)}, not {fmt!r}")
    w = NOTATIONS[fmt](c.base, digits)
    _Solution(c, direction, w, c.labels if labels is None else labels).write()
    return w.finish()


class _Solution:
    def __init__(self, c: Comparison, direction: str, w: Notation,
                 labels: Sequence[str] | None) -> None:
        self.c, self.w, self.labels = c, w, labels
        pq = direction == "pq"
        self.X, self.Y = ("P", "Q") if pq else ("Q", "P")
        self.x, self.y = ("p", "q") if pq else ("q", "p")
        self.px, self.py = (c.p, c.q) if pq else (c.q, c.p)
        self.terms = c.contributions_pq if pq else c.contributions_qp
        self.total = c.kl_pq if pq else c.kl_qp
        self.entropy = c.entropy_p if pq else c.entropy_q
        self.cross = c.cross_entropy_pq if pq else c.cross_entropy_qp
        self.infinite = c.infinite_pq if pq else c.infinite_qp
        self.D = w.D(self.X, self.Y)

    def write(self) -> None:
        self.divergence()
        self.entropies()
        if self.c.base != "nats":
            self.conversion()

    # -- D(X‖Y) -----------------------------------------------------------------------
    def divergence(self) -> None:
        w, X, Y, x, y = self.w, self.X, self.Y, self.w.var(self.x), self.w.var(self.y)
        w.heading(w.m(self.D) + w.t(f": the information lost when {Y} is used in place of {X}"))
        definition = w.SUM + x + w.TIMES + w.log(w.frac(x, y))
        text = (w.t(f"Sum over the outcomes, with {_UNIT_NAME[self.c.base]} ")
                + w.m(w.log_name()) + w.t(f" because the unit is {self.c.base}. ")
                + w.m(x) + w.t(" and ") + w.m(y)
                + w.t(f" are the probabilities of {X} and {Y}"))
        if self.c.smoothing is not None:
            text += w.t(f", after smoothing ({self.c.smoothing.describe()})")
        w.equations([(self.D, definition)])
        w.paragraph(text + w.t("."))
        self._zero_terms()
        self._infinite_terms()
        active = np.flatnonzero(self.px > 0)
        if active.size <= FEW:
            self._one_line(active)
        elif active.size <= LISTED:
            self._listed(active)
        else:
            self._largest(active)

    def _label(self, i: int) -> str:
        if self.labels is not None and i < len(self.labels) and self.labels[i]:
            return self.labels[i]
        return f"outcome {i + 1}"

    def _term(self, i: int) -> str:
        w = self.w
        return (w.num(self.px[i]) + w.TIMES
                + w.log(w.frac(w.num(self.px[i]), w.num(self.py[i]))))

    def _one_line(self, active: np.ndarray) -> None:
        w = self.w
        rows = [(self.D, " + ".join(self._term(i) for i in active))]
        if active.size > 1:
            rows.append(("", " + ".join(w.term_num(self.terms[i]) for i in active)))
        rows.append(("", self._value(self.total)))
        w.equations(rows)

    def _listed(self, active: np.ndarray) -> None:
        w = self.w
        w.paragraph(w.t(f"One term per outcome ({active.size} terms):"))
        w.term_rows([(self._label(i), self._term(i), w.num(self.terms[i])) for i in active])
        w.equations([(self.D, self._sum_words(active.size) + " = " + self._value(self.total))])
        self._cancellation_note()

    def _largest(self, active: np.ndarray) -> None:
        w = self.w
        size = np.abs(self.terms[active])  # ∞ first
        top = np.argpartition(-size, SHOWN)[:SHOWN]  # no full sort of a million terms
        top = top[np.argsort(-size[top], kind="stable")]
        order = active[top]
        keep = np.ones(active.size, dtype=bool)
        keep[top] = False
        rest = active[keep]
        rest_sum = _exact_sum(self.terms[rest])
        w.paragraph(w.t(f"{active.size:,} outcomes have {self.x} > 0. The {SHOWN} largest "
                        f"terms (in size) are written out; the other {rest.size:,} are "
                        "added up in one line."))
        rows = [(self._label(i), self._term(i), w.num(self.terms[i])) for i in order]
        rows.append((f"the other {rest.size:,} terms", "", w.num(rest_sum)))
        w.term_rows(rows)
        w.equations([(self.D, self._sum_words(active.size) + " = " + self._value(self.total))])
        self._cancellation_note()

    def _sum_words(self, count: int) -> str:
        return self.w.words(f"sum of the {count:,} terms")

    def _value(self, value: float) -> str:
        """A result with its unit (∞ stands alone)."""
        w = self.w
        return w.num(value) + ("" if math.isinf(value) else w.unit())

    def _cancellation_note(self) -> None:
        """The signed terms can cancel to far below their own size; say where the
        total comes from so rounded terms that do not add up are not a surprise."""
        w = self.w
        finite = self.terms[np.isfinite(self.terms)]
        size = float(np.abs(finite).sum()) if finite.size else 0.0
        if math.isfinite(self.total) and size > 0:
            w.paragraph(w.t("Each term is rounded; the total is computed from the exact terms"
                            + (", which cancel almost completely here." if self.total < 1e-6 * size
                               else ".")))

    def _zero_terms(self) -> None:
        w = self.w
        zeros = np.flatnonzero(self.px == 0)
        if not zeros.size:
            return
        names = _names(zeros, self.labels)
        x = w.var(self.x)
        w.paragraph(
            w.t(f"{names} {'has' if zeros.size == 1 else 'have'} ") + w.m(x + " = 0")
            + w.t(f" and add{'s' if zeros.size == 1 else ''} nothing: ")
            + w.m("0" + w.TIMES + w.log(w.frac("0", w.var(self.y))) + " = 0")
            + w.t(", by the convention ") + w.m("0" + w.TIMES + "log 0 = 0")
            + w.t(" (the limit of ") + w.m("x" + w.TIMES + "log x")
            + w.t(f" as x {w.ARROW} 0). An outcome {self.X} rules out costs nothing, "
                  "whatever the model says about it."))

    def _infinite_terms(self) -> None:
        if not self.infinite:
            return
        w = self.w
        i = self.infinite[0]
        x = w.var(self.x)
        first = (w.t(f"{outcome_name(i, self.labels)} has ") + w.m(x + " = " + w.num(self.px[i]))
                 + w.t(" but ") + w.m(w.var(self.y) + " = 0")
                 + w.t(", so its term ") + w.m(self._term(i) + " = +" + w.INF)
                 + w.t(f". {self.Y} says this outcome cannot happen while {self.X} says it "
                       "does, so no finite amount of information covers the loss: ")
                 + w.m(self.D + " = " + w.INF) + w.t("."))
        if len(self.infinite) > 1:
            more = len(self.infinite) - 1
            first += w.t(f" {more:,} more outcome{'s' if more > 1 else ''} "
                         f"{'do' if more > 1 else 'does'} the same.")
        w.paragraph(first)

    # -- H(X), H(X,Y) and the identity ---------------------------------------------
    def entropies(self) -> None:
        w, X, Y, x, y = self.w, self.X, self.Y, self.w.var(self.x), self.w.var(self.y)
        H, HXY = w.H(X), w.H(X, Y)
        w.heading(w.t("Entropy, cross-entropy and the identity"))
        active = np.flatnonzero(self.px > 0)
        self._minus_sum(H, x, x, active, self.px, self.entropy)
        self._minus_sum(HXY, x, y, active, self.py, self.cross)
        if self.infinite:
            w.paragraph(w.m(HXY + " = " + w.INF) + w.t(" because ") + w.m("log 0 = " + w.MINUS
                                                                          + w.INF)
                        + w.t(f" for the outcome{'s' if len(self.infinite) > 1 else ''} "
                              f"that {Y} rules out."))
        w.paragraph(w.t(f"The cross-entropy is the entropy plus the divergence: coding {X} "
                        f"with a code built for {Y} costs ") + w.m(self.D)
                    + w.t(" extra per outcome."))
        w.equations([(HXY, H + " + " + self.D),
                     (w.num(self.cross), w.num(self.entropy) + " + " + self._value(self.total))])

    def _minus_sum(self, name: str, x: str, y: str, active: np.ndarray, logs_of: np.ndarray,
                   value: float) -> None:
        """name = −Σ x·log y, with the numbers substituted when there are few terms."""
        w = self.w
        rows = [(name, w.MINUS + w.SUM + x + w.TIMES + w.log(y))]
        if active.size <= FEW:
            rows.append(("", w.MINUS + "(" + " + ".join(
                w.num(self.px[i]) + w.TIMES + w.log(w.num(logs_of[i])) for i in active) + ")"))
        rows.append(("", self._value(value)))
        w.equations(rows)

    # -- units ---------------------------------------------------------------------
    def conversion(self) -> None:
        w, base = self.w, self.c.base
        per_nat = 1.0 / nats_per_unit(base)
        nats = self.total * nats_per_unit(base)
        w.heading(w.t("Units"))
        w.paragraph(w.m("1" + w.unit("nat") + " = " + w.frac("1", w.ln(_BASE_NUMBER[base]))
                        + w.unit() + w.APPROX + w.num(per_nat) + w.unit())
                    + w.t(", so the divergence in nats times ") + w.m(w.num(per_nat))
                    + w.t(f" gives {base}:"))
        if math.isinf(nats):
            w.equations([(self.D, w.INF + w.words(" in every unit"))])
            return
        w.equations([(self.D, w.num(nats) + w.unit("nats") + w.TIMES + w.num(per_nat)
                      + " = " + self._value(self.total))])


def _exact_sum(x: np.ndarray) -> float:
    """The sum of signed terms, correctly rounded from a double-double (∞ if any is)."""
    if np.isinf(x).any():
        return math.inf
    pos_hi, pos_lo = dd_sum(np.where(x > 0, x, 0.0))
    neg_hi, neg_lo = dd_sum(np.where(x < 0, -x, 0.0))
    return math.fsum((pos_hi, pos_lo, -neg_hi, -neg_lo))


def _names(indices: np.ndarray, labels: Sequence[str] | None) -> str:
    names = [outcome_name(int(i), labels) for i in indices[:3]]
    if indices.size > 3:
        return ", ".join(names) + f" and {indices.size - 3:,} more outcomes"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
