"""Knowledge distillation with a temperature: teacher and student logits.

With logits z (teacher) and y (student) and p_T = softmax(z/T), q_T = softmax(y/T), the
distillation loss of Hinton, Vinyals and Dean (2015, "Distilling the knowledge in a
neural network", §2) is T²·KL(p_T‖q_T): the factor T² keeps the gradients' size as T
grows. As T → ∞, with N outcomes and Δ = z − y centred to mean 0,

    KL(p_T‖q_T) ≈ (1/(2N·T²))·Σ Δ_i²,  so  T²·KL → (1/2N)·Σ Δ_i²

(their §2.1: matching logits is the high-temperature limit). KL itself is not monotone
in T.

KL is computed without cancellation: with a = Δ/T centred under q, c = log E_q[e^a] and
u = a − c = log(p/q), KL = Σ q·(e^u·u − e^u + 1), a sum of non-negative terms.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from klgui.core.errors import DistributionError
from klgui.core.families.special import log_softmax

__all__ = ["Distillation", "distillation", "softmax_kl", "high_temperature_limit"]


@dataclass(frozen=True)
class Distillation:
    """The figures of a teacher–student pair at one temperature (nats).

    Attributes
    ----------
    temperature : float
    kl : float
        KL(p_T^teacher‖p_T^student).
    kl_reverse : float
        KL(p_T^student‖p_T^teacher).
    scaled_kl : float
        T²·KL, the distillation loss's size.
    high_temperature_limit : float
        (1/2N)·Σ(centred Δz)², the limit of T²·KL as T → ∞.
    teacher, student : ndarray, shape (N,)
        softmax(z/T) of each.
    """

    temperature: float
    kl: float
    kl_reverse: float
    scaled_kl: float
    high_temperature_limit: float
    teacher: np.ndarray
    student: np.ndarray


def _checked(z: Sequence[float] | np.ndarray, name: str) -> np.ndarray:
    z = np.asarray(z, dtype=np.float64)
    if z.ndim != 1 or z.size == 0:
        raise DistributionError(f"The {name} logits must be a non-empty list of numbers.")
    bad = np.flatnonzero(~np.isfinite(z))
    if bad.size:
        raise DistributionError(f"The {name} logit {bad[0] + 1} is not finite.",
                                index=int(bad[0]))
    return z


def _g_series(u: np.ndarray) -> np.ndarray:
    """u·e^u − e^u + 1 = Σ_(k≥2) (k−1)·u^k/k! for |u| < 0.1 (to u^13)."""
    acc = np.zeros(u.shape)
    for k in range(13, 1, -1):
        acc = acc * u + (k - 1) / math.factorial(k)
    return acc * u * u


def softmax_kl(z: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray,
               temperature: float = 1.0) -> float:
    """KL(softmax(z/T)‖softmax(y/T)) in nats, accurate even when T is huge.

    Raises
    ------
    DistributionError
        Empty or unequal lengths, a non-finite logit, or T not above 0.
    """
    z, y = _checked(z, "teacher"), _checked(y, "student")
    if z.size != y.size:
        raise DistributionError(f"The teacher has {z.size} logits, the student {y.size}.")
    t = float(temperature)
    if not (math.isfinite(t) and t > 0.0):
        raise DistributionError(f"The temperature must be a number above 0, not {t!r}.")
    log_q = log_softmax(y, t)
    log_p = log_softmax(z, t)
    q = np.exp(log_q)
    with np.errstate(over="ignore", invalid="ignore"):
        a = (z - y) / t
    if np.all(np.isfinite(a)) and np.max(np.abs(a - np.dot(q, a))) < 1.0:
        b = a - math.fsum(q * a)
        c = math.log1p(math.fsum(q * np.expm1(b)))
        u = b - c
    else:
        u = log_p - log_q
    p = np.exp(log_p)
    small = np.abs(u) < 0.1
    terms = np.empty(u.shape)
    terms[small] = q[small] * _g_series(u[small])
    big = ~small
    # q·(e^u·u − e^u + 1) = p·u − p + q, with p·u = 0 where p = 0
    with np.errstate(invalid="ignore"):
        pu = np.where(p[big] > 0.0, p[big] * u[big], 0.0)
    terms[big] = pu - p[big] + q[big]
    total = math.fsum(terms)
    return total if total > 0.0 else 0.0


def high_temperature_limit(z: Sequence[float] | np.ndarray,
                           y: Sequence[float] | np.ndarray) -> float:
    """lim T→∞ of T²·KL(p_T‖q_T) = (1/2N)·Σ(Δ_i − mean Δ)², Δ = z − y (nats)."""
    z, y = _checked(z, "teacher"), _checked(y, "student")
    d = z - y
    c = d - math.fsum(d) / d.size
    return math.fsum(c * c) / (2.0 * d.size)


def distillation(z: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray,
                 temperature: float) -> Distillation:
    """Every distillation figure for teacher logits ``z`` and student ``y`` at T."""
    kl = softmax_kl(z, y, temperature)
    t = float(temperature)
    return Distillation(
        temperature=t, kl=kl, kl_reverse=softmax_kl(y, z, t), scaled_kl=t * t * kl,
        high_temperature_limit=high_temperature_limit(z, y),
        teacher=np.exp(log_softmax(np.asarray(z, dtype=float), t)),
        student=np.exp(log_softmax(np.asarray(y, dtype=float), t)))
