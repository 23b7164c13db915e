"""Units of information: the base of the logarithm."""

from __future__ import annotations

import math

__all__ = ["in_unit", "UNITS", "nats_per_unit", "check_unit"]

#: unit name -> natural log of the base (a divergence in nats divided by this).
UNITS: dict[str, float] = {"nats": 1.0, "bits": math.log(2.0), "hartleys": math.log(10.0)}


def check_unit(base: str) -> str:
    if base not in UNITS:
        raise ValueError(f"unknown unit {base!r}; choose one of {', '.join(UNITS)}")
    return base


def nats_per_unit(base: str) -> float:
    return UNITS[check_unit(base)]


def in_unit(nats: float, unit: str) -> float:
    """A value in nats expressed in ``unit`` (never -0.0)."""
    return nats / nats_per_unit(unit) + 0.0
