"""What each figure means, in one paragraph a student can read in a tooltip."""

from __future__ import annotations

from klgui.core.comparison import SCALAR_FIELDS
from klgui.core.units import check_unit

__all__ = ["MEANINGS", "UNIT_MEANINGS", "meaning"]

MEANINGS: dict[str, str] = {
    "kl_pq": (
        "D(P‖Q), the Kullback–Leibler divergence of Q from P: the information lost, on "
        "average per outcome, when the model Q is used in place of the truth P. It is the "
        "extra cost of coding data drawn from P with a code built for Q. It is 0 only when "
        "Q = P, and infinite when Q gives probability 0 to something P allows. It is not "
        "symmetric: swapping P and Q asks a different question."),
    "kl_qp": (
        "D(Q‖P), the divergence the other way round: the information lost when P is used "
        "in place of Q, as if the model were the truth. Comparing it with D(P‖Q) shows "
        "that KL divergence is not a distance: a model that misses a likely outcome is "
        "punished much more in one direction than in the other."),
    "entropy_p": (
        "H(P), the entropy of P: the average surprise −log p of an outcome drawn from P, "
        "or the shortest average code length for P. 0 when one outcome is certain; "
        "largest (log n) when all n outcomes are equally likely."),
    "entropy_q": (
        "H(Q), the entropy of the model Q: how uncertain the model itself is, in the same "
        "sense as H(P)."),
    "cross_entropy_pq": (
        "H(P,Q), the cross-entropy: the average surprise −log q of outcomes drawn from P, "
        "scored by the model Q. This is the 'log loss' used to train classifiers. It is "
        "always H(P) + D(P‖Q), so it is never below H(P)."),
    "cross_entropy_qp": (
        "H(Q,P), the cross-entropy the other way round: outcomes drawn from Q scored by P. "
        "It equals H(Q) + D(Q‖P)."),
    "jeffreys": (
        "The Jeffreys divergence D(P‖Q) + D(Q‖P): the two directions added, which makes it "
        "symmetric. Like KL it is infinite when either distribution rules out an outcome "
        "the other allows."),
    "js_divergence": (
        "The Jensen–Shannon divergence: the average KL divergence of P and of Q from their "
        "mixture M = (P + Q)/2. It is symmetric, never infinite, and at most 1 bit "
        "(ln 2 nats), reached when P and Q share no outcome. It is the information an "
        "outcome gives about whether it came from P or from Q."),
    "js_distance": (
        "The Jensen–Shannon distance: the square root of the JS divergence. Unlike the "
        "divergences it is a true metric (it obeys the triangle inequality). Its unit is "
        "the square root of the chosen one (√nats, √bits), so it changes with the unit: in "
        "√bits it lies between 0 and 1."),
    "total_variation": (
        "The total variation distance ½Σ|p − q|: the largest difference between the "
        "probabilities P and Q give to any one event. 0 when P = Q, 1 when they share no "
        "outcome. Pinsker's inequality bounds it by √(D(P‖Q)/2) with D in nats."),
    "hellinger": (
        "The Hellinger distance √(½Σ(√p − √q)²): a symmetric distance between 0 (equal) "
        "and 1 (no outcome in common), less sensitive than KL to small probabilities."),
    "bhattacharyya": (
        "The Bhattacharyya distance −log Σ√(p·q): how much P and Q overlap. 0 when they "
        "are equal, infinite when they share no outcome. Symmetric, but not a metric."),
}

UNIT_MEANINGS: dict[str, str] = {
    "nats": "Nats use the natural logarithm: 1 nat = 1/ln 2 ≈ 1.443 bits.",
    "bits": ("Bits use the base-2 logarithm: a bit is the information in one fair coin "
             "toss; 1 bit = ln 2 ≈ 0.693 nats."),
    "hartleys": ("Hartleys (bans) use the base-10 logarithm: one decimal digit of "
                 "information; 1 hartley = ln 10 ≈ 2.303 nats ≈ 3.322 bits."),
}


def meaning(name: str, unit: str | None = None) -> str:
    """The paragraph for figure ``name``, followed by what ``unit`` means when the
    figure has one."""
    if name not in SCALAR_FIELDS:
        raise ValueError(f"no figure is called {name!r}")
    text = MEANINGS[name]
    if unit:  # "√nats" (the JS distance's): what nats are
        text += " " + UNIT_MEANINGS[check_unit(unit.removeprefix("√"))]
    return text
