"""A 60-digit mpmath evaluation of every figure, from the same float inputs.

The inputs are normalized exactly (in 60 digits), so the oracle answers the
question compare() claims to answer: the divergence between the distributions
a / sum(a) and b / sum(b).
"""

from __future__ import annotations

import mpmath as mp

DIGITS = 60
_LOG_BASE = {"nats": None, "bits": 2, "hartleys": 10}


def oracle(a, b, base: str = "nats", digits: int = DIGITS) -> dict[str, float]:
    """Every figure of compare(a, b, base). ``digits`` must exceed the span of the
    weights' exponents when the sums differ from a weight only far below it."""
    with mp.workdps(digits):
        A = mp.fsum(mp.mpf(float(x)) for x in a)
        B = mp.fsum(mp.mpf(float(x)) for x in b)
        p = [mp.mpf(float(x)) / A for x in a]
        q = [mp.mpf(float(x)) / B for x in b]
        unit = mp.mpf(1) if _LOG_BASE[base] is None else mp.log(_LOG_BASE[base])

        def kl(x, y):
            if any(xi > 0 and yi == 0 for xi, yi in zip(x, y)):
                return mp.inf
            return mp.fsum(xi * mp.log(xi / yi) for xi, yi in zip(x, y) if xi > 0)

        def cross(x, y):
            if any(xi > 0 and yi == 0 for xi, yi in zip(x, y)):
                return mp.inf
            return -mp.fsum(xi * mp.log(yi) for xi, yi in zip(x, y) if xi > 0)

        def ent(x):
            return -mp.fsum(xi * mp.log(xi) for xi in x if xi > 0)

        m = [(pi + qi) / 2 for pi, qi in zip(p, q)]
        js = (kl(p, m) + kl(q, m)) / 2
        bc = mp.fsum(mp.sqrt(pi * qi) for pi, qi in zip(p, q))
        h2 = mp.fsum((mp.sqrt(pi) - mp.sqrt(qi)) ** 2 for pi, qi in zip(p, q)) / 2
        out = {
            "kl_pq": kl(p, q) / unit, "kl_qp": kl(q, p) / unit,
            "entropy_p": ent(p) / unit, "entropy_q": ent(q) / unit,
            "js_divergence": js / unit, "js_distance": mp.sqrt(js / unit),
            "total_variation": mp.fsum(abs(pi - qi) for pi, qi in zip(p, q)) / 2,
            "hellinger": mp.sqrt(h2),
            "bhattacharyya": (-mp.log(bc) if bc > 0 else mp.inf) / unit,
        }
        # Computed directly, not from the figures above, so the identities
        # H(P,Q) = H(P) + D(P||Q) and Jeffreys = D(P||Q) + D(Q||P) are checked too.
        out["cross_entropy_pq"] = cross(p, q) / unit
        out["cross_entropy_qp"] = cross(q, p) / unit
        out["jeffreys"] = (mp.inf if mp.isinf(out["kl_pq"]) or mp.isinf(out["kl_qp"]) else
                           mp.fsum((pi - qi) * mp.log(pi / qi)
                                   for pi, qi in zip(p, q) if pi > 0 and qi > 0) / unit)
        return {k: float(v) for k, v in out.items()}


def relative_error(got: float, want: float) -> float:
    if want == got:  # covers inf == inf and exact zeros
        return 0.0
    if want == 0.0:
        return abs(got)
    return abs(got - want) / abs(want)


def typed_compare(p, q, base: str = "nats"):
    """What the window shows for entries typed as these numbers: the correctly rounded
    figures of the decimals as written (0.8 is 4/5), from klgui.core.numerics.precise, which
    tests/test_exact_as_typed.py checks against mpmath. Large tables go through the
    kernel on exact weights, as the document does."""
    from klgui.model.document import Document
    texts = [[repr(float(x)) if not float(x).is_integer() else str(int(x)) for x in w]
             for w in (p, q)]
    doc = Document([f"o{i}" for i in range(len(texts[0]))], *texts, unit=base)
    return doc.result().comparison
